/**
 * Load benchmark of the built app:
 *   npm run bench -- [--size L] [--duration 10] [--connections 1,10,50] [--reuse] [--db URL]
 *                    [--only dashboard,catalog] [--warmup 2] [--strict]
 * Generates the data (bench/generate.ts), starts the production server (server.mjs) on 127.0.0.1,
 * logs the scenario users in, runs autocannon per scenario x connection count,
 * prints a table and the budget verdicts, and writes bench/results/<time>-<sha>.json.
 * See bench/README.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sqlitePath } from "../scripts/db/sqlite.ts";
import { generate } from "./generate.ts";
import { openWriter } from "./lib/bulk.ts";
import { checkPage, measure, type Measurement } from "./lib/load.ts";
import { checkBudgets, fillRatios, formatBudgets, formatResults, writeResults } from "./lib/report.ts";
import { BASELINE, scenariosFor } from "./lib/scenarios.ts";
import { startServer, logIn, type RunningServer } from "./lib/server.ts";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, defaultDbUrl, sizeOf } from "./lib/sizes.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RESULTS_DIR = resolve(ROOT, "bench/results");

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "L" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,10,50" },
    warmup: { type: "string", default: "2" },
    db: { type: "string" },
    only: { type: "string" },
    reuse: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    "no-gzip": { type: "boolean", default: false },
  },
});

const size = sizeOf(args.size!);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = args.connections!.split(",").map((c) => Number(c.trim()));
const dbUrl = args.db ?? defaultDbUrl(size.name);
const scenarios = scenariosFor(size.name, args.only?.split(",").map((s) => s.trim()).filter(Boolean));
if (!(duration > 0) || !(warmup >= 0) || connections.some((c) => !Number.isInteger(c) || c < 1)) {
  throw new Error("--duration and --warmup take seconds, --connections a list like 1,10,50.");
}
// Like a browser, ask for gzip: the server's compression middleware then compresses
// the pages (CPU the server really spends); --no-gzip measures uncompressed responses.
const BASE_HEADERS: Record<string, string> = args["no-gzip"] ? {} : { "accept-encoding": "gzip, deflate" };

let server: RunningServer | undefined;
async function shutdown(code: number) {
  await server?.stop();
  process.exit(code);
}
process.once("SIGINT", () => void shutdown(130));
process.once("SIGTERM", () => void shutdown(143));

async function main() {
  process.chdir(ROOT);
  if (!existsSync(resolve(ROOT, "build/server/index.js"))) {
    console.log("build/server/index.js is missing: running `npm run build` first.");
    const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed.");
  }

  let dataCounts: Record<string, number> | undefined;
  const isSqlite = dbUrl.startsWith("file:");
  if (args.reuse && (!isSqlite || existsSync(sqlitePath(dbUrl)))) {
    console.log(`Reusing the data in ${isSqlite ? dbUrl : "the PostgreSQL database"} (--reuse).`);
    // Earlier runs' log-ins count against the login rate limit; start from zero.
    const writer = await openWriter(dbUrl);
    await writer.exec(`DELETE FROM "RateLimitBucket"`);
    await writer.finish();
  } else {
    dataCounts = (await generate(size, dbUrl)).counts;
  }

  server = await startServer(dbUrl);
  console.log(`App (pid ${server.pid}) at ${server.origin}; ${scenarios.length} scenarios x ${connections.join("/")} connections x ${duration} s`);

  const cookies = new Map<string, string>();
  for (const account of new Set(scenarios.map((s) => s.as).filter((a) => a !== null))) {
    cookies.set(account, await logIn(server.origin, BENCH_ACCOUNTS[account], BENCH_PASSWORD));
  }
  const headersOf = (as: string | null): Record<string, string> =>
    as ? { ...BASE_HEADERS, cookie: cookies.get(as)! } : { ...BASE_HEADERS };
  for (const s of scenarios) await checkPage(server.origin + s.path, headersOf(s.as), s.expect);

  if (warmup > 0) {
    process.stdout.write(`Warming up (${warmup} s a scenario)...`);
    for (const s of scenarios) await measure(s.name, server.origin + s.path, headersOf(s.as), 10, warmup);
    console.log(" done");
  }

  const loadAvgAtStart = Number(loadavg()[0].toFixed(2));
  if (loadAvgAtStart > cpus().length / 2) {
    console.log(`Warning: load average ${loadAvgAtStart} on ${cpus().length} cores: other work will skew these results.`);
  }
  // Connection count outermost, baseline first: each ratio compares runs minutes apart at most.
  const results: Measurement[] = [];
  for (const c of connections) {
    for (const s of scenarios) {
      const m = await measure(s.name, server.origin + s.path, headersOf(s.as), c, duration, server.cpuSeconds);
      results.push(m);
      console.log(`  ${s.name.padEnd(24)} c=${String(c).padEnd(3)} ${m.reqPerSec} req/s  p50 ${m.p50}  p95 ${m.p95}  p99 ${m.p99} ms${m.non2xx || m.errors ? `  (${m.non2xx} non-2xx, ${m.errors} errors)` : ""}`);
    }
  }
  await server.stop();
  server = undefined;

  fillRatios(results, BASELINE);
  const budgets = checkBudgets(scenarios, results);
  console.log(`\nSize ${size.name} (${size.bigCourseStudents.toLocaleString("en")} students in the big course), ${duration} s per cell, ratio = req/s / ${BASELINE} req/s at the same connections\n`);
  console.log(formatResults(results));
  if (budgets.length) console.log(`\n${formatBudgets(budgets)}`);
  const info = { size: size.name, database: dbUrl, durationSeconds: duration, connections, gzip: !args["no-gzip"], loadAvgAtStart, dataCounts, scenarios };
  const file = writeResults(RESULTS_DIR, info, results, budgets);
  console.log(`\nWrote ${file.replace(`${ROOT}/`, "")}`);
  return budgets.every((b) => b.pass) ? 0 : 1;
}

main().then(
  (code) => shutdown(args.strict ? code : 0),
  async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  },
);
