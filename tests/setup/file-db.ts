import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { copySqliteTemplate, pgAdmin, pgUrlFor, templatePgName, testProvider } from "./test-db";

// A fresh database for this test file, before any app module reads DATABASE_URL.
const name = `cw_f_${randomBytes(4).toString("hex")}_${process.env.CW_TEST_RUN}`;
if (testProvider === "sqlite") {
  process.env.DATABASE_URL = copySqliteTemplate(name);
} else {
  await pgAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templatePgName()}`));
  process.env.DATABASE_URL = pgUrlFor(name);
}
process.env.NODE_ENV = "test";
process.env.JOBS_WORKER = "off";
process.env.APP_URL = "http://localhost:3000";

afterAll(async () => {
  const { getDb } = await import("~/lib/db.server");
  await getDb().$disconnect();
  if (testProvider === "postgresql") await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});
