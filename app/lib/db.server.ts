import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaClient as PgClient } from "~/generated/pg/client";
import { PrismaClient as SqliteClient } from "~/generated/sqlite/client";
import type { Database } from "better-sqlite3";
import { getEnv } from "./env.server";
import { markTransactions, serializeSqliteTransactions } from "./sqlite-serial.server";
import { reusePreparedStatements } from "./sqlite-statements.server";

/**
 * One client type for the whole app. The PostgreSQL client is generated from a
 * copy of the same schema, so its model API is identical; we type it as the
 * SQLite client.
 */
export type Db = InstanceType<typeof SqliteClient>;
export type DbProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DbProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** SQLite `file:` URLs resolve from the working directory, like Prisma's CLI. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** SQL statements run by this process; counted only in tests and benchmarks (CW_COUNT_QUERIES=1). */
export const queryCounter = { count: 0 };
const countQueries = () => process.env.NODE_ENV === "test" || process.env.CW_COUNT_QUERIES === "1";
const logOptions = () => (countQueries() ? { log: [{ emit: "event" as const, level: "query" as const }] } : {});
const queryListeners = new Set<(sql: string) => void>();
function counted(sql: string) {
  queryCounter.count++;
  for (const listener of queryListeners) listener(sql);
}
function attachCounter(client: any) {
  if (countQueries()) client.$on("query", (e: { query: string }) => counted(e.query));
}

/** Calls `listener` with the SQL of each statement, Prisma's and direct reads alike (when counting); returns the unsubscribe. */
export function onQuery(listener: (sql: string) => void): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

/** Prisma's unique-constraint error (another process inserted the same key first). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

type DirectRead = <T>(sql: string, args: unknown[]) => Promise<T[]>;
/** SQL with `?` placeholders and its arguments. */
export type SqlStatement = { sql: string; args: unknown[] };
/** Runs the statements in one transaction; resolves with the rows each one changed. */
type DirectWrite = (statements: SqlStatement[]) => Promise<number[]>;
/** Per SQLite client: Prisma's own connection and its wait-until-no-transaction step, once connected. */
type Connection = { client: Database | null; idle: (() => Promise<void>) | null; read: DirectRead | null; write: DirectWrite | null };
const directReads = new WeakMap<object, Connection>();

/** A bound value as Prisma's SQLite adapter writes it (its default `iso8601` timestamps, 1/0 booleans). */
const sqliteArg = (value: unknown) => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value);

/**
 * WAL lets readers proceed while a write is in progress (the mode is stored in the database file).
 * `synchronous = NORMAL` is SQLite's recommended setting with WAL: a commit no longer waits for an
 * fsync of the log (about 1 ms here, during which better-sqlite3 holds the whole process), the
 * database can't be corrupted, and only a power cut or OS crash, not a crash of the app, can undo
 * the last commits before the next checkpoint. See docs/decisions.md.
 */
function tuneConnection(client: Database) {
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
}

/** Once both halves of a connection are known, its reader and writer (see sqliteDirectRead, sqliteDirectWrite). */
function connectReader(connection: Connection) {
  const { client, idle } = connection;
  if (!client || !idle) return;
  connection.read = async <T,>(sql: string, args: unknown[]) => {
    await idle();
    if (countQueries()) counted(sql);
    return client.prepare(sql).all(...args.map(sqliteArg)) as T[];
  };
  const writeAll = client.transaction((statements: SqlStatement[]) =>
    statements.map(({ sql, args }) => {
      if (countQueries()) counted(sql);
      return client.prepare(sql).run(...args.map(sqliteArg)).changes;
    }),
  );
  connection.write = async (statements) => {
    await idle();
    return writeAll.immediate(statements);
  };
}

/**
 * Read-only SQL with `?` placeholders run on the SQLite connection Prisma holds, without Prisma's
 * query pipeline (~0.1–0.2 ms of CPU a statement against ~5 µs for SQLite's own work on a page's
 * small reads). It waits, like Prisma's statements, while another request's transaction is open,
 * and joins the open transaction when called inside one. Rows come back as SQLite stores them:
 * dates as ISO text, booleans as 1/0, counts as numbers (`instantOf`/`Boolean`/`Number` read both
 * this and Prisma's forms). Null before Prisma has connected, and on PostgreSQL: use Prisma then.
 */
export function sqliteDirectRead(db: Db): DirectRead | null {
  return directReads.get(db)?.read ?? null;
}

/**
 * Write statements (`?` placeholders) run as ONE synchronous SQLite transaction on Prisma's
 * connection, without Prisma's pipeline: BEGIN IMMEDIATE, the statements, COMMIT in a single turn
 * of the event loop. A Prisma transaction holds SQLite's write lock across one event-loop turn per
 * statement, while the other server processes wait for it (synchronously: better-sqlite3 blocks in
 * the busy handler); this holds it only for SQLite's own work. Like the reads, it first waits while
 * a Prisma transaction of this process is open. Not for use inside a `$transaction` callback. Null
 * before Prisma has connected, and on PostgreSQL.
 */
export function sqliteDirectWrite(db: Db): DirectWrite | null {
  return directReads.get(db)?.write ?? null;
}

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    const connection: Connection = { client: null, idle: null, read: null, write: null };
    const adapter = serializeSqliteTransactions(
      reusePreparedStatements(new PrismaBetterSqlite3({ url: file, timeout: 10_000 }), (c) => {
        tuneConnection(c);
        connection.client = c;
        connectReader(connection);
      }),
      (idle) => {
        connection.idle = idle;
        connectReader(connection);
      },
    );
    const client = markTransactions(new SqliteClient({ adapter, ...logOptions() }));
    attachCounter(client);
    directReads.set(client, connection);
    return client;
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  const adapter = new PrismaPg({ connectionString: parsed.toString(), max: 10, ...searchPathOf(schema) }, schema ? { schema } : undefined);
  const client = new PgClient({ adapter, ...logOptions() });
  attachCounter(client);
  return client as unknown as Db;
}

/**
 * `?schema=` (Prisma's convention): Prisma's own queries name the schema, but our raw SQL names
 * bare tables ("Session"), so each connection starts with the schema as its search path. Without
 * it every raw query failed with "relation does not exist" outside `public`.
 */
export function searchPathOf(schema: string | undefined): { options?: string } {
  if (!schema) return {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    throw new Error(`DATABASE_URL's schema must be a plain name (letters, digits, _), not "${schema}".`);
  }
  return { options: `-c search_path="${schema}"` };
}

const globalForDb = globalThis as unknown as { __coursework_db?: Db; __coursework_db_url?: string };

/** The process-wide client, kept across dev-server reloads. */
export function getDb(): Db {
  const url = getEnv().DATABASE_URL;
  if (!globalForDb.__coursework_db || globalForDb.__coursework_db_url !== url) {
    globalForDb.__coursework_db = createDb(url);
    globalForDb.__coursework_db_url = url;
  }
  return globalForDb.__coursework_db;
}

export function dbProvider(): DbProvider {
  return providerOf(getEnv().DATABASE_URL);
}
