/**
 * Which database the integration suite runs on: SQLite by default, PostgreSQL
 * when TEST_DB=postgresql and TEST_POSTGRES_URL points at a server (a role
 * that may CREATE DATABASE). Each test file gets a fresh database copied from
 * a template that global setup migrated once.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";

export const TMP_DIR = resolve("tests/.tmp");
export const testProvider = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";

export function pgServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_DB=postgresql needs TEST_POSTGRES_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres");
  return url;
}

export function pgUrlFor(database: string): string {
  const url = new URL(pgServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function pgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const templateSqlite = () => resolve(TMP_DIR, `template-${process.env.CW_TEST_RUN}.db`);
export const templatePgName = () => `cw_tpl_${process.env.CW_TEST_RUN}`;

export function copySqliteTemplate(name: string): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = resolve(TMP_DIR, `${name}.db`);
  copyFileSync(templateSqlite(), file);
  return `file:${file}`;
}
