import type { CourseRole } from "~/generated/sqlite/enums";
import { forbidden, notFound } from "~/lib/errors";
import { memoizeForRequest, primeRequestCache } from "~/lib/request-cache";
import { queryRows } from "./raw-query.server";
import type { Actor } from "./users.server";

export type CourseAccess = {
  course: { id: string; slug: string; title: string; status: "DRAFT" | "PUBLISHED"; timeZone: string };
  /** The actor's active role in the course; admins without an enrollment get null. */
  role: CourseRole | null;
  enrollmentId: string | null;
  sectionId: string | null;
  isStaff: boolean;
};

export const STAFF: CourseRole[] = ["INSTRUCTOR", "TA"];

/**
 * Loads a course (by id or slug) with the actor's membership in one statement and
 * applies the visibility rule: a draft course is invisible (404) to anyone but
 * its staff and admins, so its existence is not leaked.
 */
export function loadCourseAccess(actor: Actor, ref: { id?: string; slug?: string }): Promise<CourseAccess> {
  // The layout and the page of one GET request both ask, by slug or by id: one read (lib/request-cache.ts).
  const access = memoizeForRequest(actor, ref.id ? `course-access:id:${ref.id}` : `course-access:slug:${ref.slug ?? ""}`, () => readCourseAccess(actor, ref));
  void access.then(
    (found) => {
      primeRequestCache(actor, `course-access:id:${found.course.id}`, access);
      primeRequestCache(actor, `course-access:slug:${found.course.slug}`, access);
    },
    () => {},
  );
  return access;
}

/** A row holding {@link COURSE_ACCESS_COLUMNS}. */
export type CourseAccessRow = CourseAccess["course"] & { enrollmentId: string | null; role: CourseRole | null; sectionId: string | null };

/** The columns a {@link CourseAccessRow} needs, from `"Course" c` and {@link activeEnrollmentJoin}'s `e`. */
export const COURSE_ACCESS_COLUMNS = `c."id", c."slug", c."title", c."status", c."timeZone", e."id" AS "enrollmentId", e."role", e."sectionId"`;

/** Joins `"Course" c` to the active enrollment (unique per course and user) of the user whose id is the placeholder given, as `e`. */
export const activeEnrollmentJoin = (userIdPlaceholder: string) =>
  `LEFT JOIN "Enrollment" e ON e."courseId" = c."id" AND e."userId" = ${userIdPlaceholder} AND e."status" = 'ACTIVE'`;

/**
 * The visibility rule applied to a course row read with the actor's enrollment (undefined: no such
 * course): 404 for a missing course, and for a draft one unless the actor is its staff or an admin.
 */
export function courseAccessOf(actor: Actor, row: CourseAccessRow | undefined): CourseAccess {
  if (!row) throw notFound("course");
  const { enrollmentId, role, sectionId } = row;
  const course = { id: row.id, slug: row.slug, title: row.title, status: row.status, timeZone: row.timeZone };
  const isStaff = actor.isAdmin || (role !== null && STAFF.includes(role));
  if (course.status === "DRAFT" && !isStaff) throw notFound("course");
  return { course, role, enrollmentId, sectionId, isStaff };
}

/** The course and the actor's active enrollment in one statement: every course page asks. */
async function readCourseAccess(actor: Actor, ref: { id?: string; slug?: string }): Promise<CourseAccess> {
  const [row] = await queryRows<CourseAccessRow>(
    `SELECT ${COURSE_ACCESS_COLUMNS} FROM "Course" c ${activeEnrollmentJoin("$2")} WHERE c."${ref.id ? "id" : "slug"}" = $1`,
    [ref.id ?? ref.slug ?? "", actor.id],
  );
  return courseAccessOf(actor, row);
}

/** Throws 403 unless the actor holds one of `roles` in the course (admins always pass). */
export async function requireCourseRole(
  actor: Actor,
  ref: { id?: string; slug?: string },
  roles: CourseRole[],
  message = "Only the course's instructors can do that.",
): Promise<CourseAccess> {
  const access = await loadCourseAccess(actor, ref);
  if (actor.isAdmin) return access;
  if (!access.role) {
    // Non-members of a published course learn nothing about its internals.
    throw notFound("course");
  }
  if (!roles.includes(access.role)) throw forbidden(message);
  return access;
}

/** Any active member (or an admin) may proceed. */
export async function requireCourseMember(actor: Actor, ref: { id?: string; slug?: string }): Promise<CourseAccess> {
  const access = await loadCourseAccess(actor, ref);
  if (!actor.isAdmin && !access.role) throw forbidden("Enroll in this course to see its content.");
  return access;
}
