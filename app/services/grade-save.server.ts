/**
 * Saving grades: one learner's grade (`saveGrade`), one inside a caller's transaction
 * (`saveGradeInTx`), or several all-or-nothing (`saveGradesTogether`, the CSV import). Each
 * applies the late penalty and override rules and records every changed field as a GradeEvent
 * in the same transaction as the grade.
 */
import { computeLatePenalty, roundScore } from "~/domain/late-policy";
import { rubricTotal, validateRubricScores, type RubricDef } from "~/domain/rubric";
import { getDb, type Db } from "~/lib/db.server";
import { badRequest, conflict, notFound } from "~/lib/errors";
import { decodeLatePolicy } from "./date-rules";
import { effectivePostPolicy, gradeSelect, requireGradableEnrollment, requireGrader, toStoredGrade, type GraderScope, type SaveGradeInput, type StoredGrade } from "./grades.server";
import { resolveForLearners, toLearner } from "./schedule.server";
import type { Actor } from "./users.server";

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

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type GradableEnrollment = Awaited<ReturnType<typeof requireGradableEnrollment>>;

/** A computed grade change: the row to write and one audit event per changed field. */
type GradePlan = {
  assignmentId: string;
  enrollmentId: string;
  existing: StoredGrade | null;
  data: Record<string, unknown> & { graderId: string };
  events: Array<{ actorId: string; action: string; oldValue: string | null; newValue: string | null; reason: string | null; createdAt: Date }>;
};

/**
 * Works out one learner's new grade (reads only, through `db`, which may be a transaction).
 * Fields left undefined keep their value. The late penalty is computed from the learner's
 * latest submission and their own resolved due date, unless an override (with a reason) is
 * given; final = raw − penalty (never below 0), null when there is no score or the work is
 * excused. AUTOMATIC posting makes it visible at once.
 */
async function planGrade(db: Tx, actor: Actor, scope: GraderScope, enrollment: GradableEnrollment, input: SaveGradeInput, now: Date): Promise<GradePlan> {
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
  return { assignmentId: assignment.id, enrollmentId: enrollment.id, existing, data, events };
}

/**
 * Writes a planned change inside the caller's transaction: the grade row (a concurrent change
 * since it was read is a 409 rather than a silent overwrite) and its GradeEvent audit rows.
 */
async function writeGrade(tx: Tx, plan: GradePlan): Promise<StoredGrade> {
  const { existing, data, events } = plan;
  if (existing && events.length === 0) return existing;
  let id: string;
  if (existing) {
    const changed = await tx.grade.updateMany({ where: { id: existing.id, updatedAt: existing.updatedAt }, data });
    if (changed.count === 0) throw conflict("Someone else changed this grade while you were editing. Reload to see their change, then try again.");
    id = existing.id;
  } else {
    id = (await tx.grade.create({ data: { assignmentId: plan.assignmentId, enrollmentId: plan.enrollmentId, ...data }, select: { id: true } })).id;
  }
  if (events.length) await tx.gradeEvent.createMany({ data: events.map((e) => ({ ...e, gradeId: id })) });
  return toStoredGrade(await tx.grade.findUniqueOrThrow({ where: { id }, select: gradeSelect }));
}

/** A unique-key clash on Grade means another grader created the same grade first. */
function asGradeConflict(error: unknown): unknown {
  return (error as { code?: string }).code === "P2002"
    ? conflict("Someone else graded this student at the same moment. Reload to see their grade, then try again.")
    : error;
}

/**
 * Saves one grade inside a transaction the caller opened (reads and writes through `tx`), with
 * the same late penalty and audit as `saveGrade`. The caller has authorized the grader and the
 * student (`requireGrader`, `requireGradableEnrollment`).
 */
export async function saveGradeInTx(tx: Tx, actor: Actor, scope: GraderScope, enrollment: GradableEnrollment, input: SaveGradeInput, now: Date): Promise<StoredGrade> {
  return writeGrade(tx, await planGrade(tx, actor, scope, enrollment, input, now));
}

/**
 * Saves one learner's grade (see `planGrade` for the rules). Every changed field is recorded
 * as a GradeEvent in the same transaction; a concurrent change by someone else is a 409.
 */
export async function saveGrade(actor: Actor, input: SaveGradeInput, now: Date): Promise<StoredGrade> {
  const scope = await requireGrader(actor, input.assignmentId);
  const enrollment = await requireGradableEnrollment(scope, input.enrollmentId);
  const plan = await planGrade(getDb(), actor, scope, enrollment, input, now);
  if (plan.existing && plan.events.length === 0) return plan.existing;
  try {
    return await getDb().$transaction((tx) => writeGrade(tx, plan));
  } catch (error) {
    throw asGradeConflict(error);
  }
}

/**
 * Saves several grades all-or-nothing (the CSV import's "Apply"): every change is authorized
 * and worked out first, then one transaction re-checks that each student is still an active
 * student of the course and each assignment still exists, and writes every grade with its
 * audit. Any failure — a removed student, a deleted assignment, a concurrent edit, a database
 * error — rolls the whole batch back, so nothing is written. Returns the saved grades.
 */
export async function saveGradesTogether(actor: Actor, courseId: string, inputs: SaveGradeInput[], now: Date): Promise<StoredGrade[]> {
  const scopes = new Map<string, GraderScope>();
  const plans: GradePlan[] = [];
  for (const input of inputs) {
    let scope = scopes.get(input.assignmentId);
    if (!scope) {
      scope = await requireGrader(actor, input.assignmentId);
      if (scope.assignment.courseId !== courseId) throw notFound("assignment");
      scopes.set(input.assignmentId, scope);
    }
    const enrollment = await requireGradableEnrollment(scope, input.enrollmentId);
    plans.push(await planGrade(getDb(), actor, scope, enrollment, input, now));
  }
  const enrollmentIds = [...new Set(plans.map((p) => p.enrollmentId))];
  const assignmentIds = [...scopes.keys()];
  try {
    return await getDb().$transaction(
      async (tx) => {
        const [students, assignments] = await Promise.all([
          tx.enrollment.count({ where: { id: { in: enrollmentIds }, courseId, role: "STUDENT", status: "ACTIVE" } }),
          tx.assignment.count({ where: { id: { in: assignmentIds }, courseId } }),
        ]);
        if (students !== enrollmentIds.length) throw conflict("A student in this import left the course while it was being saved. Nothing was saved; preview the file again.");
        if (assignments !== assignmentIds.length) throw conflict("An assignment in this import was deleted while it was being saved. Nothing was saved; preview the file again.");
        const saved: StoredGrade[] = [];
        for (const plan of plans) saved.push(await writeGrade(tx, plan));
        return saved;
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    throw asGradeConflict(error);
  }
}

