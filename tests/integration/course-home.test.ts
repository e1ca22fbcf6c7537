/**
 * The course home's own part and "About this course": the course, its teaching team and, for
 * staff, the head counts (services/courses.server.ts getCourseHome, getCourseAbout).
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { getCourseAbout, getCourseHome } from "~/services/courses.server";
import { createCourse, createUser, enroll } from "../factories";

test("the teaching team lists active instructors and TAs in the order they joined, at most 20, never students", async () => {
  const owner = await createUser({ displayName: "Olga Owner" });
  const course = await createCourse(owner, { summary: "Read **this** first.", enrollmentCode: "join-me" });
  const db = getDb();
  const joined = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
  await db.enrollment.updateMany({ where: { courseId: course.id }, data: { createdAt: joined(0) } });
  const tas = [];
  for (let i = 1; i <= 22; i++) {
    const ta = await createUser({ displayName: `TA ${String(i).padStart(2, "0")}` });
    const e = await enroll(ta, course.id, "TA");
    // Joined in reverse name order, so the list cannot be sorted by name by accident.
    await db.enrollment.update({ where: { id: e.id }, data: { createdAt: joined(100 - i) } });
    tas.push(ta);
  }
  const removed = await enroll(await createUser({ displayName: "Gone Instructor" }), course.id, "INSTRUCTOR");
  await db.enrollment.update({ where: { id: removed.id }, data: { status: "REMOVED", createdAt: joined(1) } });
  const student = await createUser({ displayName: "Sam Student" });
  await enroll(student, course.id);

  const about = await getCourseAbout(student, course.slug);
  expect(about.staff).toHaveLength(20);
  expect(about.staff[0]).toEqual({ role: "INSTRUCTOR", name: "Olga Owner" });
  expect(about.staff.slice(1).map((s) => s.name)).toEqual(Array.from({ length: 19 }, (_, k) => `TA ${String(22 - k).padStart(2, "0")}`));
  expect(about.staff.map((s) => s.name)).not.toContain("Gone Instructor");
  expect(about.staff.map((s) => s.name)).not.toContain("Sam Student");
  expect(about.summaryHtml).toContain("<strong>this</strong>");
  expect(about).toMatchObject({ startsAt: null, endsAt: null });

  // The home's own part: the code only as "needs a code"; no summary or teaching team (the about tab has them).
  const home = await getCourseHome(student, course.slug);
  expect(home.course).toMatchObject({ id: course.id, slug: course.slug, selfEnrollment: true, needsCode: true, startsAt: null, endsAt: null });
  expect(home.course).not.toHaveProperty("enrollmentCode");
  expect(home.course).not.toHaveProperty("summaryHtml");
  expect(home).not.toHaveProperty("staff");
  expect(home.price).toBeNull();

  // Head counts are for staff only (active enrollments).
  expect(about.counts).toEqual({});
  expect((await getCourseAbout(owner, course.slug)).counts).toEqual({ INSTRUCTOR: 1, TA: 22, STUDENT: 1 });
});
