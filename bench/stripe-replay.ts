/**
 * Stripe webhook replay benchmark (the same scenario as
 * tests/integration/payments-replay.test.ts): 1,000 signed deliveries for 300
 * purchases with 10 % duplicates, 5 % out of order, refunds and disputes,
 * delivered concurrently through the webhook route, in process, against the
 * local fake Stripe. Reports deliveries/s and checks the end state.
 *
 *   npx tsx bench/stripe-replay.ts [--db file:./bench/.data/stripe-replay.db | postgresql://…/postgres]
 *                                  [--concurrency 32]
 *
 * SQLite: the file is recreated. PostgreSQL: a throw-away database is created
 * next to the one in the URL (the role needs CREATEDB) and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import pg from "pg";
import { applyMigrations } from "../scripts/db/engine.ts";
import { deleteSqliteFile, sqlitePath } from "../scripts/db/sqlite.ts";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "file:./bench/.data/stripe-replay.db" },
    concurrency: { type: "string", default: "32" },
  },
});
const concurrency = Number(args.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("--concurrency takes a whole number, like 32.");

async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database; returns its URL and how to remove it. */
async function freshDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (base.startsWith("file:")) {
    const file = sqlitePath(base);
    mkdirSync(dirname(file), { recursive: true });
    await deleteSqliteFile(file);
    await applyMigrations(base);
    return { url: base, drop: async () => {} };
  }
  const name = `cw_replay_${randomBytes(4).toString("hex")}`;
  await pgAdmin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return { url: url.toString(), drop: () => pgAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) };
}

const db = await freshDatabase(args.db!);
// The app reads its configuration once per process, so one run per process: set the env, then import app code.
const { FAKE_SECRET_KEY, startFakeStripe } = await import("../tests/fakes/stripe-server.ts");
const fake = await startFakeStripe();
Object.assign(process.env, {
  DATABASE_URL: db.url,
  STRIPE_SECRET_KEY: FAKE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: fake.secret,
  STRIPE_API_BASE: fake.url,
  JOBS_WORKER: "off",
});
const { runStripeReplay } = await import("../tests/fakes/stripe-replay.ts");
const { getDb } = await import("../app/lib/db.server.ts");
let ok = false;
try {
  const report = await runStripeReplay(fake, { concurrency, log: (line) => console.log(`  ${line}`) });
  ok = isDeepStrictEqual(report.actual, report.expected) && report.statuses["200"] === report.deliveries && fake.unhandled.length === 0;
  const provider = db.url.startsWith("file:") ? "SQLite" : "PostgreSQL";
  console.log(`Stripe webhook replay on ${provider}, in process, fake Stripe over HTTP on 127.0.0.1, concurrency ${concurrency}:`);
  console.log(
    `  ${report.deliveries} deliveries (${report.unique} distinct events, ${report.duplicates} duplicates, ${report.outOfOrder} out of order) ` +
      `in ${report.seconds.toFixed(2)} s = ${Math.round(report.deliveriesPerSecond)} deliveries/s`,
  );
  console.log(`  outcomes ${JSON.stringify(report.outcomes)}, HTTP ${JSON.stringify(report.statuses)}, ${report.retries} optimistic retries`);
  console.log(`  end state: ${ok ? "exactly as expected" : "WRONG"} ${JSON.stringify(report.actual.orders)}`);
  if (!ok) console.error(JSON.stringify({ expected: report.expected, actual: report.actual }, null, 1).slice(0, 4000));
} finally {
  await fake.close();
  await getDb().$disconnect();
  await db.drop();
}
process.exit(ok ? 0 : 1);
