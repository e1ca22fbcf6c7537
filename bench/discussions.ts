/**
 * Discussion load benchmark (separate from `npm run bench`, whose data generator it extends):
 *   flock /tmp/cw-build.lock sh -c 'npm run build && npx tsx bench/discussions.ts'
 *   npx tsx bench/discussions.ts [--size L] [--db url] [--duration 10] [--connections 10] [--warmup 2] [--strict]
 * Generates the size's bench data into its own database (default bench/.data/discussions-<size>.db,
 * so it never races `npm run bench`) if it is missing, adds 500 topics × 10 posts, one
 * 10,000-post thread (with emoji reactions) and a small topic for replies to the big course
 * (replacing earlier bench discussions), starts the built server (build first: this script builds
 * nothing) and measures, as a student of the course, at each connection count: /healthz (the
 * baseline), the forum index, the long thread's first and last page, search, and posting a reply
 * (every request a real insert; checked by counting rows). Prints p50/p95/p99 and req/s, the
 * budget verdicts, and writes bench/results/<time>-<sha>-discussions.json.
 */
import { existsSync, renameSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sqlitePath } from "../scripts/db/sqlite.ts";
import { generate } from "./generate.ts";
import { openWriter } from "./lib/bulk.ts";
import { BENCH_LONG_THREAD_ID, BENCH_REPLY_PARENT_ID, BENCH_REPLY_TOPIC_ID, buildDiscussionRows } from "./lib/discussions-dataset.ts";
import { checkPage, measure, measureRequest, type Measurement } from "./lib/load.ts";
import { fillRatios, formatResults, writeResults, type BudgetVerdict } from "./lib/report.ts";
import type { Scenario } from "./lib/scenarios.ts";
import { logIn, startServer, type RunningServer } from "./lib/server.ts";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, BIG_COURSE_SLUG, sizeOf } from "./lib/sizes.ts";
import { select } from "./lib/select.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "L" },
    db: { type: "string" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    strict: { type: "boolean", default: false },
  },
});

/** Budgets from the discussions issue (p95 at 10 connections; thread pages also a throughput floor). */
const BUDGETS: Record<string, { p95Ms: number; minReqPerSec?: number }> = {
  "forum-index": { p95Ms: 100 },
  "thread-first-page": { p95Ms: 100, minReqPerSec: 500 },
  "thread-last-page": { p95Ms: 100, minReqPerSec: 500 },
  reply: { p95Ms: 50 },
};
const BUDGET_CONNECTIONS = 10;

type Bench = Scenario & { method: "GET" | "POST"; body?: string; anonymous?: boolean };

function scenarios(): Bench[] {
  const base = `/courses/${BIG_COURSE_SLUG}/discussions`;
  const reply = new URLSearchParams({ intent: "reply", parentId: BENCH_REPLY_PARENT_ID, body: "Thanks, that helped. **Refraction** bends light at each surface; see the second figure." }).toString();
  const as = "bigStudent" as const;
  const list: Omit<Bench, "budget">[] = [
    { name: "trivial", path: "/healthz", as: null, expect: "ok", method: "GET", description: "GET /healthz: router + SELECT 1, no rendering (baseline)" },
    { name: "forum-index", path: base, as, expect: "Topic 499", method: "GET", description: "GET the forum index (502 topics, 25 a page, unread counts)" },
    { name: "thread-first-page", path: `${base}/${BENCH_LONG_THREAD_ID}`, as, expect: "Post 0 in", method: "GET", description: "GET the first page (20 posts) of a 10,000-post thread" },
    { name: "thread-last-page", path: `${base}/${BENCH_LONG_THREAD_ID}?page=last`, as, expect: "Post 9999 in", method: "GET", description: "GET the last page of the 10,000-post thread (keyset, no OFFSET)" },
    { name: "search", path: `${base}?q=lenses`, as, expect: "<mark>", method: "GET", description: "GET the forum with a full-text search" },
    {
      name: "reply",
      path: `${base}/${BENCH_REPLY_TOPIC_ID}.data`,
      as,
      expect: "",
      method: "POST",
      body: reply,
      description: "POST a reply the way the browser does with JavaScript (Remix single fetch: the action only); each request inserts a post",
    },
  ];
  return list.map((s) => (BUDGETS[s.name] ? { ...s, budget: { connections: BUDGET_CONNECTIONS, p95Ms: BUDGETS[s.name].p95Ms } } : s));
}

async function countReplies(url: string): Promise<number> {
  const [row] = await select<{ n: number | string }>(url, `SELECT COUNT(*) AS "n" FROM "Post" WHERE "discussionId" = $1`, [BENCH_REPLY_TOPIC_ID]);
  return Number(row.n);
}

