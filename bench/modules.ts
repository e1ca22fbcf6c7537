/**
 * Self-paced study load benchmark (separate from `npm run bench`, whose data it extends):
 *   npx tsx bench/modules.ts [--size L] [--db url] [--duration 10] [--connections 10] [--warmup 2]
 * Generates the size's bench data if its database is missing, adds 500 modules / ~1,250 items
 * (bench/lib/modules-dataset.ts) and ~300,000 progress rows to the big course (replacing earlier
 * bench modules), builds nothing (run `npm run build` first), starts the server and measures, as
 * the big course's first student: the course home, a lesson page, and the progress save the video
 * player POSTs (cookie + Origin, a URL-encoded form like the player's URLSearchParams), next to the trivial page.
 * Budgets: course home and lesson p95 <= 100 ms and >= 40 % of the trivial page's req/s (the
 * signed-in settings menu; /healthz is measured too, and each budget also prints its ratio to it);
 * progress save p95 <= 30 ms (at 10 connections). Also measured, without a budget: the instructor's
 * class progress page (10,000 students). Writes bench/results/<time>-<sha>-modules.json.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sqlitePath } from "../scripts/db/sqlite.ts";
import { generate } from "./generate.ts";
import { openWriter } from "./lib/bulk.ts";
import { select } from "./lib/select.ts";
import { checkRequest, measureRequest, type Measurement, type RequestSpec } from "./lib/load.ts";
import { BENCH_LESSON_ID, BENCH_LESSON_TITLE, BENCH_VIDEO_ID, buildModuleRows } from "./lib/modules-dataset.ts";
import { fillRatios, formatResults } from "./lib/report.ts";
import { logIn, startServer } from "./lib/server.ts";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, BIG_COURSE_SLUG, defaultDbUrl, sizeOf } from "./lib/sizes.ts";

/** Replaces earlier bench modules (and the progress the measured requests wrote) with fresh rows. */
async function seedModules(url: string) {
  const [course] = await select<{ id: string; createdById: string }>(url, `SELECT "id", "createdById" FROM "Course" WHERE "slug" = $1`, [BIG_COURSE_SLUG]);
  const students = await select<{ id: string }>(
    url,
    `SELECT e."id" FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
     WHERE e."courseId" = $1 AND e."role" = 'STUDENT' AND e."status" = 'ACTIVE' ORDER BY CASE WHEN u."email" = $2 THEN 0 ELSE 1 END, e."id"`,
    [course.id, BENCH_ACCOUNTS.bigStudent],
  );
  const started = performance.now();
  const tables = buildModuleRows(course.id, course.createdById, students.map((s) => s.id));
  const writer = await openWriter(url);
  try {
    await writer.exec(`DELETE FROM "ItemProgress" WHERE "itemId" LIKE 'bench-i-%'`);
    for (const t of ["ModuleItem", "ModulePrerequisite", "Module", "VideoAsset", "StoredFile"]) await writer.exec(`DELETE FROM "${t}" WHERE "id" LIKE 'bench-%'`);
    await writer.exec(`UPDATE "Enrollment" SET "completedAt" = NULL WHERE "courseId" = '${course.id}'`);
    // Earlier runs' log-ins count against the login rate limit; start from zero.
    await writer.exec(`DELETE FROM "RateLimitBucket"`);
    for (const [table, rows] of tables) await writer.insert(table, rows);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const counts = Object.fromEntries(tables.map(([t, rows]) => [t, rows.length]));
  console.log(`Added ${Object.entries(counts).map(([t, n]) => `${n.toLocaleString("en")} ${t}`).join(", ")} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

/** The body the video player sends (app/components/video-player.tsx posts URLSearchParams). */
const progressBody = () => new URLSearchParams({ position: "42.5", from: "37.5", to: "42.5", duration: "600" }).toString();

/** The app's trivial page: the ratio budgets' baseline (docs/decisions.md, "The trivial page"). */
const TRIVIAL_PAGE = "trivial-page";

const BUDGETS = [
  { scenario: "course-home", p95Ms: 100, minRatio: 0.4 },
  { scenario: "lesson", p95Ms: 100, minRatio: 0.4 },
  { scenario: "progress-save", p95Ms: 30, minRatio: null },
];

async function main() {
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: "L" },
      db: { type: "string" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
    },
  });
  const size = sizeOf(values.size!);
  const url = values.db ?? defaultDbUrl(size.name);
  if (!existsSync("build/server/index.js")) throw new Error("Run `npm run build` first.");
  if (!url.startsWith("file:") || !existsSync(sqlitePath(url))) await generate(size, url);
  const dataCounts = await seedModules(url);

  const server = await startServer(url, { JOBS_WORKER: "off" });
  const results: Measurement[] = [];
  const loadAvgAtStart = Number(loadavg()[0].toFixed(2));
  try {
    const cookie = await logIn(server.origin, BENCH_ACCOUNTS.bigStudent, BENCH_PASSWORD);
    const instructorCookie = await logIn(server.origin, BENCH_ACCOUNTS.bigInstructor, BENCH_PASSWORD);
    const page = { "accept-encoding": "gzip, deflate", cookie };
    const scenarios: { name: string; spec: RequestSpec; expect: string }[] = [
      { name: "trivial", spec: { url: `${server.origin}/healthz`, headers: { "accept-encoding": "gzip, deflate" } }, expect: "ok" },
      // The ratio budgets' baseline (docs/decisions.md): the app's cheapest page, the settings menu, for the same student.
      { name: TRIVIAL_PAGE, spec: { url: `${server.origin}/settings`, headers: page }, expect: "Calendar feed" },
      { name: "course-home", spec: { url: `${server.origin}/courses/${BIG_COURSE_SLUG}`, headers: page }, expect: "Continue" },
      { name: "lesson", spec: { url: `${server.origin}/courses/${BIG_COURSE_SLUG}/items/${BENCH_LESSON_ID}`, headers: page }, expect: BENCH_LESSON_TITLE },
      {
        name: "progress-save",
        spec: {
          url: `${server.origin}/api/items/${BENCH_VIDEO_ID}/progress`,
          method: "POST",
          headers: { cookie, origin: server.origin, "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
          body: progressBody(),
        },
        expect: "watchedPercent",
      },
      // Last: its half-second requests leave a worker's heap grown, which would slow the budgeted pages measured after it.
      { name: "class-progress", spec: { url: `${server.origin}/courses/${BIG_COURSE_SLUG}/progress`, headers: { ...page, cookie: instructorCookie } }, expect: "Class progress" },
    ];
    for (const s of scenarios) await checkRequest({ ...s.spec, headers: { ...s.spec.headers, "accept-encoding": "identity" } }, s.expect);
    const warmup = Number(values.warmup);
    if (warmup > 0) for (const s of scenarios) await measureRequest(s.name, s.spec, 10, warmup);
    for (const connections of values.connections!.split(",").map(Number)) {
      for (const s of scenarios) {
        const m = await measureRequest(s.name, s.spec, connections, Number(values.duration), () => server.cpuSeconds());
        results.push(m);
        console.log(`  ${s.name.padEnd(16)} c=${String(connections).padEnd(3)} ${m.reqPerSec} req/s  p50 ${m.p50}  p95 ${m.p95}  p99 ${m.p99} ms${m.non2xx || m.errors ? `  (${m.non2xx} non-2xx, ${m.errors} errors)` : ""}`);
      }
    }
  } finally {
    await server.stop();
  }

  // Against /healthz as well, the baseline of every run before 2026-11-27 (kept to compare with them).
  fillRatios(results, "trivial");
  const toHealthz = new Map(results.map((m) => [`${m.scenario}@${m.connections}`, m.ratio ?? null]));
  fillRatios(results, TRIVIAL_PAGE);
  const budgets = BUDGETS.flatMap((b) => {
    const m = results.find((r) => r.scenario === b.scenario && r.connections === 10);
    if (!m) return [];
    const clean = m.non2xx === 0 && m.errors === 0 && m.requests > 0;
    const pass = clean && m.p95 <= b.p95Ms && (b.minRatio === null || (m.ratio ?? 0) >= b.minRatio);
    return [{ ...b, connections: 10, measuredP95: m.p95, measuredRatio: m.ratio ?? null, ratioToHealthz: toHealthz.get(`${m.scenario}@10`) ?? null, pass }];
  });
  console.log(`\nSize ${size.name}, ${values.duration} s per cell, ratio = req/s / ${TRIVIAL_PAGE} req/s at the same connections\n`);
  console.log(formatResults(results));
  console.log(
    `\n${budgets
      .map(
        (b) =>
          `${b.pass ? "PASS" : "FAIL"}  ${b.scenario}: p95 ${b.measuredP95} ms (<= ${b.p95Ms})${b.minRatio === null ? "" : `, ratio ${b.measuredRatio} (>= ${b.minRatio}; to /healthz ${b.ratioToHealthz})`}`,
      )
      .join("\n")}`,
  );

  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  const timestamp = new Date().toISOString();
  const sha = git(["rev-parse", "--short", "HEAD"]) || "nogit";
  const record = {
    version: 1,
    benchmark: "modules",
    timestamp,
    git: { sha, dirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "" },
    // An A/B run of another build copy (REMIX_BUILD, read by server.mjs) names it: the sha is the checkout's.
    ...(process.env.REMIX_BUILD ? { build: process.env.REMIX_BUILD } : {}),
    machine: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model ?? "", loadAvgAtStart, loadAvgAtEnd: Number(loadavg()[0].toFixed(2)) },
    size: size.name,
    database: url.startsWith("file:") ? "sqlite" : "postgresql",
    durationSeconds: Number(values.duration),
    dataCounts,
    results,
    budgets,
  };
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${timestamp.slice(0, 19).replace(/:/g, "-")}Z-${sha}-modules.json`;
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
