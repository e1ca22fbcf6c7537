import { expect, test } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { getClassProgress } from "~/services/class-progress.server";
import { createItem, createModule, reorderItems, reorderModules, updateModule } from "~/services/modules.server";
import { getCourseHomePlan, openItem, saveVideoProgress, setItemDone } from "~/services/study.server";
import { createCourseWithCast, createUser, enroll } from "../factories";

const now = new Date("2026-11-26T10:00:00Z");
const later = (h: number) => new Date(now.getTime() + h * 3_600_000);

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.status} ${e.message}` : Promise.reject(e)),
  );
}

const item = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  kind: "LESSON" as const,
  body: `# ${title}`,
  published: true,
  completionRule: "VIEW" as const,
  completionThreshold: null,
  assignmentId: null,
  ...extra,
});

async function publish(actor: Parameters<typeof updateModule>[0], moduleId: string, title: string, extra: Record<string, string> = {}, prerequisites: string[] = []) {
  await updateModule(actor, moduleId, { title, published: "on", ...extra }, prerequisites);
}

async function build() {
  const cast = await createCourseWithCast();
  const { instructor, course } = cast;
  const m1 = await createModule(instructor, course.id, { title: "Module 1" });
  const m2 = await createModule(instructor, course.id, { title: "Module 2" });
  const a = await createItem(instructor, m1.id, item("Welcome"));
  const b = await createItem(instructor, m1.id, item("Checklist", { completionRule: "MARK_DONE" }));
  const c = await createItem(instructor, m2.id, item("Deep dive"));
  await publish(instructor, m1.id, "Module 1");
  await publish(instructor, m2.id, "Module 2", {}, [m1.id]);
  return { ...cast, m1, m2, a, b, c };
}

test("prerequisites lock a module with the reason; completing the first unlocks the second", async () => {
  const { student, course, a, b, c } = await build();
  let plan = await getCourseHomePlan(student, course.id, now);
  expect(plan.modules.map((m) => [m.title, m.locked])).toEqual([
    ["Module 1", false],
    ["Module 2", true],
  ]);
  expect(plan.modules[1].lockText).toBe("Complete Module 1 first");
  expect(await codeOf(openItem(student, c.id, now))).toBe("403 Complete Module 1 first");
  expect(plan.next?.itemId).toBe(a.id);
  await openItem(student, a.id, now);
  await setItemDone(student, b.id, true, now);
  plan = await getCourseHomePlan(student, course.id, now);
  expect(plan.modules[1].locked).toBe(false);
  expect(plan.overall).toMatchObject({ done: 2, total: 3 });
  await openItem(student, c.id, later(1));
  plan = await getCourseHomePlan(student, course.id, later(2));
  expect(plan.overall.percent).toBe(100);
  expect(plan.completedAt).toBeTruthy();
});

test("a prerequisite cycle is refused at save time with a clear message", async () => {
  const { instructor, m1, m2 } = await build();
  expect(await codeOf(updateModule(instructor, m1.id, { title: "Module 1", published: "on" }, [m2.id]))).toMatch(/^400 /);
  const error = (await updateModule(instructor, m1.id, { title: "Module 1" }, [m2.id]).catch((e) => e)) as AppError;
  expect(error.fieldErrors?.prerequisites?.[0]).toMatch(/Module 1 and Module 2 require each other/);
});

test("drip release: a module opens N days after each learner starts, and says when", async () => {
  const { instructor, student, course, m2, m1 } = await build();
  await publish(instructor, m2.id, "Module 2", { openMode: "relative", openDays: "3", openTime: "09:00", openZone: "COURSE" }, []);
  await getDb().enrollment.updateMany({ where: { userId: student.id }, data: { startedAt: now } });
  const before = await getCourseHomePlan(student, course.id, now);
  expect(before.modules[1].locked).toBe(true);
  expect(before.modules[1].lockText).toMatch(/^Opens Sun, 29 Nov 2026, 09:00 UTC your time$/);
  expect(before.overall.total).toBe(2); // unreleased content does not count
  const after = await getCourseHomePlan(student, course.id, new Date("2026-11-29T09:00:00Z"));
  expect(after.modules[1].locked).toBe(false);
  expect(m1).toBeTruthy();
});

