/**
 * Gradebook routes called as the browser reaches them: CSV export, inline cell edits, the
 * student's Grades page, the import preview/apply, and who may reach what.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { action as gradebookAction, loader as gradebookLoader } from "~/routes/courses.$slug.gradebook._index";
import { loader as csvLoader } from "~/routes/courses.$slug.gradebook[.csv]";
import { action as importAction } from "~/routes/courses.$slug.gradebook.import";
import { action as categoriesAction, loader as categoriesLoader } from "~/routes/courses.$slug.gradebook.categories";
import { loader as gradesLoader } from "~/routes/courses.$slug.grades";
import { saveGrade } from "~/services/grades.server";
import { createAssignment, createCourseWithCast, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const get = async (path: string, userId: string) => new Request(`${BASE}${path}`, { headers: { Cookie: await cookieFor(userId) } });
const post = async (path: string, userId: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieFor(userId) } });

function unwrap(result: unknown): { status: number; body: any } {
  if (result instanceof Response) return { status: result.status, body: null };
  const r = result as { init?: { status?: number } | null; data?: unknown; type?: string };
  if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}
async function thrownStatus(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
  } catch (error) {
    return unwrap(error).status;
  }
  return 200;
}

async function build() {
  const cast = await createCourseWithCast();
  const { course, instructor } = cast;
  const quiz = await createAssignment(course.id, { title: "Quiz", points: 10, position: 1 });
  const essay = await createAssignment(course.id, { title: "Essay", points: 20, position: 2 });
  const db = getDb();
  const sam = (await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: cast.student.id } })).id;
  const sia = (await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: cast.student2.id } })).id;
  const now = new Date();
  await saveGrade(instructor, { assignmentId: quiz.id, enrollmentId: sam, rawScore: 8 }, now);
  await saveGrade(instructor, { assignmentId: essay.id, enrollmentId: sam, excused: true }, now);
  await saveGrade(instructor, { assignmentId: quiz.id, enrollmentId: sia, rawScore: 4, feedback: "See me" }, now);
  return { ...cast, quiz, essay, sam, sia, db };
}

test("CSV export: one row per student, final scores, EX, totals, formula-injection safe", async () => {
  const { instructor, course, db, student } = await build();
  await db.user.update({ where: { id: student.id }, data: { displayName: "=HYPERLINK(\"http://evil\")" } });
  const res = (await csvLoader(args(await get(`/courses/${course.slug}/gradebook.csv`, instructor.id), { slug: course.slug }))) as Response;
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(res.body).toBeInstanceOf(ReadableStream);
  const lines = (await res.text()).trimEnd().split("\r\n");
  expect(lines[0]).toBe("name,email,section,Quiz (10 pts),Essay (20 pts),current %,projected %");
  expect(lines).toHaveLength(3);
  const sam = lines.find((l) => l.includes(student.email))!;
  // Sam: Quiz 8/10, Essay excused → 80 % current and projected (points mode).
  expect(sam).toBe(`"'=HYPERLINK(""http://evil"")",${student.email},Morning,8,EX,80,80`);
  expect(lines.some((l) => l.startsWith("Sia Student,") && l.endsWith(",4,,40,13.33"))).toBe(true);
});

test("CSV export streams in keyset batches: every student exactly once", async () => {
  const { instructor, course } = await build();
  for (let i = 0; i < 7; i++) await enroll(await createUser(), course.id);
  const { gradebookBatches } = await import("~/services/gradebook.server");
  const source = await gradebookBatches(instructor, course.id, new Date(), { batchSize: 3 });
  const sizes: number[] = [];
  const ids = new Set<string>();
  for await (const batch of source.batches()) {
    sizes.push(batch.length);
    for (const r of batch) ids.add(r.enrollmentId);
  }
  expect(sizes).toEqual([3, 3, 3]);
  expect(ids.size).toBe(9);
});

test("students get 403 on the gradebook, its CSV and its actions; outsiders 404; a student's Grades show only their own", async () => {
  const { student, outsider, course, quiz, sia, sam } = await build();
  expect(await thrownStatus(() => gradebookLoader(args(new Request(`${BASE}/courses/${course.slug}/gradebook`), { slug: course.slug })))).toBe(302);
  const studentGet = async (path: string) => get(path, student.id);
  expect(await thrownStatus(async () => gradebookLoader(args(await studentGet(`/courses/${course.slug}/gradebook`), { slug: course.slug })))).toBe(403);
  expect(await thrownStatus(async () => csvLoader(args(await studentGet(`/courses/${course.slug}/gradebook.csv`), { slug: course.slug })))).toBe(403);
  expect(await thrownStatus(async () => categoriesLoader(args(await studentGet(`/courses/${course.slug}/gradebook/categories`), { slug: course.slug })))).toBe(403);
  expect(await thrownStatus(async () => csvLoader(args(await get(`/courses/${course.slug}/gradebook.csv`, outsider.id), { slug: course.slug })))).toBe(404);
  const edit = unwrap(await gradebookAction(args(await post(`/courses/${course.slug}/gradebook?index`, student.id, { enrollmentId: sia, assignmentId: quiz.id, score: "10" }), { slug: course.slug })));
  expect(edit.status).toBe(403);
  const imported = unwrap(await importAction(args(await post(`/courses/${course.slug}/gradebook/import?intent=apply`, student.id, { csv: "email,Quiz\nx@example.org,1" }), { slug: course.slug })));
  expect(imported.status).toBe(403);

  const mine = unwrap(await gradesLoader(args(await studentGet(`/courses/${course.slug}/grades`), { slug: course.slug }))).body;
  expect(mine.current).toBe(80);
  const text = JSON.stringify(mine);
  expect(text).not.toContain(sia);
  expect(text).not.toContain("See me");
  expect(text).not.toContain(sam);
});

test("an inline cell edit saves through saveGrade with its audit trail; bad input is a 400", async () => {
  const { instructor, course, quiz, essay, sia, db } = await build();
  const ok = unwrap(await gradebookAction(args(await post(`/courses/${course.slug}/gradebook?index`, instructor.id, { enrollmentId: sia, assignmentId: quiz.id, score: "9.5" }), { slug: course.slug })));
  expect(ok.body).toEqual({ ok: true });
  const grade = await db.grade.findFirstOrThrow({ where: { assignmentId: quiz.id, enrollmentId: sia }, include: { events: true } });
  expect(grade.finalScore).toBe(9.5);
  expect(grade.events.filter((e) => e.action === "rawScore").map((e) => [e.oldValue, e.newValue])).toEqual([
    [null, "4"],
    ["4", "9.5"],
  ]);
  const bad = unwrap(await gradebookAction(args(await post(`/courses/${course.slug}/gradebook?index`, instructor.id, { enrollmentId: sia, assignmentId: quiz.id, score: "lots" }), { slug: course.slug })));
  expect(bad.status).toBe(400);
  expect(bad.body.fieldErrors.score[0]).toMatch(/Enter a score like 8.5/);
  const cleared = unwrap(await gradebookAction(args(await post(`/courses/${course.slug}/gradebook?index`, instructor.id, { enrollmentId: sia, assignmentId: essay.id, score: "" }), { slug: course.slug })));
  expect(cleared.body).toEqual({ ok: true });
  expect(await db.grade.count({ where: { assignmentId: essay.id, enrollmentId: sia } })).toBe(0);
  const book = unwrap(await gradebookLoader(args(await get(`/courses/${course.slug}/gradebook`, instructor.id), { slug: course.slug }))).body;
  expect(book.rows.find((r: any) => r.enrollmentId === sia).current).toBe(95);
});

test("categories form: weights that do not add up are refused with the plain message", async () => {
  const { instructor, course, quiz } = await build();
  const bad = unwrap(
    await categoriesAction(args(await post(`/courses/${course.slug}/gradebook/categories`, instructor.id, { "name.0": "Quizzes", "weight.0": "60", "dropLowest.0": "0", "name.1": "Essays", "weight.1": "30", "dropLowest.1": "" }), { slug: course.slug })),
  );
  expect(bad.status).toBe(400);
  expect(bad.body.message).toBe("The category weights add up to 90 %. They must add up to 100 %, or all be 0 to grade by total points.");
  const good = unwrap(
    await categoriesAction(args(await post(`/courses/${course.slug}/gradebook/categories`, instructor.id, { "name.0": "Quizzes", "weight.0": "100", "dropLowest.0": "1", "name.1": "", "weight.1": "", [`category.${quiz.id}`]: "" }), { slug: course.slug })),
  );
  expect(good.body).toEqual({ ok: true });
  const page = unwrap(await categoriesLoader(args(await get(`/courses/${course.slug}/gradebook/categories`, instructor.id), { slug: course.slug }))).body;
  expect(page.categories.map((c: any) => [c.name, c.weight, c.dropLowest])).toEqual([["Quizzes", 100, 1]]);
});

test("CSV cells: formulas are neutralised, numbers (also negative) and plain text are left alone", async () => {
  const { csvCell } = await import("~/lib/csv");
  expect(["=1+1", "+SUM(A1)", "-cmd", "@x", "\tx", "-5", "8.5", "Plain", 'a "quote"', "a,b", null].map(csvCell)).toEqual([
    `"'=1+1"`,
    `"'+SUM(A1)"`,
    `"'-cmd"`,
    `"'@x"`,
    `"'\tx"`,
    "-5",
    "8.5",
    "Plain",
    `"a ""quote"""`,
    `"a,b"`,
    "",
  ]);
});

test("CSV export waits for the writer: no batch is made before the response has taken the last one", async () => {
  const { instructor, course } = await build();
  for (let i = 0; i < 3; i++) await enroll(await createUser(), course.id);
  let waits = 0;
  let release: ((more: boolean) => void) | null = null;
  // server.mjs's load context: the first wait passes, the second blocks until released.
  const backpressure = () => () => (++waits === 1 ? Promise.resolve(true) : new Promise<boolean>((resolve) => (release = resolve)));
  const request = await get(`/courses/${course.slug}/gradebook.csv`, instructor.id);
  const res = (await csvLoader({ request, params: { slug: course.slug }, context: { backpressure } } as any)) as Response;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  expect(decoder.decode((await reader.read()).value)).toMatch(/^name,email,section,/);
  expect(waits).toBe(0);
  expect(decoder.decode((await reader.read()).value).split("\r\n").filter(Boolean)).toHaveLength(5);
  expect(waits).toBe(1);
  // The next read waits for "drain"; a client that went away ends the stream.
  const next = reader.read();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(waits).toBe(2);
  release!(false);
  expect((await next).done).toBe(true);
});
