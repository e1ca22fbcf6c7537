/**
 * The hot pages run a fixed number of SQL statements however large the course
 * or the dashboard: no N+1. Each service call is measured with the query
 * counter (counted in tests), after one warm-up call.
 */
import { expect, test } from "vitest";
import { queryCounter } from "~/lib/db.server";
import { getCourseAbout, getCourseHome, listMyCourses } from "~/services/courses.server";
import { getClassProgress } from "~/services/class-progress.server";
import { createItem, createModule, updateModule } from "~/services/modules.server";
import { getCourseHomePlan, openItem } from "~/services/study.server";
import { saveVideoProgress } from "~/services/video-progress.server";
import type { Actor } from "~/services/users.server";
import { createCourse, createSection, createUser, enroll } from "../factories";

/** Ceilings: today's counts. Lower them when a change saves a query; never raise them silently. */
/**
 * `queriesOf` counts a second call, so study pages get the module tree from the per-process cache
 * (services/module-tree.server.ts); the first read of a changed tree costs three queries more.
 */
const MAX = { listMyCourses: 1, courseHome: 2, courseAbout: 4, courseAboutStaff: 5, studyPlan: 3, lessonPage: 5, progressSave: 2, classProgress: 9 };

async function queriesOf(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const before = queryCounter.count;
  await fn();
  return queryCounter.count - before;
}

async function addStudents(courseId: string, n: number, sectionIds: string[] = []) {
  for (let i = 0; i < n; i++) {
    await enroll(await createUser(), courseId, "STUDENT", sectionIds.length ? sectionIds[i % sectionIds.length] : null);
  }
}

async function courseOf(students: number) {
  const instructor = await createUser({ displayName: "Ines Instructor" });
  const course = await createCourse(instructor, { summary: "A **big** course." });
  const sections = [await createSection(course.id, "Morning"), await createSection(course.id, "Evening")];
  const ta = await createUser({ displayName: "Tom TA" });
  await enroll(ta, course.id, "TA");
  const student = await createUser({ displayName: "Sam Student" });
  await enroll(student, course.id, "STUDENT", sections[0].id);
  await addStudents(course.id, students - 1, sections.map((s) => s.id));
  return { instructor, ta, student, course, sections };
}

test("the course home runs the same number of queries with 3 and with 60 students", async () => {
  const { instructor, ta, student, course, sections } = await courseOf(3);
  // The home's own part (a student's home: the study plan is counted below) and "About this
  // course" (the about tab; beside the home for visitors and staff).
  const home = (actor: Actor) => () => getCourseHome(actor, course.slug);
  const about = (actor: Actor) => () => getCourseAbout(actor, course.slug);
  const counts = async () => ({
    student: await queriesOf(home(student)),
    studentAbout: await queriesOf(about(student)),
    instructor: await queriesOf(home(instructor)),
    instructorAbout: await queriesOf(about(instructor)),
    taAbout: await queriesOf(about(ta)),
  });
  const small = await counts();
  expect((await getCourseAbout(instructor, course.slug)).counts.STUDENT).toBe(3);

  await addStudents(course.id, 57, sections.map((s) => s.id));
  for (let i = 0; i < 3; i++) await enroll(await createUser(), course.id, "TA");
  const big = await counts();
  expect((await getCourseAbout(instructor, course.slug)).counts.STUDENT).toBe(60);

  expect(big).toEqual(small);
  expect(small.student).toBeGreaterThan(0);
  expect(Math.max(small.student, small.instructor)).toBeLessThanOrEqual(MAX.courseHome);
  expect(small.studentAbout).toBeLessThanOrEqual(MAX.courseAbout);
  expect(Math.max(small.instructorAbout, small.taAbout)).toBeLessThanOrEqual(MAX.courseAboutStaff);
});

test("the course home query count does not depend on which student asks", async () => {
  const { course, student } = await courseOf(60);
  const other = await createUser();
  await enroll(other, course.id, "STUDENT");
  for (const read of [getCourseHome, getCourseAbout]) expect(await queriesOf(() => read(other, course.slug))).toBe(await queriesOf(() => read(student, course.slug)));
});

test("the dashboard runs the same number of queries with 2 and with 20 courses", async () => {
  const me = await createUser({ displayName: "Busy Student" });
  const owner = await createUser();
  const join = async (n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      const course = await createCourse(owner, { title: `Course ${String(offset + i).padStart(2, "0")}`, status: i % 5 === 4 ? "DRAFT" : "PUBLISHED" });
      // Mostly learning, sometimes teaching: both groups of the dashboard fill up.
      await enroll(me, course.id, i % 4 === 3 ? "TA" : "STUDENT");
      await addStudents(course.id, 2);
    }
  };
  await join(2, 0);
  const small = await queriesOf(() => listMyCourses(me));
  expect(await listMyCourses(me)).toHaveLength(2);

  await join(18, 2);
  const big = await queriesOf(() => listMyCourses(me));
  expect(await listMyCourses(me)).toHaveLength(20);

  expect(big).toBe(small);
  expect(small).toBeGreaterThan(0);
  expect(small).toBeLessThanOrEqual(MAX.listMyCourses);
});

const lesson = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  kind: "LESSON" as const,
  body: `# ${title}`,
  published: true,
  completionRule: "VIEW" as const,
  completionThreshold: null,
  assignmentId: null,
  ...extra,
});

/** Adds `modules` published modules of `items` items each (every third module requires the one before). */
async function addModules(instructor: Actor, courseId: string, modules: number, items: number, from = 0) {
  let previous: string | null = null;
  const ids: string[] = [];
  for (let m = from; m < from + modules; m++) {
    const module = await createModule(instructor, courseId, { title: `Module ${m}` });
    for (let i = 0; i < items; i++) ids.push((await createItem(instructor, module.id, lesson(`Lesson ${m}.${i}`, i === 1 ? { kind: "VIDEO", completionRule: "WATCH" } : {}))).id);
    await updateModule(instructor, module.id, { title: `Module ${m}`, published: "on", ...(m % 2 ? { sequential: "on" } : {}) }, previous && m % 3 === 0 ? [previous] : []);
    previous = module.id;
  }
  return ids;
}

test("the study plan, a lesson page, a progress save and class progress run a fixed number of queries whatever the modules, items and students", async () => {
  const { instructor, student, course, sections } = await courseOf(3);
  const now = new Date();
  const [first, video] = await addModules(instructor, course.id, 2, 2);
  const measure = async () => ({
    plan: await queriesOf(() => getCourseHomePlan(student, course.id, now)),
    lesson: await queriesOf(() => openItem(student, first, now)),
    save: await queriesOf(() => saveVideoProgress(student, video, { position: 10, from: 5, to: 10, duration: 60 }, now)),
    classProgress: await queriesOf(() => getClassProgress(instructor, course.id, now)),
    classSection: await queriesOf(() => getClassProgress(instructor, course.id, now, { sectionId: sections[0].id })),
  });
  const small = await measure();

  await addModules(instructor, course.id, 12, 4, 2);
  await addStudents(course.id, 40, sections.map((s) => s.id));
  const big = await measure();
  expect((await getCourseHomePlan(student, course.id, now)).modulePage.total).toBe(14);

  expect(big).toEqual(small);
  expect(small.plan).toBeLessThanOrEqual(MAX.studyPlan);
  expect(small.lesson).toBeLessThanOrEqual(MAX.lessonPage);
  expect(small.save).toBeLessThanOrEqual(MAX.progressSave);
  expect(small.classProgress).toBeLessThanOrEqual(MAX.classProgress);
  expect(small.classSection).toBe(small.classProgress);
});
