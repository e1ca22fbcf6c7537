/**
 * Deadline burst budget: 2,500 distinct students each submit one text answer to the same
 * assignment through the real HTTP endpoint, at ≥ 50 submissions/s with zero errors.
 *   npx tsx bench/submission-burst.ts [--size L] [--db url] [--connections 25] [--students 2500]
 * Builds nothing (run `npm run build` first, under the build lock). Uses the gradebook bench
 * database (bench/lib/gradebook-db.ts), (re)creates the open assignment `bench-burst` in the big
 * course, and signs the students in by writing Session rows and signing `cw_session` cookies
 * with the server's secret (2,500 argon2 logins would measure the login, not the burst). Each
 * student POSTs `/api/submissions/bench-burst` once, `--connections` at a time. Reports
 * submissions/s, errors and latency percentiles, checks in the database that exactly one
 * attempt per student was stored, removes the assignment and the sessions again, and writes
 * bench/results/<time>-submission-burst.json.
 */
import { createCookie } from "@remix-run/node";
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openWriter } from "./lib/bulk.ts";
import { BURST_ASSIGNMENT_ID, burstAssignment } from "./lib/gradebook-dataset.ts";
import { gradebookDbUrl, nearestRank, prepareGradebookDb } from "./lib/gradebook-db.ts";
import { select } from "./lib/select.ts";
import { startServer } from "./lib/server.ts";
import { sizeOf } from "./lib/sizes.ts";

const SECRET = "bench-burst-session-secret-0123456789-abcdef";
const BUDGET_PER_SECOND = 50;

