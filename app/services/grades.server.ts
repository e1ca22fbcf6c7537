/**
 * Grades: who may grade (`requireGrader`), posting, the visibility rule and the audit trail.
 * Saving (late penalty, override, audit) lives in grade-save.server.ts and is re-exported
 * here: the gradebook's inline edits, the grading page and the CSV import all use it.
 */
import { parseRubricScores, type RubricScores } from "~/domain/rubric";
import { sendMail } from "~/integrations/mail/mail.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { forbidden, notFound } from "~/lib/errors";
import { requireCourseRole, STAFF, type CourseAccess } from "./permissions.server";
import { learnerSelect } from "./schedule.server";
import type { Actor } from "./users.server";

export type { RubricScores } from "~/domain/rubric";
export { saveGrade, saveGradeInTx, saveGradesTogether } from "./grade-save.server";

export type SaveGradeInput = {
  assignmentId: string;
  enrollmentId: string;
  /** undefined = keep; null = clear the score. */
  rawScore?: number | null;
  excused?: boolean;
  /** Points deducted instead of the computed late penalty; null = use the late policy. Needs `overrideReason`. */
  penaltyOverride?: number | null;
  overrideReason?: string;
  feedback?: string;
  rubricScores?: RubricScores | null;
  /** Why the grade changed (e.g. a regrade); stored on each GradeEvent that has no more specific reason. */
  reason?: string;
};

export type StoredGrade = {
  id: string;
  assignmentId: string;
  enrollmentId: string;
  submissionId: string | null;
  rawScore: number | null;
  latePenalty: number;
  penaltyOverride: number | null;
  overrideReason: string | null;
  finalScore: number | null;
  excused: boolean;
  missing: boolean;
  feedback: string;
  rubricScores: RubricScores | null;
  graderId: string | null;
  gradedAt: Date | null;
  postedAt: Date | null;
  updatedAt: Date;
};

export type PostPolicy = "AUTOMATIC" | "MANUAL";

export const gradeSelect = {
  id: true,
  assignmentId: true,
  enrollmentId: true,
  submissionId: true,
  rawScore: true,
  latePenalty: true,
  penaltyOverride: true,
  overrideReason: true,
  finalScore: true,
  excused: true,
  missing: true,
  feedback: true,
  rubricScores: true,
  graderId: true,
  gradedAt: true,
  postedAt: true,
  updatedAt: true,
} as const;

type GradeRow = Omit<StoredGrade, "rubricScores"> & { rubricScores: string | null };
export const toStoredGrade = (row: GradeRow): StoredGrade => ({ ...row, rubricScores: parseRubricScores(row.rubricScores) });

/**
 * Whether the learner may see this grade: only once it is posted (AUTOMATIC posts on save,
 * MANUAL waits for "Post grades"). Everything derived from a grade — score, penalty,
 * feedback, rubric results, grader comments, regrade requests — follows this rule.
 */
export function gradeVisibleToStudent(grade: { postedAt: Date | null } | null | undefined, _assignment?: { postPolicy: string }): boolean {
  return Boolean(grade?.postedAt);
}

/** Anonymous grading always posts manually (as Canvas does), so names are revealed only by posting. */
export function effectivePostPolicy(assignment: { postPolicy: string; anonymousGrading: boolean }): PostPolicy {
  return assignment.anonymousGrading || assignment.postPolicy === "MANUAL" ? "MANUAL" : "AUTOMATIC";
}

const GRADE_MESSAGE = "Only the course's instructors and TAs can grade work.";

/** What a grader may touch in one assignment: the course access and, for a section-scoped TA, their section. */
export type GraderScope = {
  access: CourseAccess;
  assignment: {
    id: string;
    courseId: string;
    title: string;
    points: number;
    latePolicy: string;
    postPolicy: string;
    anonymousGrading: boolean;
    rubricId: string | null;
    regradeWindowDays: number | null;
    published: boolean;
  };
  /** null = every section; otherwise only students of this section. */
  sectionId: string | null;
  isInstructor: boolean;
};

export async function requireGrader(actor: Actor, assignmentId: string, roles = STAFF): Promise<GraderScope> {
  const assignment = await getDb().assignment.findUnique({
    where: { id: assignmentId },
    select: {
      id: true,
      courseId: true,
      title: true,
      points: true,
      latePolicy: true,
      postPolicy: true,
      anonymousGrading: true,
      rubricId: true,
      regradeWindowDays: true,
      published: true,
      course: { select: { taSectionScoped: true } },
    },
  });
  if (!assignment) throw notFound("assignment");
  const access = await requireCourseRole(actor, { id: assignment.courseId }, roles, GRADE_MESSAGE);
  let sectionId: string | null = null;
  if (!actor.isAdmin && access.role === "TA" && assignment.course.taSectionScoped) {
    if (!access.sectionId) throw forbidden("You grade only your own section's students, and you are not in a section yet. Ask an instructor to add you to one.");
    sectionId = access.sectionId;
  }
  const { course: _c, ...rest } = assignment;
  return { access, assignment: rest, sectionId, isInstructor: actor.isAdmin || access.role === "INSTRUCTOR" };
}

