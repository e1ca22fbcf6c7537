// Migration API shared by the CLI (scripts/db/migrate.ts) and the tests.
//   applyMigrations(url)  apply pending migrations of the URL's provider
//   resetDatabase(url)    empty the database (file / schema), then apply
//   planMigration(...)    the SQL a new migration would hold (null: in sync)
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Connection } from "./adapters.ts";
import { readMigrationList } from "./migrations.ts";
import { ensurePgSchema, pgConnection, recreatePgSchema } from "./pg.ts";
import { deleteSqliteFile, sqliteConnection, sqlitePath } from "./sqlite.ts";
import { call, openEngine, type SchemaEngine, type SchemaFile } from "./wasm.ts";

export type Provider = "sqlite" | "postgresql";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Where each provider's schema and migration history live. */
export const PROVIDERS: Record<Provider, { schema: string; migrations: string }> = {
  sqlite: { schema: join(ROOT, "prisma/schema.prisma"), migrations: join(ROOT, "prisma/migrations") },
  postgresql: {
    schema: join(ROOT, "prisma/postgresql/schema.prisma"),
    migrations: join(ROOT, "prisma/postgresql/migrations"),
  },
};

export const DEFAULT_DATABASE_URL = "file:./data/coursework.db";
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`Unsupported database URL ${JSON.stringify(url)}: use file:... or postgresql://...`);
}

/** Opens an engine on `connection` for `schema`, runs `fn`, then frees everything. */
async function withEngine<T>(
  schema: SchemaFile,
  connection: Connection,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  try {
    const engine = await openEngine(schema, connection.factory);
    try {
      return await fn(engine);
    } finally {
      try {
        engine.free();
      } catch {
        // After a panic the engine is still borrowed and cannot be freed; the error is already on its way.
      }
    }
  } finally {
    await connection.close();
  }
}

/** Applies pending migrations to `url`; returns the names of those applied. */
export async function deployMigrations(url: string): Promise<string[]> {
  const provider = providerOf(url);
  let connection: Connection;
  if (provider === "sqlite") {
    connection = sqliteConnection(sqlitePath(url));
  } else {
    await ensurePgSchema(url);
    connection = pgConnection(url);
  }
  const { schema, migrations } = PROVIDERS[provider];
  const migrationsList = await readMigrationList(migrations);
  const file = { path: schema, content: await readFile(schema, "utf8") };
  const { appliedMigrationNames } = await withEngine(file, connection, (engine) =>
    call(() => engine.applyMigrations({ migrationsList, filters: NO_FILTERS })),
  );
  return appliedMigrationNames;
}

/** Applies pending migrations to `url` (a SQLite `file:` or a PostgreSQL URL, `?schema=` honoured). */
export async function applyMigrations(url: string): Promise<void> {
  await deployMigrations(url);
}

/**
 * Empties the database, then applies every migration. SQLite: deletes the file
 * (the engine's own reset only deletes rows). PostgreSQL: drops and recreates
 * the `?schema=` schema (default `public`).
 */
export async function resetDatabase(url: string): Promise<string[]> {
  if (providerOf(url) === "sqlite") await deleteSqliteFile(sqlitePath(url));
  else await recreatePgSchema(url);
  return deployMigrations(url);
}

export interface MigrationPlan {
  provider: Provider;
  /** SQL of the migration that would bring the history to the schema; null when in sync. */
  script: string | null;
  /** `<timestamp>_<name>` as the engine generated it. */
  generatedName: string;
  extension: string;
  connectorType: string;
}

/**
 * Computes the next migration for `provider`, as `prisma migrate dev
 * --create-only` would: the history is applied to a throw-away database (SQLite
 * in memory; PostgreSQL a `cw_shadow_<random>` database on `pgServerUrl`),
 * `devDiagnostic` replays it on a shadow database, and `createMigration` diffs
 * that against the schema. Nothing is written to disk.
 */
export async function planMigration(
  provider: Provider,
  name: string,
  opts: { pgServerUrl?: string; schemaPath?: string; migrationsDir?: string } = {},
): Promise<MigrationPlan> {
  const { pgServerUrl, schemaPath = PROVIDERS[provider].schema } = opts;
  const migrationsList = await readMigrationList(opts.migrationsDir ?? PROVIDERS[provider].migrations);
  let connection: Connection;
  if (provider === "sqlite") {
    connection = sqliteConnection(":memory:");
  } else {
    if (!pgServerUrl) throw new Error("A PostgreSQL server URL is needed to plan PostgreSQL migrations.");
    // The "dev" database is itself a throw-away shadow database on that server.
    const shadowOnly = pgConnection(pgServerUrl, pgServerUrl);
    const dev = await shadowOnly.factory.connectToShadowDb().catch(async (err: unknown) => {
      await shadowOnly.close();
      throw err;
    });
    connection = {
      factory: { ...shadowOnly.factory, connect: async () => dev },
      close: () => shadowOnly.close(),
    };
  }
  const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }] };
  return withEngine(schema.files[0], connection, async (engine) => {
    // A fresh database: record the whole history first (devDiagnostic wants a
    // migrations table), so the diagnostic finds it in sync and caches the
    // shadow-database schema that createMigration then diffs against.
    await call(() => engine.applyMigrations({ migrationsList, filters: NO_FILTERS }));
    const { action } = await call(() => engine.devDiagnostic({ migrationsList, filters: NO_FILTERS }));
    if (action.tag === "reset") throw new Error(`The ${provider} migration history is inconsistent: ${action.reason}`);
    const out = await call(() =>
      engine.createMigration({ draft: false, migrationName: name, migrationsList, schema, filters: NO_FILTERS }),
    );
    return {
      provider,
      script: out.migrationScript,
      generatedName: out.generatedMigrationName,
      extension: out.extension,
      connectorType: out.connectorType,
    };
  });
}
