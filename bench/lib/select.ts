/** A read-only query against the bench database (SQLite file or PostgreSQL), for set-up and checks. */
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../../scripts/db/sqlite.ts";

export async function select<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url), { readonly: true });
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
