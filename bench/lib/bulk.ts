/**
 * Bulk row writer for the data generator: raw better-sqlite3 prepared statements
 * in one transaction (SQLite) or multi-row INSERTs in one transaction
 * (PostgreSQL). Values are encoded the way Prisma's driver adapters store them,
 * so the app reads the rows back as if it had written them.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { parsePgUrl } from "../../scripts/db/pg.ts";
import { sqlitePath } from "../../scripts/db/sqlite.ts";

export type Row = Record<string, string | number | boolean | Date | null>;

export interface BulkWriter {
  /** Inserts rows (all with the same keys) into `table`. */
  insert(table: string, rows: Row[]): Promise<void>;
  /** Runs one statement without parameters (e.g. a DELETE before a reused run). */
  exec(sql: string): Promise<void>;
  /** Commits and closes. */
  finish(): Promise<void>;
  /** Rolls back and closes (after an error). */
  abort(): Promise<void>;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** adapter-better-sqlite3 stores DateTime as ISO 8601 with "+00:00" and booleans as 0/1. */
function sqliteValue(v: Row[string]) {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function sqliteWriter(url: string): BulkWriter {
  const db = new Database(sqlitePath(url));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.exec("BEGIN");
  const close = () => db.close();
  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      const cols = Object.keys(rows[0]);
      const stmt = db.prepare(`INSERT INTO ${q(table)} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
      for (const row of rows) stmt.run(cols.map((c) => sqliteValue(row[c])));
    },
    async exec(sql) {
      db.exec(sql);
    },
    async finish() {
      db.exec("COMMIT");
      close();
    },
    async abort() {
      if (db.inTransaction) db.exec("ROLLBACK");
      close();
    },
  };
}

/** timestamp(3) without time zone holds UTC, as adapter-pg writes it. */
function pgValue(v: Row[string]) {
  return v instanceof Date ? v.toISOString().replace("Z", "") : v;
}

async function pgWriter(url: string): Promise<BulkWriter> {
  const { connectionString, schema } = parsePgUrl(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  if (schema) await client.query(`SET search_path TO ${q(schema)}`);
  await client.query("BEGIN");
  const tables: string[] = [];
  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      tables.push(table);
      const cols = Object.keys(rows[0]);
      const perChunk = Math.max(1, Math.floor(60_000 / cols.length)); // under pg's 65,535 parameters
      for (let i = 0; i < rows.length; i += perChunk) {
        const chunk = rows.slice(i, i + perChunk);
        const params: unknown[] = [];
        const tuples = chunk.map((row) => `(${cols.map((c) => `$${params.push(pgValue(row[c]))}`).join(", ")})`);
        await client.query(`INSERT INTO ${q(table)} (${cols.map(q).join(", ")}) VALUES ${tuples.join(", ")}`, params);
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async finish() {
      await client.query("COMMIT");
      // A long-running server's autovacuum would have vacuumed (visibility map, so index-only
      // scans work) and analyzed these insert-only tables by now.
      for (const t of new Set(tables)) await client.query(`VACUUM ANALYZE ${q(t)}`);
      await client.end();
    },
    async abort() {
      await client.query("ROLLBACK").catch(() => {});
      await client.end();
    },
  };
}

export function openWriter(url: string): Promise<BulkWriter> {
  return url.startsWith("file:") ? Promise.resolve(sqliteWriter(url)) : pgWriter(url);
}
