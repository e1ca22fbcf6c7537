/**
 * The instructor's module editor as the browser reaches it: twenty modules a page, drag and drop
 * on a page reordering that page's modules in place, new modules and copies opening the last page.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { action, loader } from "~/routes/courses.$slug.modules._index";
import { createModule } from "~/services/modules.server";
import { createCourseWithCast } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const get = async (path: string, userId: string) => new Request(`${BASE}${path}`, { headers: { Cookie: await cookieFor(userId) } });
const post = async (path: string, userId: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieFor(userId) } });

/** A loader's or action's answer, returned or thrown: a Response, Remix's `data(…, { status })`, or plain data. */
async function outcome(fn: () => Promise<unknown>): Promise<{ status: number; location: string | null; body: any }> {
  let result: unknown;
  try {
    result = await fn();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: null };
  const r = result as { type?: string; init?: { status?: number } | null; data?: unknown };
  if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, location: null, body: r.data };
  return { status: 200, location: null, body: result };
}

async function courseOf25() {
  const cast = await createCourseWithCast();
  const ids: string[] = [];
  for (let i = 1; i <= 25; i++) ids.push((await createModule(cast.instructor, cast.course.id, { title: `Module ${i}` })).id);
  const order = async () => (await getDb().module.findMany({ where: { courseId: cast.course.id }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { title: true } })).map((m) => m.title);
  return { ...cast, ids, order };
}

test("twenty modules a page, with the page's place in the course (for the first and last modules' move buttons)", async () => {
  const { instructor, course } = await courseOf25();
  const path = `/courses/${course.slug}/modules`;
  const first = (await outcome(async () => loader(args(await get(path, instructor.id), { slug: course.slug })))).body;
  expect(first.modules.map((m: { title: string }) => m.title)).toEqual(Array.from({ length: 20 }, (_, i) => `Module ${i + 1}`));
  expect(first.modulePage).toEqual({ page: 1, pageCount: 2, first: 1, last: 20, total: 25 });
  expect(first.offset).toBe(0);
  const second = (await outcome(async () => loader(args(await get(`${path}?modules=2`, instructor.id), { slug: course.slug })))).body;
  expect(second.modules.map((m: { title: string }) => m.title)).toEqual(["Module 21", "Module 22", "Module 23", "Module 24", "Module 25"]);
  expect(second.offset).toBe(20);
  // Nonsense page numbers show the first page, or the last when past it.
  for (const [query, page] of [["abc", 1], ["-2", 1], ["99", 2]] as const) {
    expect((await outcome(async () => loader(args(await get(`${path}?modules=${query}`, instructor.id), { slug: course.slug })))).body.modulePage.page).toBe(page);
  }
});

test("drag and drop on a page reorders that page's modules in place; a stale order is refused and changes nothing", async () => {
  const { instructor, ta, student, course, ids, order } = await courseOf25();
  const path = `/courses/${course.slug}/modules?modules=2&intent=order-modules`;
  const send = async (userId: string, orderIds: string[]) => outcome(async () => action(args(await post(path, userId, { order: orderIds.join(",") }), { slug: course.slug })));

  expect((await send(instructor.id, ids.slice(20).reverse())).status).toBe(200);
  const expected = [...Array.from({ length: 20 }, (_, i) => `Module ${i + 1}`), "Module 25", "Module 24", "Module 23", "Module 22", "Module 21"];
  expect(await order()).toEqual(expected);

  const stale = await send(instructor.id, [ids[20], "gone-module-id"]);
  expect(stale.status).toBe(400);
  expect(JSON.stringify(stale.body)).toContain("The order sent does not match the current list. Reload the page and try again.");
  expect((await send(instructor.id, [ids[20], ids[20]])).status).toBe(400);
  expect(await order()).toEqual(expected);

  // Only instructors reorder.
  expect((await send(ta.id, ids.slice(20))).status).toBe(403);
  expect((await send(student.id, ids.slice(20))).status).toBe(403);
  expect(await order()).toEqual(expected);
});

test("moving a module across a page boundary follows it to its new page; a move within the page stays", async () => {
  const { instructor, course, ids, order } = await courseOf25();
  const move = async (page: number, id: string, direction: "up" | "down") =>
    outcome(async () => action(args(await post(`/courses/${course.slug}/modules?modules=${page}&intent=move-module`, instructor.id, { id, direction }), { slug: course.slug })));

  // Module 21 is the first of page 2: up puts it on page 1, at its place 20.
  expect(await move(2, ids[20], "up")).toMatchObject({ status: 302, location: `/courses/${course.slug}/modules?modules=1#m-${ids[20]}` });
  expect((await order()).slice(18, 22)).toEqual(["Module 19", "Module 21", "Module 20", "Module 22"]);
  // Within page 1: no redirect, the page revalidates where it is.
  expect(await move(1, ids[0], "down")).toMatchObject({ status: 200, location: null });
  expect((await order()).slice(0, 2)).toEqual(["Module 2", "Module 1"]);
  // Module 20 is now the first of page 2: down keeps it on page 2.
  expect(await move(2, ids[19], "down")).toMatchObject({ status: 200, location: null });
  expect((await order()).slice(19, 22)).toEqual(["Module 21", "Module 22", "Module 20"]);
});

test("a new module and a copy open the last page, at the module", async () => {
  const { instructor, course, ids } = await courseOf25();
  const base = `/courses/${course.slug}/modules?modules=1`;
  const added = await outcome(async () => action(args(await post(`${base}&intent=add-module`, instructor.id, { title: "Module 26" }), { slug: course.slug })));
  const created = await getDb().module.findFirstOrThrow({ where: { courseId: course.id, title: "Module 26" } });
  expect(added).toMatchObject({ status: 302, location: `/courses/${course.slug}/modules?modules=2#m-${created.id}` });

  const copied = await outcome(async () => action(args(await post(`${base}&intent=duplicate-module`, instructor.id, { id: ids[0] }), { slug: course.slug })));
  const copy = await getDb().module.findFirstOrThrow({ where: { courseId: course.id, title: "Module 1 (copy)" } });
  expect(copied).toMatchObject({ status: 302, location: `/courses/${course.slug}/modules?modules=2#m-${copy.id}` });

  const invalid = await outcome(async () => action(args(await post(`${base}&intent=add-module`, instructor.id, { title: "" }), { slug: course.slug })));
  expect(invalid.status).toBe(400);
  expect(await getDb().module.count({ where: { courseId: course.id } })).toBe(27);
});

test("an action the page does not know answers 400 and changes nothing", async () => {
  const { instructor, course, order } = await courseOf25();
  const before = await order();
  for (const intent of ["", "&intent=launch-rockets"]) {
    const answer = await outcome(async () => action(args(await post(`/courses/${course.slug}/modules?modules=1${intent}`, instructor.id, { id: "x" }), { slug: course.slug })));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ message: expect.stringMatching(/does not know/) });
  }
  expect(await order()).toEqual(before);
});
