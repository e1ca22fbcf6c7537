import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { applyGradeImport, previewGradeImport } from "~/services/grade-import.server";
import { saveGrade } from "~/services/grades.server";
import { createAssignment, createCourseWithCast } from "../factories";

const now = new Date("2026-12-10T12:00:00Z");

async function build() {
  const cast = await createCourseWithCast();
  const { course, instructor } = cast;
  const quiz = await createAssignment(course.id, { title: "Quiz 1", points: 10, position: 1 });
  const essay = await createAssignment(course.id, { title: "Essay", points: 20, position: 2 });
  const db = getDb();
  const sam = (await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: cast.student.id } })).id;
  const sia = (await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: cast.student2.id } })).id;
  await saveGrade(instructor, { assignmentId: quiz.id, enrollmentId: sam, rawScore: 5 }, now);
  return { ...cast, quiz, essay, sam, sia, db };
}

test("preview lists each change old → new and rejects bad rows with reasons, writing nothing", async () => {
  const { instructor, course, student, student2, outsider, db } = await build();
  const csv = [
    "email,name,Quiz 1 (10 pts),Essay,Bonus round",
    `${student.email},Sam,7,EX,`,
    `${student2.email.toUpperCase()},Sia,abc,25`,
    `${outsider.email},Olga,5,5`,
    `${student.email},Sam again,1,1`,
    `,nobody,1,1`,
  ].join("\n");
  const before = await db.gradeEvent.count();
  const preview = await previewGradeImport(instructor, course.id, { csv });
  expect(preview.changes.map((c) => [c.line, c.assignment, c.old, c.new])).toEqual([
    [2, "Quiz 1", "5", "7"],
    [2, "Essay", "—", "Excused"],
  ]);
  expect(preview.rejected.map((r) => [r.line, r.column ?? "", r.reason])).toEqual([
    [1, "Bonus round", "Unknown assignment column “Bonus round”: no assignment in this course has that title."],
    [3, "Quiz 1", "“abc” is not a number (use a score like 8.5, or EX to excuse)."],
    [3, "Essay", "25 is over the 20 points possible."],
    [4, "", "Unknown student: no active student in this course has this email."],
    [5, "", "The same student appears earlier in the file."],
    [6, "", "No email in this row."],
  ]);
  expect(await db.gradeEvent.count()).toBe(before);
  expect(await db.grade.count({ where: { enrollment: { courseId: course.id } } })).toBe(1);
});

test("apply saves every valid change through saveGrade, audited as a CSV import; re-importing the export is a no-op", async () => {
  const { instructor, course, student, student2, quiz, essay, sam, sia, db } = await build();
  const csv = ["email,Quiz 1,Essay", `${student.email},7,EX`, `${student2.email},9.5,`, "nobody@example.org,1,1"].join("\n");
  const result = await applyGradeImport(instructor, course.id, { csv }, now);
  expect(result).toEqual({ applied: 3, rejected: 1, unchanged: 0 });
  const grades = await db.grade.findMany({ where: { enrollmentId: { in: [sam, sia] } }, include: { events: true } });
  const of = (a: string, e: string) => grades.find((g) => g.assignmentId === a && g.enrollmentId === e)!;
  expect(of(quiz.id, sam)).toMatchObject({ rawScore: 7, finalScore: 7 });
  expect(of(essay.id, sam)).toMatchObject({ excused: true, finalScore: null });
  expect(of(quiz.id, sia)).toMatchObject({ rawScore: 9.5, graderId: instructor.id });
  const quizSam = of(quiz.id, sam).events.find((e) => e.action === "rawScore" && e.newValue === "7")!;
  expect(quizSam).toMatchObject({ oldValue: "5", reason: "CSV import", actorId: instructor.id });
  // The same file again changes nothing.
  const again = await previewGradeImport(instructor, course.id, { csv });
  expect(again.changes).toEqual([]);
  expect(again.unchanged).toBe(3);
  const error = (await applyGradeImport(instructor, course.id, { csv }, now).catch((e) => e)) as AppError;
  expect(error.status).toBe(400);
});

test("students cannot preview or apply; a file without an email column is refused", async () => {
  const { instructor, student, course } = await build();
  const code = (p: Promise<unknown>) => p.then(() => 200, (e: AppError) => e.status);
  expect(await code(previewGradeImport(student, course.id, { csv: "email,Quiz 1\na@b.c,1" }))).toBe(403);
  expect(await code(applyGradeImport(student, course.id, { csv: "email,Quiz 1\na@b.c,1" }, now))).toBe(403);
  const error = (await previewGradeImport(instructor, course.id, { csv: "student,Quiz 1\na@b.c,1" }).catch((e) => e)) as AppError;
  expect(error.message).toMatch(/email/);
});

test("a section-scoped TA's import rejects students of other sections", async () => {
  const { ta, course, section, student, student2, db } = await build();
  await db.course.update({ where: { id: course.id }, data: { taSectionScoped: true } });
  await db.enrollment.updateMany({ where: { courseId: course.id, userId: ta.id }, data: { sectionId: section.id } });
  const preview = await previewGradeImport(ta, course.id, { csv: ["email,Quiz 1", `${student.email},6`, `${student2.email},6`].join("\n") });
  expect(preview.changes.map((c) => c.email)).toEqual([student.email]);
  expect(preview.rejected.map((r) => r.reason)).toEqual(["This student is not in your section; you grade only your own section's students."]);
});
