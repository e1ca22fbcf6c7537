/**
 * Grades: saving (with late penalty, override and a full audit), posting, and the
 * visibility rule. The gradebook's inline edits and the grading page both call `saveGrade`.
 */
import { computeLatePenalty, roundScore } from "~/domain/late-policy";
import { parseRubricScores, rubricTotal, validateRubricScores, type RubricDef, type RubricScores } from "~/domain/rubric";
import { sendMail } from "~/integrations/mail/mail.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { badRequest, conflict, forbidden, notFound } from "~/lib/errors";
import { decodeLatePolicy } from "./date-rules";
import { requireCourseRole, STAFF, type CourseAccess } from "./permissions.server";
import { learnerSelect, resolveForLearners, toLearner } from "./schedule.server";
import type { Actor } from "./users.server";

export type { RubricScores } from "~/domain/rubric";

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

async function loadRubric(rubricId: string | null): Promise<RubricDef | null> {
  if (!rubricId) return null;
  const criteria = await getDb().rubricCriterion.findMany({
    where: { rubricId },
    orderBy: { position: "asc" },
    select: { id: true, title: true, points: true, ratings: { orderBy: { position: "asc" }, select: { id: true, title: true, points: true } } },
  });
  return { criteria };
}

const finite = (v: number, field: string, label: string) => {
  if (!Number.isFinite(v) || v < 0) throw badRequest(`${label} must be 0 or more.`, { [field]: [`${label} must be 0 or more.`] });
  return roundScore(v);
};

type Tracked = "rawScore" | "latePenalty" | "penaltyOverride" | "overrideReason" | "finalScore" | "excused" | "feedback" | "rubricScores" | "postedAt";
const TRACKED: Tracked[] = ["rawScore", "latePenalty", "penaltyOverride", "overrideReason", "finalScore", "excused", "feedback", "rubricScores", "postedAt"];
const asText = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/**
 * Saves one learner's grade. Fields left undefined keep their value. The late penalty is
 * computed from the learner's latest submission and their own resolved due date, unless an
 * override (with a reason) is given; final = raw − penalty (never below 0), null when
 * there is no score or the work is excused. AUTOMATIC posting makes it visible at once.
 * Every changed field is recorded as a GradeEvent in the same transaction; a concurrent
 * change by someone else is a 409 rather than a silent overwrite.
 */
