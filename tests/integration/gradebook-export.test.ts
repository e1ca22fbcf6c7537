/**
 * The streamed CSV export (services/gradebook-export.server.ts) against the on-screen gradebook:
 * same cells (final score, EX, missing score after close, blank) and totals for every student,
 * in keyset batches, with the gradebook's access rules.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { getGradebook } from "~/services/gradebook.server";
import { gradebookCsvExport } from "~/services/gradebook-export.server";
import { saveGrade } from "~/services/grades.server";
import { createAssignment, createCourseWithCast, createUser, enroll } from "../factories";

const now = new Date("2026-12-10T12:00:00Z");
const ABS = (at: Date) => ({ type: "ABSOLUTE" as const, at });

async function build() {
  const cast = await createCourseWithCast();
  const { course, instructor } = cast;
  const db = getDb();
  const quiz = await createAssignment(course.id, { title: "Quiz", points: 10, position: 1 });
  const essay = await createAssignment(course.id, { title: "Essay", points: 20, position: 2 });
  const closed = await createAssignment(course.id, { title: "Closed lab", points: 20, position: 3, due: ABS(new Date("2026-12-01T00:00:00Z")), close: ABS(new Date("2026-12-02T00:00:00Z")) });
  await db.assignment.update({ where: { id: closed.id }, data: { missingScorePercent: 25 } });
  // Past close too, but without a missing score: its missing cells stay blank.
  await createAssignment(course.id, { title: "Closed quiz", points: 5, position: 4, due: ABS(new Date("2026-12-01T00:00:00Z")), close: ABS(new Date("2026-12-02T00:00:00Z")) });
  const draft = await createAssignment(course.id, { title: "Draft", points: 10, position: 5, published: false });
  const extra = [];
  for (let i = 0; i < 5; i++) extra.push(await createUser({ displayName: `Extra ${i}` }));
  for (const [i, u] of extra.entries()) await enroll(u, course.id, "STUDENT", i % 2 ? cast.section.id : undefined);
  const enrollments = await db.enrollment.findMany({ where: { courseId: course.id, role: "STUDENT" }, orderBy: { id: "asc" } });
  for (const [i, e] of enrollments.entries()) {
    if (i % 3 !== 2) await saveGrade(instructor, { assignmentId: quiz.id, enrollmentId: e.id, rawScore: i + 1 }, now);
    if (i % 2 === 0) await saveGrade(instructor, { assignmentId: essay.id, enrollmentId: e.id, ...(i % 4 === 0 ? { excused: true } : { rawScore: 12.5 }) }, now);
    if (i === 1) await saveGrade(instructor, { assignmentId: closed.id, enrollmentId: e.id, rawScore: 15 }, now);
    await saveGrade(instructor, { assignmentId: draft.id, enrollmentId: e.id, rawScore: 9 }, now);
  }
  return { ...cast, db, students: enrollments.length };
}

async function csvOf(...args: Parameters<typeof gradebookCsvExport>) {
  const source = await gradebookCsvExport(...args);
  const chunks: string[] = [];
  for await (const chunk of source.chunks()) chunks.push(chunk);
  return { header: source.header, chunks, lines: chunks.join("").trimEnd().split("\r\n") };
}

test("every student once, in batches, with exactly the gradebook's cells and totals", async () => {
  const { instructor, course, students } = await build();
  const { header, chunks, lines } = await csvOf(instructor, course.id, now, { batchSize: 2 });
  expect(header).toBe("name,email,section,Quiz (10 pts),Essay (20 pts),Closed lab (20 pts),Closed quiz (5 pts),current %,projected %\r\n");
  expect(chunks).toHaveLength(Math.ceil(students / 2));
  expect(lines).toHaveLength(students);
  // The on-screen gradebook, all students on one page: the same numbers.
  const book = await getGradebook(instructor, course.id, now, { page: 1 });
  expect(book.rows).toHaveLength(students);
  const expected = book.rows.map((r) =>
    [r.name, r.email, r.section ?? "", ...book.columns.map((c) => (r.cells[c.id].excused ? "EX" : (r.cells[c.id].score ?? ""))), r.current ?? "", r.projectedFinal ?? ""].join(","),
  );
  expect([...lines].sort()).toEqual([...expected].sort());
  // The cases are all there: a final score, EX, the 25 % missing score after close, blanks.
  expect(lines.some((l) => l.includes(",EX,"))).toBe(true);
  expect(lines.some((l) => l.includes(",5,"))).toBe(true);
  expect(lines.some((l) => /,,/.test(l))).toBe(true);
});

test("a section-scoped TA exports only their section; without a section, 403; students 403", async () => {
  const { ta, student, course, section, db } = await build();
  await db.course.update({ where: { id: course.id }, data: { taSectionScoped: true } });
  const status = (p: Promise<unknown>) => p.then(() => 200, (e: AppError) => e.status);
  expect(await status(gradebookCsvExport(ta, course.id, now))).toBe(403);
  expect(await status(gradebookCsvExport(student, course.id, now))).toBe(403);
  await db.enrollment.updateMany({ where: { courseId: course.id, userId: ta.id }, data: { sectionId: section.id } });
  const inSection = await db.enrollment.count({ where: { courseId: course.id, role: "STUDENT", sectionId: section.id } });
  const { lines } = await csvOf(ta, course.id, now, { sectionId: null });
  expect(lines).toHaveLength(inSection);
  expect(lines.every((l) => l.includes(",Morning,"))).toBe(true);
});

test("scores read back exactly: floats that need 17 digits, negatives, and every grade of a packed row", async () => {
  const { instructor, course, db } = await build();
  const enrollments = await db.enrollment.findMany({ where: { courseId: course.id, role: "STUDENT" }, orderBy: { id: "asc" } });
  const quiz = await db.assignment.findFirstOrThrow({ where: { courseId: course.id, title: "Quiz" } });
  const odd = [0.1 + 0.2, 1 / 3, 7.000000000000001, -0.000001, 1e-7, 123456.78901234567];
  for (const [i, score] of odd.entries()) {
    const e = enrollments[i % enrollments.length];
    await db.grade.deleteMany({ where: { assignmentId: quiz.id, enrollmentId: e.id } });
    await db.grade.create({ data: { assignmentId: quiz.id, enrollmentId: e.id, rawScore: score, finalScore: score } });
    const { lines } = await csvOf(instructor, course.id, now, { batchSize: 3 });
    const book = await getGradebook(instructor, course.id, now, { page: 1 });
    const row = book.rows.find((r) => r.enrollmentId === e.id)!;
    const line = lines.find((l) => l.includes(`,${row.email},`))!;
    // Column 4 is the quiz: the score's shortest JavaScript text, a formula-looking one quoted by csvCell.
    const cell = String(score).startsWith("-") && !/^-?\d+(\.\d+)?$/.test(String(score)) ? `"'${score}"` : String(score);
    expect(line.split(",")[3]).toBe(cell);
    expect(line.endsWith(`,${row.current ?? ""},${row.projectedFinal ?? ""}`)).toBe(true);
  }
});
