import { z } from "zod";
import type { CourseRole } from "~/generated/sqlite/enums";
import { getDb, type Db } from "~/lib/db.server";
import { badRequest, conflict, notFound } from "~/lib/errors";
import { requireCourseRole, STAFF } from "./permissions.server";
import { displayNameField, emailField, type Actor } from "./users.server";
import { sendInvitation } from "./invitations.server";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const roleField = z.enum(["INSTRUCTOR", "TA", "STUDENT"], { error: "Choose instructor, TA or student." });
export const PAGE_SIZE = 50;

export const peopleQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  section: z.string().optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});

/** The people list is staff-only: students never see classmates' emails. */
export async function listPeople(actor: Actor, courseId: string, query: z.infer<typeof peopleQuerySchema>) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see the people list.");
  const where = {
    courseId,
    status: "ACTIVE" as const,
    ...(query.section ? { sectionId: query.section === "none" ? null : query.section } : {}),
    ...(query.q ? { user: { OR: [{ email: { contains: query.q.toLowerCase() } }, { displayName: { contains: query.q } }] } } : {}),
  };
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: [{ role: "asc" }, { user: { displayName: "asc" } }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        role: true,
        startedAt: true,
        sectionId: true,
        section: { select: { name: true } },
        user: { select: { id: true, displayName: true, email: true } },
      },
    }),
  ]);
  return { total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows };
}

export const addPersonSchema = z.object({
  email: emailField,
  displayName: displayNameField.optional().or(z.literal("").transform(() => undefined)),
  role: roleField.default("STUDENT"),
  sectionId: z.string().optional().transform((v) => (v ? v : null)),
});

export type PersonOutcome = "CREATED" | "ENROLLED" | "UPDATED" | "SKIPPED";

/**
 * Adds one person inside a transaction: creates the account when the email is
 * new (an invitation mail lets them set a password), enrolls or re-activates,
 * and reports what happened.
 */
export async function addPersonInTx(
  tx: Tx,
  courseId: string,
  input: { email: string; displayName?: string; role: CourseRole; sectionId: string | null },
  now: Date,
): Promise<{ outcome: PersonOutcome; userId: string; invited: boolean }> {
  let user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  let outcome: PersonOutcome = "ENROLLED";
  let invited = false;
  if (!user) {
    user = await tx.user.create({
      data: { email: input.email, displayName: input.displayName ?? input.email.split("@")[0], passwordHash: "!invited" },
      select: { id: true },
    });
    outcome = "CREATED";
    invited = true;
  }
  const existing = await tx.enrollment.findUnique({
    where: { courseId_userId: { courseId, userId: user.id } },
    select: { status: true, role: true, sectionId: true },
  });
  if (existing?.status === "ACTIVE") {
    if (existing.role === input.role && existing.sectionId === input.sectionId) return { outcome: "SKIPPED", userId: user.id, invited };
    await tx.enrollment.update({
      where: { courseId_userId: { courseId, userId: user.id } },
      data: { role: input.role, sectionId: input.sectionId },
    });
    return { outcome: "UPDATED", userId: user.id, invited };
  }
  await tx.enrollment.upsert({
    where: { courseId_userId: { courseId, userId: user.id } },
    create: { courseId, userId: user.id, role: input.role, sectionId: input.sectionId, startedAt: now },
    update: { status: "ACTIVE", role: input.role, sectionId: input.sectionId },
  });
  return { outcome, userId: user.id, invited };
}

export async function assertSectionInCourse(courseId: string, sectionId: string | null) {
  if (!sectionId) return;
  const section = await getDb().section.findFirst({ where: { id: sectionId, courseId }, select: { id: true } });
  if (!section) throw badRequest("That section is not part of this course.", { sectionId: ["Choose a section of this course."] });
}

export async function addPerson(actor: Actor, courseId: string, input: z.infer<typeof addPersonSchema>, now: Date) {
  const access = await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can add people.");
  await assertSectionInCourse(courseId, input.sectionId);
  const result = await getDb().$transaction((tx) => addPersonInTx(tx, courseId, input, now));
  if (result.invited) await sendInvitation(result.userId, access.course.title, now);
  return result;
}

async function findEnrollment(courseId: string, enrollmentId: string) {
  const enrollment = await getDb().enrollment.findFirst({
    where: { id: enrollmentId, courseId, status: "ACTIVE" },
    select: { id: true, role: true, userId: true },
  });
  if (!enrollment) throw notFound("person in this course");
  return enrollment;
}

async function assertNotLastInstructor(courseId: string, enrollment: { role: CourseRole }) {
  if (enrollment.role !== "INSTRUCTOR") return;
  const instructors = await getDb().enrollment.count({ where: { courseId, role: "INSTRUCTOR", status: "ACTIVE" } });
  if (instructors <= 1) throw conflict("A course needs at least one instructor. Add another instructor first.");
}

export const changeRoleSchema = z.object({ enrollmentId: z.string().min(1), role: roleField });

export async function changeRole(actor: Actor, courseId: string, input: z.infer<typeof changeRoleSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can change roles.");
  const enrollment = await findEnrollment(courseId, input.enrollmentId);
  if (enrollment.role === input.role) return;
  await assertNotLastInstructor(courseId, enrollment);
  await getDb().enrollment.update({ where: { id: enrollment.id }, data: { role: input.role } });
}

export const moveSectionSchema = z.object({
  enrollmentId: z.string().min(1),
  sectionId: z.string().optional().transform((v) => (v ? v : null)),
});

export async function moveSection(actor: Actor, courseId: string, input: z.infer<typeof moveSectionSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can move people between sections.");
  const enrollment = await findEnrollment(courseId, input.enrollmentId);
  await assertSectionInCourse(courseId, input.sectionId);
  await getDb().enrollment.update({ where: { id: enrollment.id }, data: { sectionId: input.sectionId } });
}

export const removePersonSchema = z.object({ enrollmentId: z.string().min(1) });

/** Soft removal: the enrollment (and later their submissions) stays for the record. */
export async function removePerson(actor: Actor, courseId: string, input: z.infer<typeof removePersonSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can remove people.");
  const enrollment = await findEnrollment(courseId, input.enrollmentId);
  await assertNotLastInstructor(courseId, enrollment);
  await getDb().enrollment.update({ where: { id: enrollment.id }, data: { status: "REMOVED" } });
}
