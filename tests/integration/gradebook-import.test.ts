import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { commitSession } from "~/lib/session.server";
import { action as importAction } from "~/routes/courses.$slug.gradebook.import";
import { createSession } from "~/services/auth.server";
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

test("apply writes every grade in one go, with one CSV-import audit event per change", async () => {
  const { instructor, course, student, student2, quiz, sam, sia, db } = await build();
  const csv = ["email,Quiz 1,Essay", `${student.email},8,12`, `${student2.email},EX,15`].join("\n");
  const preview = await previewGradeImport(instructor, course.id, { csv });
  expect(preview.changes).toHaveLength(4);
  const result = await applyGradeImport(instructor, course.id, { csv, expected: preview.fingerprint }, now);
  expect(result).toEqual({ applied: 4, rejected: 0, unchanged: 0 });
  const grades = await db.grade.findMany({ where: { enrollmentId: { in: [sam, sia] } }, include: { events: true } });
  expect(grades.map((g) => [g.assignmentId === quiz.id ? "quiz" : "essay", g.enrollmentId === sam ? "sam" : "sia", g.excused ? "EX" : g.rawScore]).sort()).toEqual(
    [["essay", "sam", 12], ["essay", "sia", 15], ["quiz", "sam", 8], ["quiz", "sia", "EX"]].sort(),
  );
  for (const g of grades) {
    const scoreEvents = g.events.filter((e) => (e.action === "rawScore" || e.action === "excused") && e.reason === "CSV import");
    expect(scoreEvents).toHaveLength(1);
  }
});

test("apply refuses with 409 and writes nothing when a student left or an assignment was deleted after the preview", async () => {
  const { instructor, course, student, student2, sia, essay, db } = await build();
  const csv = ["email,Quiz 1,Essay", `${student.email},8,12`, `${student2.email},9,15`].join("\n");
  const preview = await previewGradeImport(instructor, course.id, { csv });
  const [grades, events] = [await db.grade.count(), await db.gradeEvent.count()];
  const attempt = () => applyGradeImport(instructor, course.id, { csv, expected: preview.fingerprint }, now).catch((e: AppError) => e);

  await db.enrollment.update({ where: { id: sia }, data: { status: "REMOVED" } });
  const left = (await attempt()) as AppError;
  expect(left.status).toBe(409);
  expect(left.message).toMatch(/changed since your preview, so nothing was saved/);
  expect([await db.grade.count(), await db.gradeEvent.count()]).toEqual([grades, events]);

  await db.enrollment.update({ where: { id: sia }, data: { status: "ACTIVE" } });
  await db.assignment.delete({ where: { id: essay.id } });
  expect(((await attempt()) as AppError).status).toBe(409);
  expect([await db.grade.count(), await db.gradeEvent.count()]).toEqual([grades, events]);
});

test("apply is all or nothing: when the last row fails to save, no grade or audit event is written", async () => {
  const { instructor, course, student, student2, sia, db } = await build();
  const csv = ["email,Quiz 1,Essay", `${student.email},8,12`, `${student2.email},9,15`].join("\n");
  const preview = await previewGradeImport(instructor, course.id, { csv });
  // The database refuses the last student's Essay grade at write time (as a deleted assignment or
  // a dropped enrollment would, after every check passed).
  const essayRow = preview.changes.at(-1)!;
  expect(essayRow).toMatchObject({ enrollmentId: sia, assignment: "Essay" });
  const sqlite = !process.env.TEST_DB || process.env.TEST_DB === "sqlite";
  if (sqlite) {
    await db.$executeRawUnsafe(`CREATE TRIGGER fail_last BEFORE INSERT ON "Grade" WHEN NEW."enrollmentId" = '${sia}' AND NEW."assignmentId" = '${essayRow.assignmentId}' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
  } else {
    await db.$executeRawUnsafe(`CREATE FUNCTION fail_last() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER fail_last BEFORE INSERT ON "Grade" FOR EACH ROW WHEN (NEW."enrollmentId" = '${sia}' AND NEW."assignmentId" = '${essayRow.assignmentId}') EXECUTE FUNCTION fail_last()`);
  }
  const [grades, events] = [await db.grade.count(), await db.gradeEvent.count()];
  try {
    await expect(applyGradeImport(instructor, course.id, { csv, expected: preview.fingerprint }, now)).rejects.toThrow();
    expect([await db.grade.count(), await db.gradeEvent.count()]).toEqual([grades, events]);
  } finally {
    await db.$executeRawUnsafe(sqlite ? "DROP TRIGGER fail_last" : `DROP TRIGGER fail_last ON "Grade"`);
  }
  // Without the failure the same confirmed preview applies in full.
  expect((await applyGradeImport(instructor, course.id, { csv, expected: preview.fingerprint }, now)).applied).toBe(4);
});

test("the import page's Apply sends the confirmed preview; a stale one answers 409 with the new preview", async () => {
  const { instructor, course, student, student2, sia, db } = await build();
  const cookie = (await commitSession(await createSession(instructor.id, new Date()))).split(";")[0];
  const post = (intent: string, fields: Record<string, string>) =>
    importAction({
      request: new Request(`http://localhost:3000/courses/${course.slug}/gradebook/import?intent=${intent}`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      }),
      params: { slug: course.slug },
      context: {},
    } as any) as Promise<any>;
  const csv = ["email,Quiz 1", `${student.email},8`, `${student2.email},9`].join("\n");
  const previewed = await post("preview", { csv });
  expect(previewed.preview.changes).toHaveLength(2);
  await db.enrollment.update({ where: { id: sia }, data: { status: "REMOVED" } });
  const stale = await post("apply", { csv, expected: previewed.preview.fingerprint });
  expect(stale.init.status).toBe(409);
  expect(stale.data.message).toMatch(/nothing was saved/);
  expect(stale.data.preview.changes.map((c: { email: string }) => c.email)).toEqual([student.email]);
  expect(await db.gradeEvent.count({ where: { reason: "CSV import", grade: { enrollment: { courseId: course.id } } } })).toBe(0);
  const applied = await post("apply", { csv, expected: stale.data.preview.fingerprint });
  expect(applied.applied).toEqual({ applied: 1, rejected: 1, unchanged: 0 });
});