async function main() {
  const { values } = parseArgs({
    options: { size: { type: "string", default: "L" }, db: { type: "string" }, connections: { type: "string", default: "25" }, students: { type: "string", default: "2500" } },
  });
  const size = sizeOf(values.size!);
  const url = values.db ?? gradebookDbUrl(size.name);
  const connections = Number(values.connections);
  const wanted = Number(values.students);
  if (!existsSync("build/server/index.js")) throw new Error("Run `npm run build` first (under flock /tmp/cw-build.lock).");
  const course = await prepareGradebookDb(size, url);
  const students = await select<{ userId: string }>(
    url,
    `SELECT "userId" FROM "Enrollment" WHERE "courseId" = $1 AND "role" = 'STUDENT' AND "status" = 'ACTIVE' ORDER BY "id" LIMIT ${wanted}`,
    [course.courseId],
  );
  if (students.length < wanted) throw new Error(`Size ${size.name} has only ${students.length} students in the big course; use L.`);

  // Fresh assignment (deleting it removes the last run's submissions) and one session per student.
  const now = new Date();
  const sessions = students.map((s) => ({ id: `bench-burst-${randomBytes(16).toString("hex")}`, userId: s.userId, expiresAt: new Date(now.getTime() + 86_400_000), lastSeenAt: now, userAgent: "bench", createdAt: now, updatedAt: now }));
  const writer = await openWriter(url);
  try {
    await writer.exec(`DELETE FROM "Assignment" WHERE "id" = '${BURST_ASSIGNMENT_ID}'`);
    await writer.exec(`DELETE FROM "Session" WHERE "id" LIKE 'bench-burst-%'`);
    await writer.insert("Assignment", [burstAssignment(course.courseId, now)]);
    await writer.insert("Session", sessions);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const cookie = createCookie("cw_session", { secrets: [SECRET], path: "/", httpOnly: true, sameSite: "lax" });
  const cookies = await Promise.all(sessions.map(async (s) => (await cookie.serialize(s.id)).split(";")[0]));

  const server = await startServer(url, { JOBS_WORKER: "off", SESSION_SECRET: SECRET });
  const latencies: number[] = [];
  const failures: string[] = [];
  let wall = 0;
  let cpu = 0;
  try {
    const endpoint = `${server.origin}/api/submissions/${BURST_ASSIGNMENT_ID}`;
    const post = (i: number) =>
      fetch(endpoint, {
        method: "POST",
        headers: { cookie: cookies[i], origin: server.origin, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ body: `Essay of student ${i}: ${"words ".repeat(200)}` }).toString(),
      });
    // One warm-up request on a throwaway session would add a submission: warm up with a page instead.
    await fetch(`${server.origin}/healthz`);
    let next = 0;
    const cpuStart = server.cpuSeconds() ?? 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < cookies.length) {
          const i = next++;
          const t = performance.now();
          try {
            const res = await post(i);
            const body = (await res.json().catch(() => null)) as { ok?: boolean; message?: string } | null;
            latencies.push(performance.now() - t);
            if (res.status !== 200 || !body?.ok) failures.push(`student ${i}: HTTP ${res.status} ${body?.message ?? ""}`);
          } catch (error) {
            failures.push(`student ${i}: ${(error as Error).message}`);
          }
        }
      }),
    );
    wall = (performance.now() - started) / 1000;
    cpu = (server.cpuSeconds() ?? 0) - cpuStart;
  } finally {
    await server.stop();
  }

  const [{ n: stored }] = await select<{ n: number }>(url, `SELECT COUNT(*) AS "n" FROM "Submission" WHERE "assignmentId" = $1`, [BURST_ASSIGNMENT_ID]);
  const [{ n: learners }] = await select<{ n: number }>(url, `SELECT COUNT(DISTINCT "enrollmentId") AS "n" FROM "Submission" WHERE "assignmentId" = $1`, [BURST_ASSIGNMENT_ID]);
  latencies.sort((a, b) => a - b);
  const rate = students.length / wall;
  const result = {
    submissions: students.length,
    connections,
    seconds: wall,
    perSecond: rate,
    errors: failures.length,
    p50Ms: nearestRank(latencies, 0.5),
    p95Ms: nearestRank(latencies, 0.95),
    p99Ms: nearestRank(latencies, 0.99),
    maxMs: latencies.at(-1) ?? 0,
    serverCpuMsPerSubmission: (cpu * 1000) / students.length,
    storedSubmissions: Number(stored),
    distinctStudents: Number(learners),
  };
  const pass = rate >= BUDGET_PER_SECOND && failures.length === 0 && Number(stored) === students.length && Number(learners) === students.length;
  console.log(
    `${students.length} submissions at ${connections} connections in ${wall.toFixed(2)} s = ${rate.toFixed(1)}/s; errors ${failures.length}; ` +
      `p50 ${result.p50Ms.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms; server CPU ${result.serverCpuMsPerSubmission.toFixed(1)} ms/submission`,
  );
  console.log(`database: ${stored} submissions from ${learners} distinct students`);
  for (const f of failures.slice(0, 5)) console.log(`  ${f}`);
  console.log(`budget: ≥ ${BUDGET_PER_SECOND}/s, zero errors, every submission stored → ${pass ? "PASS" : "FAIL"}`);

  const cleanup = await openWriter(url);
  await cleanup.exec(`DELETE FROM "Assignment" WHERE "id" = '${BURST_ASSIGNMENT_ID}'`);
  await cleanup.exec(`DELETE FROM "Session" WHERE "id" LIKE 'bench-burst-%'`);
  await cleanup.exec(`DELETE FROM "OutboxMail" WHERE "subject" = 'Submitted: Deadline burst essay'`);
  await cleanup.finish();

  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}-submission-burst.json`;
  writeFileSync(
    file,
    JSON.stringify(
      {
        version: 1,
        timestamp: new Date().toISOString(),
        git: { sha: execSync("git rev-parse --short HEAD").toString().trim(), dirty: execSync("git status --porcelain").toString().trim() !== "" },
        machine: { node: process.version, cores: cpus().length, loadAvg: loadavg() },
        size: size.name,
        database: url.startsWith("file:") ? "sqlite" : "postgresql",
        budget: { perSecond: BUDGET_PER_SECOND, errors: 0 },
        result,
        failures: failures.slice(0, 20),
        pass,
      },
      null,
      2,
    ),
  );
  console.log(`written ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