/** The student's enrollment in the grader's scope; 404 outside the course, 403 outside a scoped TA's section. */
export async function requireGradableEnrollment(scope: GraderScope, enrollmentId: string) {
  const enrollment = await getDb().enrollment.findFirst({
    where: { id: enrollmentId, courseId: scope.assignment.courseId, role: "STUDENT" },
    select: { ...learnerSelect, status: true },
  });
  if (!enrollment) throw notFound("student");
  if (scope.sectionId && enrollment.sectionId !== scope.sectionId) throw forbidden("You grade only the students of your own section.");
  return enrollment;
}

/**
 * Posts an assignment's hidden grades (MANUAL policy): sets postedAt on every graded,
 * unposted grade in the grader's scope, records a GradeEvent each, then mails each student.
 * Returns how many grades were posted.
 */
export async function postGrades(actor: Actor, assignmentId: string, now: Date): Promise<{ posted: number }> {
  const scope = await requireGrader(actor, assignmentId);
  const db = getDb();
  const pending = await db.grade.findMany({
    where: {
      assignmentId,
      postedAt: null,
      OR: [{ rawScore: { not: null } }, { excused: true }],
      enrollment: { status: "ACTIVE", ...(scope.sectionId ? { sectionId: scope.sectionId } : {}) },
    },
    select: { id: true, enrollment: { select: { user: { select: { email: true } } } } },
  });
  if (pending.length === 0) return { posted: 0 };
  const ids = pending.map((g) => g.id);
  await db.$transaction([
    db.grade.updateMany({ where: { id: { in: ids }, postedAt: null }, data: { postedAt: now } }),
    db.gradeEvent.createMany({ data: ids.map((gradeId) => ({ gradeId, actorId: actor.id, action: "postedAt", oldValue: null, newValue: now.toISOString(), reason: "Grades posted", createdAt: now })) }),
  ]);
  const link = new URL(`/courses/${scope.access.course.slug}/assignments/${assignmentId}`, getEnv().APP_URL).toString();
  for (const g of pending) {
    await sendMail({
      to: g.enrollment.user.email,
      subject: `Grade posted: ${scope.assignment.title}`,
      text: [`Your grade and feedback for "${scope.assignment.title}" in ${scope.access.course.title} are now available.`, "", link].join("\n"),
    });
  }
  return { posted: pending.length };
}

/** Hides an assignment's posted grades again (instructors only), e.g. after posting too early. */
export async function hideGrades(actor: Actor, assignmentId: string, now: Date): Promise<{ hidden: number }> {
  await requireGrader(actor, assignmentId, ["INSTRUCTOR"]);
  const db = getDb();
  const posted = await db.grade.findMany({ where: { assignmentId, postedAt: { not: null } }, select: { id: true, postedAt: true } });
  if (posted.length === 0) return { hidden: 0 };
  await db.$transaction([
    db.grade.updateMany({ where: { id: { in: posted.map((g) => g.id) } }, data: { postedAt: null } }),
    db.gradeEvent.createMany({
      data: posted.map((g) => ({ gradeId: g.id, actorId: actor.id, action: "postedAt", oldValue: g.postedAt!.toISOString(), newValue: null, reason: "Grades hidden", createdAt: now })),
    }),
  ]);
  return { hidden: posted.length };
}

/** The grade's audit trail, newest first, for instructors (and TAs) on the grading page. */
export async function listGradeEvents(actor: Actor, assignmentId: string, enrollmentId: string) {
  const scope = await requireGrader(actor, assignmentId);
  await requireGradableEnrollment(scope, enrollmentId);
  const db = getDb();
  const grade = await db.grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId, enrollmentId } }, select: { id: true } });
  if (!grade) return [];
  const events = await db.gradeEvent.findMany({
    where: { gradeId: grade.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, action: true, oldValue: true, newValue: true, reason: true, createdAt: true, actorId: true },
  });
  const actors = await db.user.findMany({ where: { id: { in: [...new Set(events.map((e) => e.actorId))] } }, select: { id: true, displayName: true } });
  const names = new Map(actors.map((a) => [a.id, a.displayName]));
  return events.map((e) => ({ ...e, actorName: names.get(e.actorId) ?? "Someone" }));
}

/** The learner's own grade for an assignment if it is visible to them; null otherwise. */
export async function getOwnVisibleGrade(enrollmentId: string, assignment: { id: string; postPolicy: string }): Promise<StoredGrade | null> {
  const row = await getDb().grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId: assignment.id, enrollmentId } }, select: gradeSelect });
  if (!row || !gradeVisibleToStudent(row, assignment)) return null;
  return toStoredGrade(row);
}


