// The offline migration tool (scripts/db): deploy, reset and drift detection,
// on SQLite always and on PostgreSQL when TEST_POSTGRES_URL is set.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "~/lib/db.server";
import {
  applyMigrations,
  deployMigrations,
  planMigration,
  PROVIDERS,
  resetDatabase,
  type Provider,
} from "../../scripts/db/engine";
import { readMigrationList } from "../../scripts/db/migrations";

const dir = resolve("tests/.tmp", `migrate-${randomBytes(4).toString("hex")}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Migration names and sha256 checksums, as `_prisma_migrations` must record them. */
async function history(provider: Provider) {
  const list = await readMigrationList(PROVIDERS[provider].migrations);
  return list.migrationDirectories.map((m) => ({
    migration_name: m.path,
    checksum: createHash("sha256")
      .update(readFileSync(resolve(PROVIDERS[provider].migrations, m.path, "migration.sql")))
      .digest("hex"),
  }));
}

const user = (email: string) => ({ email, displayName: email, passwordHash: "x" });

describe("sqlite", () => {
  const file = resolve(dir, "nested/dev.db");
  const url = `file:${file}`;

  test("deploy creates the file, applies every migration once and records checksums", async () => {
    const expected = await history("sqlite");
    expect(expected.length).toBeGreaterThan(0);
    expect(await deployMigrations(url)).toEqual(expected.map((m) => m.migration_name));
    expect(await deployMigrations(url)).toEqual([]);

    const sqlite = new Database(file, { readonly: true });
    const rows = sqlite
      .prepare("SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name")
      .all();
    sqlite.close();
    expect(rows).toEqual(expected);

    const db = createDb(url);
    await db.user.create({ data: user("a@example.org") });
    expect(await db.user.count()).toBe(1);
    await db.$disconnect();
  });

  test("reset empties the database and migrates it again", async () => {
    expect(await resetDatabase(url)).toHaveLength((await history("sqlite")).length);
    const db = createDb(url);
    expect(await db.user.count()).toBe(0);
    await db.$disconnect();
  });

  test("the migration history produces exactly the schema", async () => {
    expect((await planMigration("sqlite", "check")).script).toBeNull();
  });

  test("a schema change without a migration is reported as the missing SQL", async () => {
    mkdirSync(dir, { recursive: true });
    const schemaPath = resolve(dir, "drifted.prisma");
    const schema = readFileSync(PROVIDERS.sqlite.schema, "utf8");
    writeFileSync(schemaPath, schema.replace(/^model User \{\n/m, "model User {\n  nickname String?\n"));
    const { script } = await planMigration("sqlite", "drift", { schemaPath });
    expect(script).toContain('ALTER TABLE "User" ADD COLUMN "nickname" TEXT;');
  });
});

const pgServer = process.env.TEST_POSTGRES_URL;

// The PostgreSQL half needs a server; `npm test` runs it whenever TEST_POSTGRES_URL is set (CI sets it).
(pgServer ? describe : () => undefined)("postgresql", () => {
  const database = `cw_migrate_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: pgServer });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const urlFor = (schema?: string) => {
    const url = new URL(pgServer!);
    url.pathname = `/${database}`;
    if (schema) url.searchParams.set("schema", schema);
    return url.toString();
  };
  const shadowDatabases = async () => {
    const client = new pg.Client({ connectionString: pgServer });
    await client.connect();
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'cw\\_shadow\\_%'");
    await client.end();
    return rows.map((r: { datname: string }) => r.datname);
  };
  beforeAll(() => admin(`CREATE DATABASE ${database}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  test.each([undefined, "w1"])("deploy into schema %s applies every migration once", async (schema) => {
    const url = urlFor(schema);
    const expected = await history("postgresql");
    expect(await deployMigrations(url)).toEqual(expected.map((m) => m.migration_name));
    await applyMigrations(url);

    const client = new pg.Client({ connectionString: urlFor() });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, checksum FROM "${schema ?? "public"}"._prisma_migrations ORDER BY migration_name`,
    );
    await client.end();
    expect(rows).toEqual(expected);

    const db = createDb(url);
    await db.user.create({ data: user(`${schema ?? "public"}@example.org`) });
    expect(await db.user.findMany({ select: { email: true } })).toEqual([{ email: `${schema ?? "public"}@example.org` }]);
    await db.$disconnect();
  });

  test("reset recreates only the target schema", async () => {
    await resetDatabase(urlFor("w1"));
    const w1 = createDb(urlFor("w1"));
    const pub = createDb(urlFor());
    expect(await w1.user.count()).toBe(0);
    expect(await pub.user.count()).toBe(1);
    await Promise.all([w1.$disconnect(), pub.$disconnect()]);
  });

  test("the migration history produces exactly the schema, and shadow databases are dropped", async () => {
    const before = await shadowDatabases();
    expect((await planMigration("postgresql", "check", { pgServerUrl: pgServer })).script).toBeNull();
    expect((await shadowDatabases()).filter((name) => !before.includes(name))).toEqual([]);
  });
});