test("sequential modules unlock items in order", async () => {
  const { instructor, student, course, m1, b } = await build();
  await publish(instructor, m1.id, "Module 1", { sequential: "on" });
  expect(await codeOf(openItem(student, b.id, now))).toBe("403 Complete “Welcome” first");
  const plan = await getCourseHomePlan(student, course.id, now);
  expect(plan.modules[0].items.map((i) => i.state)).toEqual(["AVAILABLE", "LOCKED"]);
});

test("unpublished items and modules are invisible to students (404), visible to staff", async () => {
  const { instructor, student, course } = await build();
  const hidden = await createModule(instructor, course.id, { title: "Secret" });
  const h = await createItem(instructor, hidden.id, item("Hidden lesson"));
  expect(await codeOf(openItem(student, h.id, now))).toMatch(/^404/);
  expect((await openItem(instructor, h.id, now)).item.title).toBe("Hidden lesson");
  const plan = await getCourseHomePlan(student, course.id, now);
  expect(plan.modules.map((m) => m.title)).not.toContain("Secret");
});

test("reordering is atomic and refuses a list that does not match", async () => {
  const { instructor, course, m1, m2, a, b } = await build();
  await reorderModules(instructor, course.id, [m2.id, m1.id]);
  expect((await getDb().module.findMany({ where: { courseId: course.id }, orderBy: { position: "asc" } })).map((m) => m.id)).toEqual([m2.id, m1.id]);
  expect(await codeOf(reorderModules(instructor, course.id, [m2.id]))).toMatch(/^400 The order sent does not match/);
  await reorderItems(instructor, m1.id, [b.id, a.id]);
  expect((await getDb().moduleItem.findMany({ where: { moduleId: m1.id }, orderBy: { position: "asc" } })).map((i) => i.id)).toEqual([b.id, a.id]);
});

test("students cannot author, and cannot see the class progress of others", async () => {
  const { student, ta, course, m1 } = await build();
  expect(await codeOf(createModule(student, course.id, { title: "Mine" }))).toMatch(/^403/);
  expect(await codeOf(createItem(ta, m1.id, item("TA item")))).toMatch(/^403/);
  expect(await codeOf(getClassProgress(student, course.id, now))).toMatch(/^403/);
});

test("video progress counts distinct seconds: skipping to the end is not watching", async () => {
  const { instructor, student, m1 } = await build();
  const v = await createItem(instructor, m1.id, item("Talk", { kind: "VIDEO", completionRule: "WATCH", completionThreshold: 90 }));
  await saveVideoProgress(student, v.id, { position: 590, from: 590, to: 600, duration: 600 }, now);
  let p = await getDb().itemProgress.findFirstOrThrow({ where: { itemId: v.id } });
  expect(p.watchedPercent).toBeLessThan(5);
  expect(p.positionSeconds).toBe(590);
  for (let t = 0; t < 600; t += 20) await saveVideoProgress(student, v.id, { position: t + 20, from: t, to: t + 20, duration: 600 }, now);
  p = await getDb().itemProgress.findFirstOrThrow({ where: { itemId: v.id } });
  expect(p.watchedPercent).toBe(100);
});

test("instructor class progress: per student, per module, and a funnel", async () => {
  const { instructor, student, course, a, b } = await build();
  await openItem(student, a.id, now);
  await setItemDone(student, b.id, true, now);
  const data = await getClassProgress(instructor, course.id, now);
  const row = data.rows.find((r) => r.name === "Sam Student");
  expect(row?.modules[0].complete).toBe(true);
  expect(data.funnel[0]).toMatchObject({ title: "Module 1", completed: 1 });
});

test("the course home's query count does not grow with modules, items or students", async () => {
  const { instructor, student, course } = await build();
  const count = async () => {
    const before = queryCounter.count;
    await getCourseHomePlan(student, course.id, now);
    return queryCounter.count - before;
  };
  const small = await count();
  for (let i = 0; i < 5; i++) {
    const m = await createModule(instructor, course.id, { title: `Extra ${i}` });
    for (let j = 0; j < 4; j++) await createItem(instructor, m.id, item(`Item ${i}.${j}`));
    await publish(instructor, m.id, `Extra ${i}`);
  }
  for (let i = 0; i < 10; i++) await enroll(await createUser(), course.id);
  expect(await count()).toBe(small);
});
