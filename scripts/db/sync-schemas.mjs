// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the source).
// `--check` exits 1 when the checked-in PostgreSQL copy is stale.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";

const source = readFileSync("prisma/schema.prisma", "utf8");
const target = "prisma/postgresql/schema.prisma";
const header = "// GENERATED from prisma/schema.prisma by scripts/db/sync-schemas.mjs. Do not edit.\n";
const pg =
  header +
  source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../app/generated/sqlite"', 'output       = "../../app/generated/pg"');

if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== pg) {
    console.error(`${target} is out of date: run \`node scripts/db/sync-schemas.mjs\`.`);
    process.exit(1);
  }
} else {
  mkdirSync("prisma/postgresql", { recursive: true });
  writeFileSync(target, pg);
}
