// SQLite side of the migration tool: better-sqlite3 through Prisma's adapter.
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { AdapterTracker, type Connection, register, wrapAdapter } from "./adapters.ts";

/** `file:` URLs resolve from the working directory, like Prisma's CLI and the app. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/**
 * The engine replays each migration script on the shadow database (and applies
 * it on the main one) through a single argument-less `executeRaw`, which
 * better-sqlite3 rejects when the script holds several statements:
 * run such calls as a script.
 */
function multiStatement(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return wrapAdapter(adapter, {
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

/**
 * A connection to a SQLite file (or `:memory:`). The shadow database is always
 * a fresh in-memory database.
 */
export function sqliteConnection(file: string): Connection {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const inner = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
  const tracker = new AdapterTracker();
  return register({
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => tracker.track(multiStatement(await inner.connect())),
      connectToShadowDb: async () => tracker.track(multiStatement(await inner.connectToShadowDb())),
    },
    close: () => tracker.disposeAll(),
  });
}

/** Deletes a database file and its WAL/SHM/journal companions. */
export async function deleteSqliteFile(file: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    await rm(file + suffix, { force: true });
  }
}
