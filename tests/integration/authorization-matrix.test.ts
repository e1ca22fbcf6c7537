/**
 * Every course service function against every role: the expected outcome is
 * written in the table, and the test checks the service agrees.
 * ok = allowed; 403 = forbidden; 404 = the course is hidden from this actor.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { getCourseAbout, getCourseForEdit, getCourseHome, updateCourse, deleteCourse, courseSchema } from "~/services/courses.server";
import { addPerson, changeRole, listPeople, moveSection, removePerson } from "~/services/people.server";
import { importRoster } from "~/services/roster.server";
import { createSection, deleteSection, listSections, renameSection } from "~/services/sections.server";
import type { Actor } from "~/services/users.server";
import { createCourseWithCast, createUser, enroll } from "../factories";

type Role = "admin" | "instructor" | "ta" | "student" | "outsider";
type Outcome = "ok" | 403 | 404;
type Cast = Awaited<ReturnType<typeof createCourseWithCast>>;
type Op = (actor: Actor, cast: Cast) => Promise<unknown>;

const now = new Date("2026-11-26T10:00:00Z");
const courseInput = (cast: Cast) =>
  courseSchema.parse({ title: "Renamed course", slug: cast.course.slug, timeZone: "UTC", status: "PUBLISHED" });

const OPS: Record<string, { op: Op; expect: Record<Role, Outcome>; draft?: Record<Role, Outcome> }> = {
  getCourseHome: {
    op: (a, c) => getCourseHome(a, c.course.slug),
    expect: { admin: "ok", instructor: "ok", ta: "ok", student: "ok", outsider: "ok" },
    draft: { admin: "ok", instructor: "ok", ta: "ok", student: 404, outsider: 404 },
  },
  getCourseAbout: {
    op: (a, c) => getCourseAbout(a, c.course.slug),
    expect: { admin: "ok", instructor: "ok", ta: "ok", student: "ok", outsider: "ok" },
    draft: { admin: "ok", instructor: "ok", ta: "ok", student: 404, outsider: 404 },
  },
  getCourseForEdit: {
    op: (a, c) => getCourseForEdit(a, c.course.slug),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  updateCourse: {
    op: (a, c) => updateCourse(a, c.course.id, courseInput(c)),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  listPeople: {
    op: (a, c) => listPeople(a, c.course.id, { page: 1 }),
    expect: { admin: "ok", instructor: "ok", ta: "ok", student: 403, outsider: 404 },
    draft: { admin: "ok", instructor: "ok", ta: "ok", student: 404, outsider: 404 },
  },
  listSections: {
    op: (a, c) => listSections(a, c.course.id),
    expect: { admin: "ok", instructor: "ok", ta: "ok", student: 403, outsider: 404 },
  },
  addPerson: {
    op: (a, c) => addPerson(a, c.course.id, { email: `new-${a.id}@example.org`, role: "STUDENT", sectionId: null }, now),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  changeRole: {
    op: async (a, c) => changeRole(a, c.course.id, { enrollmentId: await enrollmentOf(c.student2, c), role: "TA" }),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  moveSection: {
    op: async (a, c) => moveSection(a, c.course.id, { enrollmentId: await enrollmentOf(c.student2, c), sectionId: c.section.id }),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  removePerson: {
    op: async (a, c) => removePerson(a, c.course.id, { enrollmentId: await enrollmentOf(c.student2, c) }),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  importRoster: {
    op: (a, c) => importRoster(a, c.course.id, { csv: "email,name,role,section\nr@example.org,R,student," }, now),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  createSection: {
    op: (a, c) => createSection(a, c.course.id, { name: `S-${a.id}` }),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  renameSection: {
    op: (a, c) => renameSection(a, c.course.id, c.section.id, { name: `Renamed-${a.id}` }),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  deleteSection: {
    op: (a, c) => deleteSection(a, c.course.id, c.section.id),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
  deleteCourse: {
    op: (a, c) => deleteCourse(a, c.course.id),
    expect: { admin: "ok", instructor: "ok", ta: 403, student: 403, outsider: 404 },
  },
};

async function enrollmentOf(user: Actor, cast: Cast) {
  return (await getDb().enrollment.findUniqueOrThrow({ where: { courseId_userId: { courseId: cast.course.id, userId: user.id } } })).id;
}

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError && (error.status === 403 || error.status === 404)) return error.status as 403 | 404;
    throw error;
  }
}

/** A draft course does not exist for students: what was 403 becomes 404. */
const hiddenFromStudents = (e: Record<Role, Outcome>): Record<Role, Outcome> => ({ ...e, student: e.student === "ok" ? "ok" : 404 });

const ROLES: Role[] = ["admin", "instructor", "ta", "student", "outsider"];
const cases = Object.entries(OPS).flatMap(([name, spec]) =>
  (["PUBLISHED", "DRAFT"] as const).flatMap((status) =>
    ROLES.map((role) => ({ name, status, role, expected: (status === "DRAFT" ? spec.draft ?? hiddenFromStudents(spec.expect) : spec.expect)[role], op: spec.op })),
  ),
);

test.each(cases)("$name on a $status course as $role → $expected", async ({ status, role, expected, op }) => {
  const cast = await createCourseWithCast();
  // A second instructor so removing/demoting is never blocked by the last-instructor rule.
  await enroll(await createUser(), cast.course.id, "INSTRUCTOR");
  if (status === "DRAFT") await getDb().course.update({ where: { id: cast.course.id }, data: { status: "DRAFT" } });
  const actor = { admin: cast.admin, instructor: cast.instructor, ta: cast.ta, student: cast.student, outsider: cast.outsider }[role];
  expect(await outcomeOf(op(actor, cast))).toBe(expected);
});
