import type { Database, Statement } from "better-sqlite3";

/** Distinct SQL texts kept prepared per connection (IN lists of other lengths are other texts). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Prisma's better-sqlite3 adapter prepares every statement anew (`prepare(sql).bind(args)`), and
 * SQLite's compiling of a statement often costs more than running it: 6–9 % of the CPU of the
 * What's due page and the iCal feed went to `prepare`. This keeps the last
 * {@link STATEMENT_CACHE_SIZE} statements of a connection prepared and hands the adapter a
 * light stand-in per call that passes the call's parameters on each run, because a prepared
 * statement's `bind` is once-only. The adapter's calls (`bind(args)`, `reader`, `columns()`,
 * `raw().all()`, `run()`) behave exactly as on a fresh statement; SQLite re-prepares a kept
 * statement by itself after a schema change.
 */
export function reusePreparedStatements<F extends { connect(): Promise<unknown> }>(factory: F, onConnect?: (client: Database) => void): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as { client?: Database }).client;
    if (typeof client?.prepare !== "function") throw new Error("reusePreparedStatements: the SQLite adapter no longer exposes its client; update app/lib/sqlite-statements.server.ts.");
    cacheStatements(client);
    onConnect?.(client);
    return adapter;
  };
  return factory;
}

/** Replaces `db.prepare` with one that keeps statements (least recently used go first). */
export function cacheStatements(db: Database, capacity = STATEMENT_CACHE_SIZE): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Statement>();
  db.prepare = ((sql: string) => {
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else {
      statement = prepare(sql);
      if (kept.size >= capacity) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return standIn(statement, []);
  }) as Database["prepare"];
}

/**
 * What `prepare` returns: a statement whose parameters are this call's. Raw mode is set on the
 * shared statement right before each read, since another caller may have changed it.
 */
function standIn(statement: Statement, params: unknown[]) {
  let raw = false;
  const mode = () => {
    if (statement.reader) statement.raw(raw);
  };
  const self = {
    get reader() {
      return statement.reader;
    },
    bind: (...more: unknown[]) => standIn(statement, [...params, ...more]),
    raw(on = true) {
      raw = on;
      return self;
    },
    columns: () => statement.columns(),
    run: (...more: unknown[]) => statement.run(...params, ...more),
    get: (...more: unknown[]) => (mode(), statement.get(...params, ...more)),
    all: (...more: unknown[]) => (mode(), statement.all(...params, ...more)),
  };
  return self;
}
