/**
 * Test factories, also used by the demo seed. They write through Prisma
 * directly (fast, explicit) and return what the tests need.
 */
import type { CourseRole } from "~/generated/sqlite/enums";
import { getDb } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import type { Actor } from "~/services/users.server";
import { actorSelect } from "~/services/users.server";

export const TEST_PASSWORD = "correct-horse-battery";
let passwordHash: Promise<string> | undefined;
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function createUser(overrides: Partial<{ email: string; displayName: string; timeZone: string; isAdmin: boolean }> = {}): Promise<Actor> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = unique();
  return getDb().user.create({
    data: {
      email: overrides.email ?? `user-${id}@example.org`,
      displayName: overrides.displayName ?? `User ${id}`,
      timeZone: overrides.timeZone ?? "UTC",
      isAdmin: overrides.isAdmin ?? false,
      passwordHash: await passwordHash,
    },
    select: actorSelect,
  });
}

export async function createCourse(
  owner: Actor,
  overrides: Partial<{ slug: string; title: string; summary: string; status: "DRAFT" | "PUBLISHED"; selfEnrollment: boolean; enrollmentCode: string | null; timeZone: string }> = {},
) {
  const id = unique();
  return getDb().course.create({
    data: {
      slug: overrides.slug ?? `course-${id}`,
      title: overrides.title ?? `Course ${id}`,
      summary: overrides.summary ?? "A course for testing.",
      status: overrides.status ?? "PUBLISHED",
      selfEnrollment: overrides.selfEnrollment ?? true,
      enrollmentCode: overrides.enrollmentCode ?? null,
      timeZone: overrides.timeZone ?? "UTC",
      createdById: owner.id,
      enrollments: { create: { userId: owner.id, role: "INSTRUCTOR" } },
    },
  });
}

export async function enroll(user: Actor, courseId: string, role: CourseRole = "STUDENT", sectionId: string | null = null, startedAt = new Date()) {
  return getDb().enrollment.upsert({
    where: { courseId_userId: { courseId, userId: user.id } },
    create: { courseId, userId: user.id, role, sectionId, startedAt },
    update: { role, sectionId, status: "ACTIVE" },
  });
}

export async function createSection(courseId: string, name = `Section ${unique()}`) {
  return getDb().section.create({ data: { courseId, name } });
}

/** A course with an instructor, a TA, two students and an outsider. */
export async function createCourseWithCast() {
  const instructor = await createUser({ displayName: "Ines Instructor" });
  const ta = await createUser({ displayName: "Tom TA" });
  const student = await createUser({ displayName: "Sam Student" });
  const student2 = await createUser({ displayName: "Sia Student" });
  const outsider = await createUser({ displayName: "Olga Outsider" });
  const admin = await createUser({ displayName: "Ada Admin", isAdmin: true });
  const course = await createCourse(instructor);
  const section = await createSection(course.id, "Morning");
  await enroll(ta, course.id, "TA");
  await enroll(student, course.id, "STUDENT", section.id);
  await enroll(student2, course.id, "STUDENT");
  return { instructor, ta, student, student2, outsider, admin, course, section };
}

/** An assignment with date rules given as rule objects (stored as JSON like the app does). */
export async function createAssignment(
  courseId: string,
  overrides: Partial<{
    title: string;
    points: number;
    published: boolean;
    position: number;
    open: import("~/domain/schedule").DateRule | null;
    due: import("~/domain/schedule").DateRule | null;
    close: import("~/domain/schedule").DateRule | null;
    latePolicy: import("~/domain/late-policy").LatePolicy;
    maxAttempts: number | null;
  }> = {},
) {
  const json = (r: unknown) => (r ? JSON.stringify(r) : null);
  return getDb().assignment.create({
    data: {
      courseId,
      title: overrides.title ?? `Assignment ${unique()}`,
      points: overrides.points ?? 100,
      published: overrides.published ?? true,
      position: overrides.position ?? 0,
      openRule: json(overrides.open),
      dueRule: json(overrides.due),
      closeRule: json(overrides.close),
      latePolicy: JSON.stringify(overrides.latePolicy ?? { type: "NONE" }),
      maxAttempts: overrides.maxAttempts === undefined ? 1 : overrides.maxAttempts,
    },
  });
}
