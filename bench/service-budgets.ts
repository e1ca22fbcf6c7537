/**
 * Service-level budgets that need big data in one course, measured outside the
 * test suite (tests never assert timings):
 *  - gradebook first page, 1,000 students × 80 assignments (p95 ≤ 300 ms)
 *  - grading queue page of an assignment with 2,500 submissions (p95 ≤ 300 ms)
 * Usage: npx tsx bench/service-budgets.ts [--db file:./bench/.data/services.db]
 * Writes bench/results/<time>-services.json.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { applyMigrations } from "../scripts/db/engine";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const url = arg("db") ?? "file:./bench/.data/services.db";
if (url.startsWith("file:")) {
  mkdirSync("bench/.data", { recursive: true });
  rmSync(url.slice(5), { force: true });
}
process.env.DATABASE_URL = url;
process.env.JOBS_WORKER = "off";
await applyMigrations(url);

const { getDb } = await import("~/lib/db.server");
const { getGradebook } = await import("~/services/gradebook.server");
const { getGradingQueue, queueFilterSchema } = await import("~/services/grading-queue.server");
const { createCourseWithCast } = await import("../tests/factories");

async function time(label: string, budgetMs: number, fn: () => Promise<unknown>, runs = 20) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(runs / 2)];
  const p95 = times[Math.ceil(runs * 0.95) - 1];
  console.log(`${label.padEnd(48)} p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${p95 <= budgetMs ? "PASS" : "FAIL"} (≤ ${budgetMs} ms)`);
  return { label, p50, p95, budgetMs, pass: p95 <= budgetMs };
}

const db = getDb();
const now = new Date("2026-12-10T12:00:00Z");
const due = JSON.stringify({ type: "ABSOLUTE", at: "2026-12-01T12:00:00.000Z" });

// Gradebook: 1,000 students × 80 assignments, 80 % graded.
const gb = await createCourseWithCast();
await db.assignment.createMany({
  data: Array.from({ length: 80 }, (_, i) => ({ id: `gb-a-${i}`, courseId: gb.course.id, title: `A${i}`, points: 10, published: true, position: i, dueRule: due })),
});
await db.user.createMany({ data: Array.from({ length: 1000 }, (_, i) => ({ id: `gb-u-${i}`, email: `gb-${i}@bench.local`, displayName: `Student ${String(i).padStart(4, "0")}`, passwordHash: "x" })) });
await db.enrollment.createMany({ data: Array.from({ length: 1000 }, (_, i) => ({ id: `gb-e-${i}`, courseId: gb.course.id, userId: `gb-u-${i}`, role: "STUDENT" as const })) });
for (let s = 0; s < 1000; s += 100) {
  const data = [];
  for (let i = s; i < s + 100; i++) for (let a = 0; a < 80; a++) if ((i + a) % 5) data.push({ assignmentId: `gb-a-${a}`, enrollmentId: `gb-e-${i}`, rawScore: (i + a) % 11, finalScore: (i + a) % 11, postedAt: now });
  await db.grade.createMany({ data });
}

// Grading queue: 2,500 submissions to one assignment, half graded.
const gq = await createCourseWithCast();
const qa = await db.assignment.create({ data: { courseId: gq.course.id, title: "Essay", points: 100, published: true, dueRule: due } });
await db.user.createMany({ data: Array.from({ length: 2500 }, (_, i) => ({ id: `gq-u-${i}`, email: `gq-${i}@bench.local`, displayName: `Learner ${i}`, passwordHash: "x" })) });
await db.enrollment.createMany({ data: Array.from({ length: 2500 }, (_, i) => ({ id: `gq-e-${i}`, courseId: gq.course.id, userId: `gq-u-${i}`, role: "STUDENT" as const })) });
await db.submission.createMany({ data: Array.from({ length: 2500 }, (_, i) => ({ assignmentId: qa.id, enrollmentId: `gq-e-${i}`, attempt: 1, body: "x", submittedAt: now })) });
await db.grade.createMany({ data: Array.from({ length: 1250 }, (_, i) => ({ assignmentId: qa.id, enrollmentId: `gq-e-${i}`, rawScore: 70, finalScore: 70, gradedAt: now })) });

const results = [
  await time("gradebook first page (1,000 × 80)", 300, () => getGradebook(gb.instructor, gb.course.id, now)),
  await time("grading queue page (2,500 submissions)", 300, () =>
    getGradingQueue(gq.instructor, qa.id, queueFilterSchema.parse({})),
  ),
];
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}-services.json`;
writeFileSync(file, JSON.stringify({ url: url.replace(/\/\/.*@/, "//***@"), node: process.version, results }, null, 2));
console.log(`\nwritten ${file}`);
await db.$disconnect();
