/**
 * Budget: the first gradebook page for 1,000 students × 80 assignments in p95 ≤ 300 ms.
 * Seeding 64,000 grades takes ~40 s on SQLite, so this runs only with GRADEBOOK_PERF=1
 * (measured 2026-11-26: SQLite p95 78 ms / median 52 ms; PostgreSQL p95 170 ms / median 65 ms).
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { getGradebook } from "~/services/gradebook.server";
import { createCourseWithCast } from "../factories";

const STUDENTS = 1000;
const ASSIGNMENTS = 80;

test.skipIf(!process.env.GRADEBOOK_PERF)(`first gradebook page for ${STUDENTS} students × ${ASSIGNMENTS} assignments: p95 ≤ 300 ms`, { timeout: 180_000 }, async () => {
  const db = getDb();
  const { instructor, course } = await createCourseWithCast();
  const stamp = Date.now().toString(36);
  const now = new Date("2026-12-10T12:00:00Z");
  const due = JSON.stringify({ type: "ABSOLUTE", at: "2026-12-01T12:00:00.000Z" });
  await db.assignment.createMany({
    data: Array.from({ length: ASSIGNMENTS }, (_, i) => ({ id: `perf-a-${stamp}-${i}`, courseId: course.id, title: `A${i}`, points: 10, published: true, position: i, dueRule: due, missingScorePercent: i % 2 ? 0 : null })),
  });
  await db.user.createMany({
    data: Array.from({ length: STUDENTS }, (_, i) => ({ id: `perf-u-${stamp}-${i}`, email: `perf-${stamp}-${i}@example.org`, displayName: `Student ${String(i).padStart(4, "0")}`, passwordHash: "x" })),
  });
  await db.enrollment.createMany({
    data: Array.from({ length: STUDENTS }, (_, i) => ({ id: `perf-e-${stamp}-${i}`, courseId: course.id, userId: `perf-u-${stamp}-${i}`, role: "STUDENT" as const })),
  });
  for (let s = 0; s < STUDENTS; s += 100) {
    const data = [];
    for (let i = s; i < Math.min(STUDENTS, s + 100); i++)
      for (let a = 0; a < ASSIGNMENTS; a++)
        if ((i + a) % 5) data.push({ assignmentId: `perf-a-${stamp}-${a}`, enrollmentId: `perf-e-${stamp}-${i}`, rawScore: (i + a) % 11, finalScore: (i + a) % 11, postedAt: now });
    await db.grade.createMany({ data });
  }
  await getGradebook(instructor, course.id, now); // warm-up
  const times: number[] = [];
  for (let run = 0; run < 20; run++) {
    const t = performance.now();
    const book = await getGradebook(instructor, course.id, now);
    times.push(performance.now() - t);
    expect(book.rows).toHaveLength(50);
    expect(book.total).toBe(STUDENTS + 2);
  }
  times.sort((x, y) => x - y);
  const p95 = times[Math.ceil(times.length * 0.95) - 1];
  console.info(`gradebook first page p95 ${p95.toFixed(1)} ms (median ${times[10].toFixed(1)} ms)`);
  expect(p95).toBeLessThanOrEqual(300);
});
