import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { applyMigrations } from "../../scripts/db/engine";
import { pgAdmin, pgUrlFor, templatePgName, templateSqlite, testProvider, TMP_DIR } from "./test-db";

/** Migrates one template database per run; each test file copies it. */
export default async function setup() {
  process.env.CW_TEST_RUN = `${process.pid}_${Date.now().toString(36)}`;
  mkdirSync(TMP_DIR, { recursive: true });
  if (testProvider === "sqlite") {
    await applyMigrations(`file:${templateSqlite()}`);
  } else {
    const name = templatePgName();
    await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    await applyMigrations(pgUrlFor(name));
  }
  return async () => {
    if (testProvider === "sqlite") {
      for (const f of readdirSync(TMP_DIR)) {
        if (f.includes(process.env.CW_TEST_RUN!)) rmSync(resolve(TMP_DIR, f), { force: true });
      }
    } else {
      await pgAdmin(async (c) => {
        const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
          `cw_%${process.env.CW_TEST_RUN}%`,
        ]);
        for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      });
    }
  };
}
