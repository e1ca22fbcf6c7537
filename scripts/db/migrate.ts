// Offline replacement for `prisma migrate`, driving @prisma/schema-engine-wasm
// through Prisma driver adapters (no native schema-engine binary needed).
//
//   tsx scripts/db/migrate.ts deploy          apply pending migrations to DATABASE_URL
//   tsx scripts/db/migrate.ts create <name>   new migration for SQLite and PostgreSQL
//   tsx scripts/db/migrate.ts check           fail when a history does not match its schema
//   tsx scripts/db/migrate.ts reset           empty DATABASE_URL, then deploy
//
// DATABASE_URL defaults to file:./data/coursework.db. PostgreSQL shadow
// databases live on SHADOW_POSTGRES_URL / TEST_POSTGRES_URL (create defaults
// to postgresql://postgres@127.0.0.1:5432/postgres; check skips PostgreSQL
// when neither is set).
import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { openConnections } from "./adapters.ts";
import {
  DEFAULT_DATABASE_URL,
  deployMigrations,
  planMigration,
  PROVIDERS,
  type Provider,
  resetDatabase,
  ROOT,
} from "./engine.ts";
import { slugifyMigrationName, writeMigration } from "./migrations.ts";

const DEFAULT_PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";
const CREATE_HINT = "npm run db:migrate:create -- <name>";

const databaseUrl = () => process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const pgServerFromEnv = () => process.env.SHADOW_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined;
const rel = (path: string) => relative(ROOT, path) || ".";

/** A URL fit for logs: no password. */
function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, "$1:***@");
}

function syncSchemas(check: boolean): boolean {
  const args = ["scripts/db/sync-schemas.mjs", ...(check ? ["--check"] : [])];
  return spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" }).status === 0;
}

function report(url: string, applied: string[], ms: number) {
  const where = redact(url);
  if (applied.length === 0) console.log(`No pending migrations for ${where} (${ms.toFixed(0)} ms).`);
  else {
    console.log(`Applied ${applied.length} migration(s) to ${where} (${ms.toFixed(0)} ms):`);
    for (const name of applied) console.log(`  ${name}`);
  }
}

async function deploy() {
  const url = databaseUrl();
  const started = performance.now();
  const applied = await deployMigrations(url);
  report(url, applied, performance.now() - started);
}

async function reset() {
  const url = databaseUrl();
  const started = performance.now();
  const applied = await resetDatabase(url);
  console.log(`Reset ${redact(url)}.`);
  report(url, applied, performance.now() - started);
}

async function create(rawName: string | undefined) {
  const name = slugifyMigrationName(rawName ?? "");
  if (!name) throw new UsageError("create needs a migration name, e.g. `create add_course_tags`.");
  if (!syncSchemas(false)) throw new Error("scripts/db/sync-schemas.mjs failed.");
  const pgServer = pgServerFromEnv() ?? DEFAULT_PG_SERVER;
  // Plan both before writing anything, so a failure leaves no half-created migration.
  const plans = [
    await planMigration("sqlite", name),
    await planMigration("postgresql", name, { pgServerUrl: pgServer }),
  ];
  // One directory name for both providers, so the two histories line up.
  const dirName = plans.find((plan) => plan.script !== null)?.generatedName;
  for (const plan of plans) {
    if (plan.script === null || !dirName) {
      console.log(`${plan.provider}: schema and migrations are in sync, no migration written.`);
      continue;
    }
    const dir = await writeMigration({
      baseDir: PROVIDERS[plan.provider].migrations,
      name: dirName,
      script: plan.script,
      extension: plan.extension,
      connectorType: plan.connectorType,
    });
    console.log(`${plan.provider}: created ${rel(dir)}/migration.${plan.extension}`);
  }
}

async function checkProvider(provider: Provider, pgServer?: string): Promise<boolean> {
  const { script } = await planMigration(provider, "check", { pgServerUrl: pgServer });
  if (script === null) {
    console.log(`${provider}: ${rel(PROVIDERS[provider].migrations)} matches ${rel(PROVIDERS[provider].schema)}.`);
    return true;
  }
  console.error(
    `\n${provider}: ${rel(PROVIDERS[provider].migrations)} does not produce ${rel(PROVIDERS[provider].schema)}.` +
      `\nThis SQL is missing from the migration history:\n\n${script.trimEnd()}\n`,
  );
  return false;
}

async function check() {
  let ok = true;
  if (!syncSchemas(true)) {
    console.error("(`npm run db:migrate:create -- <name>` also regenerates it.)");
    ok = false;
  }
  ok = (await checkProvider("sqlite")) && ok;
  const pgServer = pgServerFromEnv();
  if (pgServer) ok = (await checkProvider("postgresql", pgServer)) && ok;
  else console.log("postgresql: skipped (set TEST_POSTGRES_URL or SHADOW_POSTGRES_URL to check it).");
  if (!ok) {
    console.error(`\nMigrations are out of date: run \`${CREATE_HINT}\` and commit the result.`);
    process.exitCode = 1;
  }
}

class UsageError extends Error {}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  switch (command) {
    case "deploy":
      return deploy();
    case "create":
      return create(args.join(" "));
    case "check":
      return check();
    case "reset":
      return reset();
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command ?? "")}.`);
  }
}

async function closeAll() {
  await Promise.allSettled([...openConnections].map((connection) => connection.close()));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\nInterrupted: cleaning up throw-away databases...`);
    void closeAll().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2)).catch(async (err: unknown) => {
  await closeAll();
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Error: ${message}`);
  if (err instanceof UsageError) {
    console.error("Usage: tsx scripts/db/migrate.ts deploy | create <name> | check | reset");
  } else if (process.env.DEBUG_SCHEMA_ENGINE && err instanceof Error) {
    console.error(err.stack);
  }
  process.exitCode = 1;
});
