// Generates both Prisma clients (SQLite and PostgreSQL) without any binary download.
// Runs on `npm install` (postinstall) and before tests.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const schemas = ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"];
if (!existsSync("node_modules/prisma") || !existsSync(schemas[0])) process.exit(0);
execFileSync(process.execPath, ["scripts/db/sync-schemas.mjs"], { stdio: "inherit" });
for (const schema of schemas) {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", "--schema", schema], {
    stdio: "inherit",
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
