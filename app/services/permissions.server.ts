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

type AccessRow = CourseAccess["course"] & { enrollmentId: string | null; role: CourseRole | null; sectionId: string | null };

/** The course and the actor's active enrollment (unique per course and user) in one statement: every course page asks. */
async function readCourseAccess(actor: Actor, ref: { id?: string; slug?: string }): Promise<CourseAccess> {
  const [row] = await queryRows<AccessRow>(
    `SELECT c."id", c."slug", c."title", c."status", c."timeZone", e."id" AS "enrollmentId", e."role", e."sectionId"
       FROM "Course" c LEFT JOIN "Enrollment" e ON e."courseId" = c."id" AND e."userId" = $2 AND e."status" = 'ACTIVE'
      WHERE c."${ref.id ? "id" : "slug"}" = $1`,
    [ref.id ?? ref.slug ?? "", actor.id],
  );
  if (!row) throw notFound("course");
  const { enrollmentId, role, sectionId, ...course } = row;
  const isStaff = actor.isAdmin || (role !== null && STAFF.includes(role));
  if (course.status === "DRAFT" && !isStaff) throw notFound("course");
  return { course, role, enrollmentId, sectionId, isStaff };
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