async function prepareData(url: string) {
  const size = sizeOf(values.size!);
  if (!url.startsWith("file:") || !existsSync(sqlitePath(url))) await generate(size, url);
  const [course] = await select<{ id: string }>(url, `SELECT "id" FROM "Course" WHERE "slug" = $1`, [BIG_COURSE_SLUG]);
  const authors = await select<{ userId: string }>(url, `SELECT "userId" FROM "Enrollment" WHERE "courseId" = $1 ORDER BY "userId" LIMIT 200`, [course.id]);
  const writer = await openWriter(url);
  try {
    await writer.exec(`DELETE FROM "Discussion" WHERE "id" LIKE 'bench-%'`);
    await writer.exec(`DELETE FROM "RateLimitBucket"`); // earlier runs' log-ins
    for (const [table, rows] of buildDiscussionRows(course.id, authors.map((a) => a.userId))) await writer.insert(table, rows);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function verdicts(results: Measurement[]): (BudgetVerdict & { minReqPerSec: number | null; measuredReqPerSec: number | null })[] {
  return Object.entries(BUDGETS).map(([scenario, b]) => {
    const m = results.find((r) => r.scenario === scenario && r.connections === BUDGET_CONNECTIONS);
    const clean = Boolean(m && m.non2xx === 0 && m.errors === 0 && m.requests > 0);
    const pass = clean && m!.p95 <= b.p95Ms && (b.minReqPerSec === undefined || m!.reqPerSec >= b.minReqPerSec);
    return { scenario, connections: BUDGET_CONNECTIONS, p95Ms: b.p95Ms, measuredP95: m?.p95 ?? null, minReqPerSec: b.minReqPerSec ?? null, measuredReqPerSec: m?.reqPerSec ?? null, pass };
  });
}

async function main(): Promise<number> {
  const size = sizeOf(values.size!);
  const url = values.db ?? `file:./bench/.data/discussions-${size.name}.db`;
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const connections = values.connections!.split(",").map(Number);
  if (!existsSync("build/server/index.js")) throw new Error("Run `npm run build` first.");
  await prepareData(url);

  let server: RunningServer | undefined = await startServer(url, { JOBS_WORKER: "off" });
  try {
    const cookie = await logIn(server.origin, BENCH_ACCOUNTS.bigStudent, BENCH_PASSWORD);
    const list = scenarios();
    const spec = (s: Bench) => ({
      url: server!.origin + s.path,
      method: s.method,
      body: s.body,
      headers: {
        "accept-encoding": "gzip, deflate",
        ...(s.as ? { cookie } : {}),
        // The CSRF check compares Origin with the app's origin, as a browser's form post would send it.
        ...(s.method === "POST" ? { origin: server!.origin, "content-type": "application/x-www-form-urlencoded" } : {}),
      },
    });
    const run = (s: Bench, c: number, seconds: number, cpu?: () => number | null) =>
      s.method === "GET" ? measure(s.name, spec(s).url, spec(s).headers, c, seconds, cpu) : measureRequest(s.name, spec(s), c, seconds, cpu);
    for (const s of list.filter((s) => s.method === "GET")) await checkPage(spec(s).url, spec(s).headers, s.expect);
    for (const s of list.filter((s) => s.method === "POST")) {
      const before = await countReplies(url);
      const res = await fetch(spec(s).url, { method: "POST", headers: spec(s).headers, body: s.body, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 200 || (await countReplies(url)) !== before + 1) throw new Error(`POST ${s.path} answered HTTP ${res.status} without inserting one post.`);
    }
    if (warmup > 0) for (const s of list) await run(s, 10, warmup);

    const loadAvgAtStart = Number(loadavg()[0].toFixed(2));
    if (loadAvgAtStart > cpus().length / 2) console.log(`Warning: load average ${loadAvgAtStart} on ${cpus().length} cores: other work will skew these results.`);
    const results: Measurement[] = [];
    for (const c of connections) {
      for (const s of list) {
        const before = s.method === "POST" ? await countReplies(url) : 0;
        const m = await run(s, c, duration, server.cpuSeconds);
        if (s.method === "POST") {
          const inserted = (await countReplies(url)) - before;
          // Every 2xx answer must have inserted one post (no cached or refused requests counted as fast).
          // (Requests still in flight when the clock stops insert without being counted: at most one a connection.)
          if (inserted < m.requests || inserted > m.requests + m.non2xx + c) throw new Error(`${s.name}: ${m.requests} answers with 2xx but ${inserted} posts inserted (${JSON.stringify(m.statusCodes)}).`);
        }
        results.push(m);
        console.log(`  ${s.name.padEnd(20)} c=${String(c).padEnd(3)} ${m.reqPerSec} req/s  p50 ${m.p50}  p95 ${m.p95}  p99 ${m.p99} ms${m.non2xx || m.errors ? `  (${m.non2xx} non-2xx, ${m.errors} errors)` : ""}`);
      }
    }
    await server.stop();
    server = undefined;

    fillRatios(results, "trivial");
    const budgets = verdicts(results);
    console.log(`\nSize ${size.name}, ${duration} s per cell, ratio = req/s / trivial req/s\n`);
    console.log(formatResults(results));
    console.log(
      `\n${budgets
        .map((v) => `${v.pass ? "PASS" : "FAIL"}  ${v.scenario}: p95 ${v.measuredP95} ms (<= ${v.p95Ms})${v.minReqPerSec ? `, ${v.measuredReqPerSec} req/s (>= ${v.minReqPerSec})` : ""} at ${v.connections} connections`)
        .join("\n")}`,
    );
    const info = { size: size.name, database: url, durationSeconds: duration, connections, gzip: true, loadAvgAtStart, scenarios: list.map(({ method: _m, body: _b, ...s }) => s) };
    const file = writeResults("bench/results", info, results, budgets);
    const named = file.replace(/\.json$/, "-discussions.json");
    renameSync(file, named);
    console.log(`\nWrote ${named}`);
    return budgets.every((b) => b.pass) ? 0 : 1;
  } finally {
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(values.strict ? code : 0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