export async function saveGrade(actor: Actor, input: SaveGradeInput, now: Date): Promise<StoredGrade> {
  const scope = await requireGrader(actor, input.assignmentId);
  const enrollment = await requireGradableEnrollment(scope, input.enrollmentId);
  const db = getDb();
  const { assignment } = scope;
  const [existingRow, latest, rubric] = await Promise.all([
    db.grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId: assignment.id, enrollmentId: enrollment.id } }, select: gradeSelect }),
    db.submission.findFirst({
      where: { assignmentId: assignment.id, enrollmentId: enrollment.id },
      orderBy: { attempt: "desc" },
      select: { id: true, submittedAt: true },
    }),
    input.rubricScores ? loadRubric(assignment.rubricId) : Promise.resolve(null),
  ]);
  const existing = existingRow ? toStoredGrade(existingRow) : null;

  let rubricScores = existing?.rubricScores ?? null;
  if (input.rubricScores !== undefined) {
    if (input.rubricScores && !rubric) throw badRequest("This assignment has no rubric to score.");
    if (input.rubricScores && rubric) {
      const problems = validateRubricScores(rubric, input.rubricScores);
      if (problems.length) throw badRequest(problems[0].message, { rubricScores: problems.map((p) => p.message) });
    }
    rubricScores = input.rubricScores;
  }
  let rawScore = existing?.rawScore ?? null;
  if (input.rawScore !== undefined) rawScore = input.rawScore === null ? null : finite(input.rawScore, "rawScore", "Score");
  else if (input.rubricScores && rubric) rawScore = rubricTotal(rubric, input.rubricScores).total;
  const excused = input.excused ?? existing?.excused ?? false;
  const feedback = input.feedback !== undefined ? input.feedback.trim() : (existing?.feedback ?? "");

  let penaltyOverride = existing?.penaltyOverride ?? null;
  let overrideReason = existing?.overrideReason ?? null;
  if (input.penaltyOverride !== undefined) {
    penaltyOverride = input.penaltyOverride === null ? null : finite(input.penaltyOverride, "penaltyOverride", "Penalty");
    if (penaltyOverride === null) overrideReason = null;
    else {
      const reason = input.overrideReason?.trim() ?? "";
      if (penaltyOverride !== (existing?.penaltyOverride ?? null) || input.overrideReason !== undefined) {
        if (!reason) throw badRequest("Say why you are overriding the late penalty.", { overrideReason: ["Give a reason for the override."] });
        overrideReason = reason;
      }
    }
  }

  let computedPenalty = 0;
  if (latest && rawScore !== null) {
    const learner = toLearner(enrollment);
    const [resolved] = await resolveForLearners([learner], now, { assignmentIds: [assignment.id], includeUnpublished: true });
    computedPenalty = computeLatePenalty(decodeLatePolicy(assignment.latePolicy), {
      dueAt: resolved?.schedule.dueAt ?? null,
      submittedAt: latest.submittedAt,
      rawScore,
      pointsPossible: assignment.points,
    }).penaltyPoints;
  }
  const latePenalty = penaltyOverride ?? computedPenalty;
  const finalScore = excused || rawScore === null ? null : roundScore(Math.max(0, rawScore - latePenalty));
  const hasResult = excused || rawScore !== null;
  const postedAt = existing?.postedAt ?? (effectivePostPolicy(assignment) === "AUTOMATIC" && hasResult ? now : null);

  const next = { rawScore, latePenalty, penaltyOverride, overrideReason, finalScore, excused, feedback, rubricScores, postedAt };
  const before = {
    rawScore: existing?.rawScore ?? null,
    latePenalty: existing?.latePenalty ?? 0,
    penaltyOverride: existing?.penaltyOverride ?? null,
    overrideReason: existing?.overrideReason ?? null,
    finalScore: existing?.finalScore ?? null,
    excused: existing?.excused ?? false,
    feedback: existing?.feedback ?? "",
    rubricScores: existing?.rubricScores ?? null,
    postedAt: existing?.postedAt ?? null,
  };
  const text = (field: Tracked, v: unknown) => (field === "rubricScores" ? (v ? JSON.stringify(v) : null) : asText(v));
  const events = TRACKED.filter((f) => text(f, before[f]) !== text(f, next[f])).map((field) => ({
    actorId: actor.id,
    action: field,
    oldValue: existing ? text(field, before[field]) : null,
    newValue: text(field, next[field]),
    reason: field === "penaltyOverride" || field === "overrideReason" || (field === "latePenalty" && penaltyOverride !== null) ? overrideReason : (input.reason?.trim() || null),
    createdAt: now,
  }));
  if (existing && events.length === 0) return existing;

  const data = {
    submissionId: latest?.id ?? null,
    rawScore,
    latePenalty,
    penaltyOverride,
    overrideReason,
    finalScore,
    excused,
    missing: hasResult ? false : (existing?.missing ?? false),
    feedback,
    rubricScores: rubricScores ? JSON.stringify(rubricScores) : null,
    graderId: actor.id,
    gradedAt: now,
    postedAt,
  };
  try {
    const saved = await db.$transaction(async (tx) => {
      let id: string;
      if (existing) {
        const changed = await tx.grade.updateMany({ where: { id: existing.id, updatedAt: existing.updatedAt }, data });
        if (changed.count === 0) throw conflict("Someone else changed this grade while you were editing. Reload to see their change, then try again.");
        id = existing.id;
      } else {
        id = (await tx.grade.create({ data: { assignmentId: assignment.id, enrollmentId: enrollment.id, ...data }, select: { id: true } })).id;
      }
      if (events.length) await tx.gradeEvent.createMany({ data: events.map((e) => ({ ...e, gradeId: id })) });
      return tx.grade.findUniqueOrThrow({ where: { id }, select: gradeSelect });
    });
    return toStoredGrade(saved);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw conflict("Someone else graded this student at the same moment. Reload to see their grade, then try again.");
    }
    throw error;
  }
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


