/** A read-only query against a bench database (SQLite file or PostgreSQL, `?schema=` honoured), for set-up and checks. */
import Database from "better-sqlite3";
import pg from "pg";
import { parsePgUrl } from "../../scripts/db/pg.ts";
import { sqlitePath } from "../../scripts/db/sqlite.ts";

/** Runs one read query written with $1-style parameters. */
export async function select<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url), { readonly: true });
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const { connectionString, schema } = parsePgUrl(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    if (schema) await client.query(`SET search_path TO "${schema}"`);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
