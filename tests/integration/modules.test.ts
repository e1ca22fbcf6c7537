import { afterEach, expect, test, vi } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { parse } from "csv-parse/sync";
import { getClassProgress } from "~/services/class-progress.server";
import { classProgressCsvExport } from "~/services/class-progress-export.server";
import { createItem, createModule, deleteItem, reorderItems, reorderModules, updateItem, updateModule } from "~/services/modules.server";
import { getCourseHomePlan, openItem, setItemDone } from "~/services/study.server";
import { saveVideoProgress } from "~/services/video-progress.server";
import { createAssignment, createCourseWithCast, createSection, createUser, enroll } from "../factories";

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

/** The class progress export, read to the end and parsed: the header, then one row of cells per student. */
async function exportedCsv(actor: Parameters<typeof classProgressCsvExport>[0], courseId: string, options: Parameters<typeof classProgressCsvExport>[3] = {}) {
  const { header, chunks } = await classProgressCsvExport(actor, courseId, now, options);
  let text = header;
  for await (const chunk of chunks()) text += chunk;
  return parse(text, { relax_column_count: false }) as string[][];
}

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

test("a lesson's previous and next follow course order across modules, past empty modules and unpublished items, with lock texts", async () => {
  const { instructor, student, course, m1, a, b, c } = await build();
  // Between Module 1 and Module 2: a published module without published items.
  const empty = await createModule(instructor, course.id, { title: "Interlude" });
  await createItem(instructor, empty.id, item("Draft only", { published: false }));
  await publish(instructor, empty.id, "Interlude");
  const modules = await getDb().module.findMany({ where: { courseId: course.id }, orderBy: { position: "asc" } });
  await reorderModules(instructor, course.id, [m1.id, empty.id, ...modules.filter((m) => m.id !== m1.id && m.id !== empty.id).map((m) => m.id)]);
  const hidden = await createItem(instructor, m1.id, item("Unpublished aside", { published: false }));

  const first = await openItem(student, a.id, now);
  expect(first.previous).toBeNull();
  expect(first.next).toMatchObject({ id: b.id, moduleTitle: "Module 1", state: "AVAILABLE", lockText: null });
  const last = await openItem(student, b.id, now);
  expect(last.previous).toMatchObject({ id: a.id, moduleTitle: "Module 1" });
  // Module 2 waits for Module 1: its item is next, locked, with the module's reason.
  expect(last.next).toMatchObject({ id: c.id, moduleTitle: "Module 2", state: "LOCKED", lockText: "Complete Module 1 first", moduleLockText: "Complete Module 1 first" });
  expect(last.next?.id).not.toBe(hidden.id);

  await setItemDone(student, b.id, true, now);
  const third = await openItem(student, c.id, now);
  expect(third.previous).toMatchObject({ id: b.id, moduleTitle: "Module 1", state: "COMPLETE" });
  expect(third.next).toBeNull();
  expect(third.moduleTitle).toBe("Module 2");
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

test("a reorder writes only the rows whose place changes, and closes gaps in the positions", async () => {
  const { instructor, course, m1, m2 } = await build();
  const m3 = await createModule(instructor, course.id, { title: "Module 3" });
  const m4 = await createModule(instructor, course.id, { title: "Module 4" });
  const db = getDb();
  const rows = () => db.module.findMany({ where: { courseId: course.id }, orderBy: { position: "asc" }, select: { id: true, position: true, updatedAt: true } });
  const placed = async () => (await rows()).map((m) => [m.id, m.position]);
  const before = new Map((await rows()).map((m) => [m.id, m.updatedAt.getTime()]));
  await new Promise((r) => setTimeout(r, 5));
  await reorderModules(instructor, course.id, [m1.id, m2.id, m4.id, m3.id]);
  expect(await placed()).toEqual([[m1.id, 0], [m2.id, 1], [m4.id, 2], [m3.id, 3]]);
  const touched = (await rows()).filter((m) => m.updatedAt.getTime() !== before.get(m.id)).map((m) => m.id);
  expect(touched.sort()).toEqual([m3.id, m4.id].sort());

  // Gaps left by deleted modules close on the next reorder, even for rows that keep their order.
  for (const [i, id] of [m1.id, m2.id, m4.id, m3.id].entries()) await db.module.update({ where: { id }, data: { position: i * 10 } });
  await reorderModules(instructor, course.id, [m2.id, m1.id, m4.id, m3.id]);
  expect(await placed()).toEqual([[m2.id, 0], [m1.id, 1], [m4.id, 2], [m3.id, 3]]);
  // The same order again writes nothing.
  const unchanged = new Map((await rows()).map((m) => [m.id, m.updatedAt.getTime()]));
  await new Promise((r) => setTimeout(r, 5));
  await reorderModules(instructor, course.id, [m2.id, m1.id, m4.id, m3.id]);
  expect((await rows()).every((m) => m.updatedAt.getTime() === unchanged.get(m.id))).toBe(true);
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
  // A draft video takes no progress (404, as its page).
  const draft = await createItem(instructor, m1.id, item("Draft talk", { kind: "VIDEO", completionRule: "WATCH", published: false }));
  expect(await codeOf(saveVideoProgress(student, draft.id, { position: 5, from: 0, to: 5, duration: 600 }, now))).toMatch(/^404 We couldn't find that video\./);
  expect(await getDb().itemProgress.count({ where: { itemId: draft.id } })).toBe(0);
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

test("class progress shows one page of modules at a time; overall % and the funnel still follow the rules", async () => {
  const { instructor, student, course, m1, m2, a, b, c } = await build();
  // Modules 3..25 of one lesson each: 25 published modules, two pages of 20.
  const lessons: string[] = [];
  for (let i = 3; i <= 25; i++) {
    const m = await createModule(instructor, course.id, { title: `Module ${i}` });
    lessons.push((await createItem(instructor, m.id, item(`Lesson ${i}`))).id);
    await publish(instructor, m.id, `Module ${i}`);
  }
  // Module 25 also holds two assignments: complete only with both submitted.
  const [essay, quiz] = [await createAssignment(course.id, { title: "Essay" }), await createAssignment(course.id, { title: "Quiz" })];
  const last = (await getClassProgress(instructor, course.id, now, { modulesPage: 2 })).modules.at(-1)!;
  for (const assignment of [essay, quiz]) await createItem(instructor, last.id, item(assignment.title, { kind: "ASSIGNMENT", completionRule: "SUBMIT", assignmentId: assignment.id }));
  const other = await enroll(await createUser({ displayName: "Olga Other" }), course.id);
  const db = getDb();
  const learner = await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, user: { id: student.id } } });
  for (const itemId of [a.id, c.id, ...lessons]) await db.itemProgress.create({ data: { enrollmentId: learner.id, itemId, viewedAt: now } });
  await db.itemProgress.create({ data: { enrollmentId: other.id, itemId: lessons.at(-1)!, viewedAt: now } });
  await setItemDone(student, b.id, true, now);
  await db.submission.createMany({
    data: [
      { assignmentId: essay.id, enrollmentId: learner.id, attempt: 1, submittedAt: now },
      { assignmentId: essay.id, enrollmentId: learner.id, attempt: 2, submittedAt: now },
      { assignmentId: quiz.id, enrollmentId: learner.id, attempt: 1, submittedAt: now },
      // Olga submitted the essay twice but never the quiz: Module 25 is not complete for her.
      { assignmentId: essay.id, enrollmentId: other.id, attempt: 1, submittedAt: now },
      { assignmentId: essay.id, enrollmentId: other.id, attempt: 2, submittedAt: now },
    ],
  });

  // A removed student's finished work counts in no funnel; nor does the teaching assistant's.
  const removed = await enroll(await createUser({ displayName: "Rita Removed" }), course.id);
  const assistant = await db.enrollment.findFirstOrThrow({ where: { courseId: course.id, role: "TA" } });
  for (const enrollmentId of [removed.id, assistant.id]) {
    await db.itemProgress.createMany({ data: lessons.map((itemId) => ({ enrollmentId, itemId, viewedAt: now })) });
  }
  await db.enrollment.update({ where: { id: removed.id }, data: { status: "REMOVED" } });

  const first = await getClassProgress(instructor, course.id, now);
  expect(first.modulePage).toEqual({ page: 1, pageCount: 2, first: 1, last: 20, total: 25 });
  expect(first.funnel.find((f) => f.title === "Module 3")?.completed).toBe(1); // Sam only
  expect(first.modules.map((m) => m.id).slice(0, 2)).toEqual([m1.id, m2.id]);
  expect(first.funnel).toHaveLength(20);
  expect(first.rows.every((r) => r.modules.length === 20)).toBe(true);
  const sam = (data: typeof first) => data.rows.find((r) => r.name === "Sam Student")!;
  const olga = (data: typeof first) => data.rows.find((r) => r.name === "Olga Other")!;
  expect(sam(first).percent).toBe(100); // over all 25 modules, not only the page's
  expect(olga(first).percent).toBe(Math.floor((2 * 100) / 28)); // one lesson and the essay of 28 items

  const second = await getClassProgress(instructor, course.id, now, { modulesPage: 2 });
  expect(second.modulePage).toEqual({ page: 2, pageCount: 2, first: 21, last: 25, total: 25 });
  expect(second.modules.map((m) => m.title)).toEqual(["Module 21", "Module 22", "Module 23", "Module 24", "Module 25"]);
  expect(second.rows.every((r) => r.modules.length === 5)).toBe(true);
  expect(sam(second).modules.at(-1)).toMatchObject({ complete: true, done: 3, total: 3 });
  expect(olga(second).modules.at(-1)).toMatchObject({ complete: false, done: 2, total: 3 });
  expect(second.funnel.at(-1)).toMatchObject({ title: "Module 25", completed: 1 });
  // Past the last page: the last page.
  expect((await getClassProgress(instructor, course.id, now, { modulesPage: 9 })).modulePage.page).toBe(2);

  // The two pages' funnels agree with the per-student rules over every module (the CSV export's rows).
  const [header, ...lines] = await exportedCsv(instructor, course.id);
  const funnel = [...first.funnel, ...second.funnel];
  expect(header.slice(5)).toEqual(funnel.map((f) => f.title));
  expect(funnel.map((f, k) => lines.filter((cells) => cells[5 + k] === "complete").length)).toEqual(funnel.map((f) => f.completed));
});

test("the class progress CSV: every student once across batches, one column per module, a section's students, staff only", async () => {
  const { instructor, ta, student, outsider, course, section, a, b, c } = await build();
  const evening = await createSection(course.id, "Evening, late");
  const learners: Awaited<ReturnType<typeof enroll>>[] = [];
  for (let i = 0; i < 5; i++) learners.push(await enroll(await createUser({ displayName: i === 0 ? "=HYPERLINK(1)" : `Learner ${i}` }), course.id, "STUDENT", i % 2 ? evening.id : null));
  const db = getDb();
  await db.itemProgress.createMany({ data: [a.id, b.id, c.id].map((itemId) => ({ enrollmentId: learners[1].id, itemId, viewedAt: now, completedAt: now })) });
  await db.itemProgress.create({ data: { enrollmentId: learners[2].id, itemId: a.id, viewedAt: now } });
  await db.enrollment.update({ where: { id: learners[1].id }, data: { completedAt: now } });

  const [header, ...rows] = await exportedCsv(instructor, course.id, { batchSize: 2 });
  expect(header).toEqual(["name", "email", "section", "percent", "completed_at", "Module 1", "Module 2"]);
  const students = await db.enrollment.findMany({ where: { courseId: course.id, role: "STUDENT", status: "ACTIVE" }, include: { user: true } });
  expect(rows.map((r) => r[1]).sort()).toEqual(students.map((e) => e.user.email).sort()); // each once, none twice
  const byName = new Map(rows.map((r) => [r[0], r]));
  expect(byName.get("Learner 1")).toEqual(["Learner 1", expect.any(String), "Evening, late", "100", now.toISOString(), "complete", "complete"]);
  expect(byName.get("Learner 2")?.slice(3)).toEqual(["33", "", "1/2", "0/1"]);
  expect(byName.get("'=HYPERLINK(1)")?.slice(3)).toEqual(["0", "", "0/2", "0/1"]); // a formula is text, not run
  // The raw text quotes what needs quoting.
  const { header: raw, chunks } = await classProgressCsvExport(instructor, course.id, now);
  let text = raw;
  for await (const chunk of chunks()) text += chunk;
  expect(text).toContain(`"'=HYPERLINK(1)"`);
  expect(text).toContain(`"Evening, late"`);
  expect(text.endsWith("\r\n")).toBe(true);

  const inEvening = await exportedCsv(ta, course.id, { sectionId: evening.id });
  expect(inEvening.slice(1).map((r) => r[0]).sort()).toEqual(["Learner 1", "Learner 3"]);
  expect((await exportedCsv(instructor, course.id, { sectionId: section.id })).slice(1).every((r) => r[2] === "Morning")).toBe(true);
  expect(await codeOf(classProgressCsvExport(instructor, course.id, now, { sectionId: "no-such-section" }))).toMatch(/^404/);
  expect(await codeOf(classProgressCsvExport(student, course.id, now))).toBe("403 Only course staff can export class progress.");
  expect(await codeOf(classProgressCsvExport(outsider, course.id, now))).toMatch(/^40[34]/);
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

test("the class funnel counts every student of the class (not one page), per section, as the rules do", async () => {
  const { instructor, course, m2, a, b, c } = await build();
  const assignment = await createAssignment(course.id, { title: "Essay" });
  const v = await createItem(instructor, m2.id, item("Talk", { kind: "VIDEO", completionRule: "WATCH", completionThreshold: 80 }));
  const essay = await createItem(instructor, m2.id, item("Essay", { kind: "ASSIGNMENT", completionRule: "SUBMIT", assignmentId: assignment.id }));
  const m3 = await createModule(instructor, course.id, { title: "Module 3 (empty)" });
  await publish(instructor, m3.id, "Module 3 (empty)");
  const evening = await createSection(course.id, "Evening");
  const db = getDb();
  const enrollments: string[] = [];
  for (let i = 0; i < 130; i++) {
    const e = await enroll(await createUser({ displayName: `Learner ${String(i).padStart(3, "0")}` }), course.id, "STUDENT", i % 3 === 0 ? evening.id : null);
    enrollments.push(e.id);
  }
  // 110 finish Module 1 (all viewed the welcome; 10 of the first 120 only viewed the checklist); Module 2 needs c viewed,
  // the video watched >= 80 % and the essay submitted: true for i < 60 with i % 4 !== 1 (watched 50 %) and i % 5 !== 2 (no essay).
  const rows = enrollments.flatMap((enrollmentId, i) => [
    { enrollmentId, itemId: a.id, viewedAt: now },
    ...(i < 120 ? [{ enrollmentId, itemId: b.id, viewedAt: now, completedAt: i < 10 ? null : now }] : []),
    ...(i < 60 ? [{ enrollmentId, itemId: c.id, viewedAt: now }, { enrollmentId, itemId: v.id, viewedAt: now, watchedPercent: i % 4 === 1 ? 50 : 85 }] : []),
  ]);
  await db.itemProgress.createMany({ data: rows });
  const submitters = enrollments.filter((_, i) => i < 60 && i % 5 !== 2);
  for (const enrollmentId of submitters) {
    // Two attempts each: a student still counts once.
    await db.submission.createMany({ data: [1, 2].map((attempt) => ({ assignmentId: assignment.id, enrollmentId, attempt, submittedAt: now })) });
  }
  expect(essay.id).toBeTruthy();

  const expected = (keep: (i: number) => boolean) => {
    const idx = enrollments.map((_, i) => i).filter(keep);
    return {
      m1: idx.filter((i) => i >= 10 && i < 120).length,
      m2: idx.filter((i) => i < 60 && i % 4 !== 1 && i % 5 !== 2).length,
    };
  };
  const all = await getClassProgress(instructor, course.id, now);
  expect(all.total).toBe(132); // the cast's two students as well
  expect(all.rows).toHaveLength(100); // one page of the table...
  const want = expected(() => true);
  expect(all.funnel.map((f) => [f.title, f.completed])).toEqual([
    ["Module 1", want.m1], // ...but the funnel counts all 132 (110 > 100)
    ["Module 2", want.m2],
    ["Module 3 (empty)", 132],
  ]);
  // The aggregate agrees with the per-student rules (domain/progress.ts) over the whole class (the CSV export's rows).
  const [, ...everyone] = await exportedCsv(instructor, course.id, { batchSize: 50 });
  expect(everyone).toHaveLength(132);
  expect(all.funnel.map((f, k) => everyone.filter((cells) => cells[5 + k] === "complete").length)).toEqual(all.funnel.map((f) => f.completed));

  const inEvening = await getClassProgress(instructor, course.id, now, { sectionId: evening.id });
  const wantEvening = expected((i) => i % 3 === 0);
  expect(inEvening.total).toBe(44);
  expect(inEvening.rows.every((r) => r.name.startsWith("Learner"))).toBe(true);
  expect(inEvening.funnel.map((f) => f.completed)).toEqual([wantEvening.m1, wantEvening.m2, 44]);
  expect(await codeOf(getClassProgress(instructor, course.id, now, { sectionId: "no-such-section" }))).toMatch(/^404/);

  // Constant query count: the same with 10 more students and another module.
  const count = async () => {
    await getClassProgress(instructor, course.id, now); // the module tree is cached per version: count a warm read
    const before = queryCounter.count;
    await getClassProgress(instructor, course.id, now);
    return queryCounter.count - before;
  };
  const small = await count();
  for (let i = 0; i < 10; i++) await enroll(await createUser(), course.id);
  const m4 = await createModule(instructor, course.id, { title: "Module 4" });
  await createItem(instructor, m4.id, item("More"));
  await publish(instructor, m4.id, "Module 4");
  expect(await count()).toBe(small);
});

afterEach(() => {
  vi.useRealTimers();
});

test("the per-process module tree cache serves an unchanged course and shows every change at once, however it was made", async () => {
  const { instructor, student, course, m2, a, c } = await build();
  const db = getDb();
  const home = async () => {
    const before = queryCounter.count;
    const plan = await getCourseHomePlan(student, course.id, now);
    return { queries: queryCounter.count - before, plan };
  };
  // The first read caches the tree, the next one skips its three queries.
  const fresh = await home();
  const cached = await home();
  expect(cached.queries).toBe(fresh.queries - 3);
  expect(cached.plan).toEqual(fresh.plan);

  // A rename, a deletion and a prerequisite change each show on the very next read...
  await updateItem(instructor, a.id, item("Welcome, renamed"));
  expect((await home()).plan.modules[0].items.map((i) => i.title)).toEqual(["Welcome, renamed", "Checklist"]);
  await deleteItem(instructor, c.id);
  expect((await home()).plan.modules[1].items).toEqual([]);
  expect((await home()).plan.modules[1].locked).toBe(true);
  await publish(instructor, m2.id, "Module 2", {}, []);
  expect((await home()).plan.modules[1].locked).toBe(false);

  // ...and so do changes made in SQL, past every service: the database's triggers bump the version.
  await db.$executeRaw`UPDATE "ModuleItem" SET "title" = 'Renamed in SQL' WHERE "id" = ${a.id}`;
  expect((await home()).plan.modules[0].items[0].title).toBe("Renamed in SQL");
  await db.modulePrerequisite.create({ data: { moduleId: m2.id, requiresModuleId: fresh.plan.modules[0].id } });
  expect((await home()).plan.modules[1].locked).toBe(true);
  await db.modulePrerequisite.deleteMany({ where: { moduleId: m2.id } });
  expect((await home()).plan.modules[1].locked).toBe(false);
  await db.module.updateMany({ where: { id: m2.id }, data: { published: false } });
  expect((await home()).plan.modules.map((m) => m.id)).not.toContain(m2.id);
  const versions = await db.course.findUniqueOrThrow({ where: { id: course.id }, select: { moduleTreeVersion: true } });
  expect(versions.moduleTreeVersion).toBeGreaterThan(0);
});
