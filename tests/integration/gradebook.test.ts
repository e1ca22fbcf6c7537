import { expect, test } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { saveCategories, listCategories } from "~/services/grade-categories.server";
import { getGradebook, getMyGrades, getStudentGrades } from "~/services/gradebook.server";
import { postGrades, saveGrade } from "~/services/grades.server";
import { createAssignment, createCourseWithCast, createUser, enroll } from "../factories";

const now = new Date("2026-12-10T12:00:00Z");
const ABS = (d: Date) => ({ type: "ABSOLUTE" as const, at: d });

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.status} ${e.message}` : Promise.reject(e)),
  );
}

/**
 * Homework 40 % (H1, H2: 10 pts), Exams 60 % (E1, E2: 100 pts). Sam: H1 9, H2 6, E1 70.
 * current   = (40×75 + 60×70)/100 = 72
 * projected = (40×75 + 60×35)/100 = 51
 */
async function build(options: { examPolicy?: "AUTOMATIC" | "MANUAL" } = {}) {
  const cast = await createCourseWithCast();
  const { instructor, course } = cast;
  const db = getDb();
  const h1 = await createAssignment(course.id, { title: "H1", points: 10, position: 1 });
  const h2 = await createAssignment(course.id, { title: "H2", points: 10, position: 2 });
  const e1 = await createAssignment(course.id, { title: "E1", points: 100, position: 3 });
  const e2 = await createAssignment(course.id, { title: "E2", points: 100, position: 4 });
  if (options.examPolicy) await db.assignment.updateMany({ where: { id: { in: [e1.id, e2.id] } }, data: { postPolicy: options.examPolicy } });
  await saveCategories(
    instructor,
    course.id,
    [
      { name: "Homework", weight: 40, dropLowest: 0 },
      { name: "Exams", weight: 60, dropLowest: 0 },
    ],
    { [h1.id]: "row:0", [h2.id]: "row:0", [e1.id]: "row:1", [e2.id]: "row:1" },
  );
  const enrollmentOf = async (userId: string) => (await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, userId } })).id;
  const sam = await enrollmentOf(cast.student.id);
  const sia = await enrollmentOf(cast.student2.id);
  const grade = (assignmentId: string, enrollmentId: string, rawScore: number) => saveGrade(instructor, { assignmentId, enrollmentId, rawScore }, now);
  await grade(h1.id, sam, 9);
  await grade(h2.id, sam, 6);
  await grade(e1.id, sam, 70);
  await grade(h1.id, sia, 10);
  return { ...cast, db, h1, h2, e1, e2, sam, sia };
}

test("category weights must add up to 100 %, with a plain message; all-zero means total points", async () => {
  const { instructor, ta, course } = await createCourseWithCast();
  const error = (await saveCategories(instructor, course.id, [
    { name: "Homework", weight: 40, dropLowest: 0 },
    { name: "Exams", weight: 50, dropLowest: 0 },
  ]).catch((e) => e)) as AppError;
  expect(error.status).toBe(400);
  expect(error.message).toBe("The category weights add up to 90 %. They must add up to 100 %, or all be 0 to grade by total points.");
  expect(await codeOf(saveCategories(instructor, course.id, [{ name: "A", weight: 0, dropLowest: 1 }]))).toBe("ok");
  expect(await codeOf(saveCategories(ta, course.id, [{ name: "A", weight: 0, dropLowest: 1 }]))).toMatch(/^403/);
  // Swapping names and deleting in one save.
  const { categories } = await listCategories(instructor, course.id);
  await saveCategories(instructor, course.id, [
    { id: categories[0].id, name: "B", weight: 50, dropLowest: 0 },
    { name: "A", weight: 50, dropLowest: 2 },
  ]);
  const after = await listCategories(instructor, course.id);
  expect(after.categories.map((c) => [c.name, c.weight, c.dropLowest])).toEqual([
    ["B", 50, 0],
    ["A", 50, 2],
  ]);
  expect(after.problems).toEqual([]);
});

test("gradebook totals match the hand-computed weighted grade", async () => {
  const { instructor, course, sam, sia } = await build();
  const book = await getGradebook(instructor, course.id, now);
  expect(book.mode).toBe("WEIGHTED");
  const samRow = book.rows.find((r) => r.enrollmentId === sam)!;
  expect(samRow).toMatchObject({ current: 72, projectedFinal: 51 });
  expect(Object.values(samRow.cells).map((c) => c.text)).toEqual(["9/10", "6/10", "70/100", "—"]);
  // Sia: Homework 10/10 = 100 % (only graded category) → current 100; projected 40×(10/20) + 60×0 = 20.
  expect(book.rows.find((r) => r.enrollmentId === sia)).toMatchObject({ current: 100, projectedFinal: 20 });
  expect(book.chart?.title).toBe("H1");
  expect(book.chart?.graded).toBe(2);
  expect(book.chart?.buckets.at(-1)?.value).toBe(2); // 90 % and 100 %
});

test("hidden (unposted) grades are invisible to the student, totals included, until posted", async () => {
  const { instructor, student, course, e1 } = await build({ examPolicy: "MANUAL" });
  const staff = (await getGradebook(instructor, course.id, now)).rows.find((r) => r.name === "Sam Student")!;
  expect(staff.current).toBe(72);
  expect(staff.cells[e1.id]).toMatchObject({ text: "70/100", hidden: true });
  let mine = await getStudentGrades(student, course.slug, now);
  // Only Homework counts: 15/20 = 75 %; projected 40×75 + 60×0 = 30.
  expect(mine).toMatchObject({ current: 75, projectedFinal: 30 });
  expect(mine.items.find((i) => i.id === e1.id)?.cell).toMatchObject({ score: null, text: "—", hidden: false });
  expect(JSON.stringify(mine)).not.toMatch(/70\/100|"(score|rawScore|earned)":70\b/);
  expect(await getMyGrades(student, now)).toEqual([{ slug: course.slug, title: course.title, current: 75, projectedFinal: 30, graded: 2, assignments: 4 }]);
  await postGrades(instructor, e1.id, now);
  mine = await getStudentGrades(student, course.slug, now);
  expect(mine).toMatchObject({ current: 72, projectedFinal: 51 });
  expect((await getMyGrades(student, now))[0]).toMatchObject({ current: 72, projectedFinal: 51, graded: 3 });
});

test("work never submitted is marked missing after close and counts its missing score", async () => {
  const { instructor, student, course, sam, db } = await build();
  const late = await createAssignment(course.id, { title: "Quiz", points: 20, due: ABS(new Date("2026-12-01T00:00:00Z")), close: ABS(new Date("2026-12-02T00:00:00Z")) });
  await db.assignment.update({ where: { id: late.id }, data: { missingScorePercent: 0 } });
  const row = (await getGradebook(instructor, course.id, now)).rows.find((r) => r.enrollmentId === sam)!;
  expect(row.cells[late.id]).toMatchObject({ missing: true, score: 0, text: "0/20" });
  // Uncategorised in a weighted course: listed, not counted, so totals are unchanged.
  expect(row.current).toBe(72);
  const before = (await getGradebook(instructor, course.id, new Date("2026-12-01T12:00:00Z"))).rows.find((r) => r.enrollmentId === sam)!;
  expect(before.cells[late.id]).toMatchObject({ missing: false, score: null });
  const mine = await getStudentGrades(student, course.slug, now);
  expect(mine.items.find((i) => i.id === late.id)?.cell).toMatchObject({ missing: true, text: "0/20" });
});

test("students and outsiders cannot read the gradebook; a student reads only their own grades", async () => {
  const { student, student2, outsider, ta, course, sam } = await build();
  expect(await codeOf(getGradebook(student, course.id, now))).toMatch(/^403/);
  expect(await codeOf(getGradebook(outsider, course.id, now))).toMatch(/^404/);
  expect(await codeOf(getStudentGrades(outsider, course.slug, now))).toMatch(/^403/);
  expect(await codeOf(getStudentGrades(ta, course.slug, now))).toMatch(/^403/);
  expect((await getGradebook(ta, course.id, now)).rows).toHaveLength(2);
  const sia = await getStudentGrades(student2, course.slug, now);
  expect(JSON.stringify(sia)).not.toContain(sam);
  expect(sia.current).toBe(100);
});

test("a section-scoped TA sees only their section", async () => {
  const { ta, course, section, db } = await build();
  await db.course.update({ where: { id: course.id }, data: { taSectionScoped: true } });
  expect(await codeOf(getGradebook(ta, course.id, now))).toMatch(/^403 You see only your own section/);
  await db.enrollment.updateMany({ where: { courseId: course.id, userId: ta.id }, data: { sectionId: section.id } });
  const book = await getGradebook(ta, course.id, now, { sectionId: null });
  expect(book.rows.map((r) => r.name)).toEqual(["Sam Student"]);
  expect(book.sections.map((s) => s.id)).toEqual([section.id]);
});

test("section filter and paging", async () => {
  const { instructor, course, section } = await build();
  const filtered = await getGradebook(instructor, course.id, now, { sectionId: section.id });
  expect(filtered.rows.map((r) => r.name)).toEqual(["Sam Student"]);
  expect(filtered.total).toBe(1);
});

test("the gradebook's query count does not grow with the number of students (3 vs 40)", async () => {
  const { instructor, course } = await build();
  const count = async () => {
    const before = queryCounter.count;
    await getGradebook(instructor, course.id, now);
    return queryCounter.count - before;
  };
  const small = await count();
  for (let i = 0; i < 38; i++) await enroll(await createUser(), course.id);
  const big = await count();
  expect((await getGradebook(instructor, course.id, now)).rows).toHaveLength(40);
  expect(big).toBe(small);
});

test("authorization matrix for the gradebook services", async () => {
  const cast = await createCourseWithCast();
  const { course } = cast;
  const { gradebookBatches } = await import("~/services/gradebook.server");
  const { previewGradeImport } = await import("~/services/grade-import.server");
  type Who = "admin" | "instructor" | "ta" | "student" | "outsider";
  const ops: Record<string, [(a: typeof cast.admin) => Promise<unknown>, Record<Who, string>]> = {
    getGradebook: [(a) => getGradebook(a, course.id, now), { admin: "ok", instructor: "ok", ta: "ok", student: "403", outsider: "404" }],
    gradebookBatches: [(a) => gradebookBatches(a, course.id, now), { admin: "ok", instructor: "ok", ta: "ok", student: "403", outsider: "404" }],
    listCategories: [(a) => listCategories(a, course.id), { admin: "ok", instructor: "ok", ta: "ok", student: "403", outsider: "404" }],
    saveCategories: [(a) => saveCategories(a, course.id, []), { admin: "ok", instructor: "ok", ta: "403", student: "403", outsider: "404" }],
    previewGradeImport: [(a) => previewGradeImport(a, course.id, { csv: "email\nnobody@example.org" }), { admin: "ok", instructor: "ok", ta: "ok", student: "403", outsider: "404" }],
    getStudentGrades: [(a) => getStudentGrades(a, course.slug, now), { admin: "403", instructor: "403", ta: "403", student: "ok", outsider: "403" }],
  };
  const actual: Record<string, Record<Who, string>> = {};
  const expected: Record<string, Record<Who, string>> = {};
  for (const [name, [op, want]] of Object.entries(ops)) {
    expected[name] = want;
    actual[name] = {} as Record<Who, string>;
    for (const who of Object.keys(want) as Who[]) actual[name][who] = (await codeOf(op(cast[who]))).split(" ")[0];
  }
  expect(actual).toEqual(expected);
});
