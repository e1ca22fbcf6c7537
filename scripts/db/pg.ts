// PostgreSQL side of the migration tool: node-postgres through Prisma's adapter,
// with our own shadow-database handling.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { AdapterTracker, type Connection, register, wrapAdapter } from "./adapters.ts";

export interface PgTarget {
  /** The URL without our `schema` parameter (node-postgres does not know it). */
  connectionString: string;
  /** The `?schema=` parameter, if any. */
  schema: string | undefined;
}

export function parsePgUrl(url: string): PgTarget {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  if (schema !== undefined && !/^[A-Za-z0-9_]+$/.test(schema)) {
    throw new Error(`Unsupported schema name ${JSON.stringify(schema)}: use letters, digits and _ only.`);
  }
  return { connectionString: parsed.toString(), schema };
}

function withDatabase(connectionString: string, database: string): string {
  const parsed = new URL(connectionString);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * adapter-pg 7.10 has no column type for `"char"` (oid 18), which the engine's
 * describer queries return (e.g. pg_constraint.contype): report it as text.
 */
const CHAR_OID = 18;
const TEXT_OID = 25;
type Fields = { fields?: { dataTypeID: number }[] };
function charAsText<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as Fields[]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}
class CharAsTextClient extends pg.Client {}
const baseQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(CharAsTextClient.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const cb = args.findIndex((arg) => typeof arg === "function");
  if (cb >= 0) {
    const done = args[cb] as (err: unknown, res: unknown) => void;
    args[cb] = (err: unknown, res: unknown) => done(err, err ? res : charAsText(res));
    return baseQuery.apply(this, args);
  }
  const ret = baseQuery.apply(this, args) as { then?: unknown } | undefined;
  return typeof ret?.then === "function" ? (ret as Promise<unknown>).then(charAsText) : ret;
};

function debug(message: string) {
  if (process.env.DEBUG_SCHEMA_ENGINE) console.error(`[pg] ${message}`);
}

/**
 * Opens an adapter on `connectionString`. Scripts run as one simple-protocol
 * query (like Prisma's native engine) instead of adapter-pg's naive split on
 * ";", so semicolons inside strings or function bodies survive.
 */
async function openAdapter(connectionString: string, schema?: string): Promise<SqlDriverAdapter> {
  const factory = new PrismaPg(
    {
      connectionString,
      Client: CharAsTextClient,
      max: 2,
      ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
    },
    {
      ...(schema ? { schema } : {}),
      onPoolError: (err) => debug(`pool error: ${err.message}`),
      onConnectionError: (err) => debug(`connection error: ${err.message}`),
    },
  );
  const adapter = await factory.connect();
  return wrapAdapter(adapter, {
    executeScript: async (script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (err) {
        // Converts the pg error into a DriverAdapterError the engine understands.
        (adapter as unknown as { onError(e: unknown): never }).onError(err);
      }
    },
  });
}

/** Runs statements on a short-lived client (with an error handler: dropped databases kill connections). */
export async function runSql(connectionString: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString });
  client.on("error", (err) => debug(`client error: ${err.message}`));
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A connection to a PostgreSQL database (inside its `?schema=` schema, if any).
 * `shadowServerUrl` is where throw-away shadow databases `cw_shadow_<random>`
 * are created (needs CREATEDB); each one is dropped when its adapter is
 * disposed, and any left over is dropped by close().
 */
export function pgConnection(url: string, shadowServerUrl?: string): Connection {
  const target = parsePgUrl(url);
  const server = shadowServerUrl ? parsePgUrl(shadowServerUrl).connectionString : undefined;
  const tracker = new AdapterTracker();
  const shadowDbs = new Set<string>();
  const creating = new Set<Promise<unknown>>();
  let closed = false;

  const dropShadow = async (name: string) => {
    if (!shadowDbs.delete(name)) return;
    await runSql(server!, [`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`]);
  };

  return register({
    factory: {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      connect: async () => tracker.track(await openAdapter(target.connectionString, target.schema)),
      connectToShadowDb: async () => {
        if (!server) throw new Error("This command needs a PostgreSQL server for a shadow database.");
        if (closed) throw new Error("The connection is closed.");
        const name = `cw_shadow_${randomBytes(6).toString("hex")}`;
        // Remembered before it exists, so close() drops it whenever it runs.
        shadowDbs.add(name);
        const create = runSql(server, [`CREATE DATABASE ${quoteIdent(name)}`]);
        creating.add(create);
        await create.finally(() => creating.delete(create));
        if (closed) throw new Error("The connection is closed.");
        const adapter = await openAdapter(withDatabase(server, name));
        return tracker.track(
          wrapAdapter(adapter, {
            dispose: async () => {
              try {
                await adapter.dispose();
              } finally {
                await dropShadow(name);
              }
            },
          }),
        );
      },
    },
    close: async () => {
      closed = true;
      await Promise.allSettled([...creating]);
      try {
        await tracker.disposeAll();
      } finally {
        for (const name of [...shadowDbs]) await dropShadow(name);
      }
    },
  });
}

/** Creates the target's schema if it is missing (the default `public` always exists). */
export async function ensurePgSchema(url: string): Promise<void> {
  const { connectionString, schema } = parsePgUrl(url);
  if (!schema) return;
  await runSql(connectionString, [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`]).catch((err: { code?: string }) => {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if (err.code !== "23505") throw err;
  });
}

/** Drops and recreates the target's schema (`?schema=` or `public`). */
export async function recreatePgSchema(url: string): Promise<void> {
  const { connectionString, schema = "public" } = parsePgUrl(url);
  await runSql(connectionString, [
    `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`,
    `CREATE SCHEMA ${quoteIdent(schema)}`,
  ]);
}
