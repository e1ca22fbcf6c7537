/**
 * Graded discussions: a Discussion linked both ways to an Assignment whose submissionTypes is
 * DISCUSSION. The assignment carries points, category, due/close rules, late policy, rubric,
 * anonymous grading and posting, so the queue, gradebook, What's due and reminders treat it like
 * any assignment; the discussion keeps its "reply by" checkpoint (Discussion.replyByRule).
 * Here: the settings form's grading fields, creating/updating/removing the assignment inside the
 * discussion's transaction, and the learner's submission recorded by their first post.
 * What graders and students see lives in discussion-grading-view.server.ts.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createResolver, validateRuleSet, type DateRule } from "~/domain/schedule";
import { getDb, type Db } from "~/lib/db.server";
import { badRequest, conflict, forbidden, type FieldErrors } from "~/lib/errors";
import { DISCUSSION_SUBMISSION } from "./assignment-form";
import { submissionLateness } from "./assignments.server";
import { decodeLatePolicy, decodeRule, encodeRule, ruleFromForm } from "./date-rules";
import type { DiscussionContext } from "./discussion-context.server";
import { queryRows, type Write } from "./raw-query.server";
import { learnerSelect, resolveForLearners, toLearner } from "./schedule.server";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const text = z.string().max(40).optional();

/**
 * The grading part of the discussion settings form. `gradingShown` marks a form that shows it:
 * without it (API callers, older forms) grading is left as it is.
 */
export const gradingFieldsSchema = z.object({
  gradingShown: text,
  graded: z
    .union([z.literal("on"), z.literal("true"), z.literal("")])
    .optional()
    .transform((v) => v === "on" || v === "true"),
  gradePoints: text,
  gradeCategoryId: z.string().max(64).optional(),
  dueMode: text,
  dueDate: text,
  dueTime: text,
  dueDays: text,
  dueZone: text,
  replyByMode: text,
  replyByDate: text,
  replyByTime: text,
  replyByDays: text,
  replyByZone: text,
});
/** The grading fields as services take them (all optional: callers without the form leave them out). */
export type GradingFields = Partial<z.infer<typeof gradingFieldsSchema>>;

export type GradingPlan = { graded: false } | { graded: true; points: number; categoryId: string | null; dueRule: DateRule | null; replyByRule: DateRule | null };

const REPLY_BY_LAST = "The reply-by date must be on or before the discussion's close date.";
const REPLY_BY_AFTER_DUE = "The reply-by date must be on or after the due date: the first post comes before the replies.";

/** The "reply by" fields read with the shared date-rule parser (its messages renamed). */
function replyByRuleFrom(input: GradingFields, errors: FieldErrors): DateRule | null {
  const as = { closeMode: input.replyByMode, closeDate: input.replyByDate, closeTime: input.replyByTime, closeDays: input.replyByDays, closeZone: input.replyByZone };
  const { rule, errors: found } = ruleFromForm("closeAt", as, false);
  for (const [key, messages] of Object.entries(found)) errors[key.replace(/^close/, "replyBy")] = messages.map((m) => m.replace("close date", "reply-by date"));
  return rule ?? null;
}

/**
 * What the form asks for: null (grading not shown: leave it), off, or on with points, category,
 * due and reply-by rules. Checked against the discussion's close rule in the course's zone;
 * every problem is a 400 naming its field, before anything is written.
 */
export function gradingPlanFrom(input: GradingFields, closeRule: string | null, courseZone: string): GradingPlan | null {
  if (input.gradingShown === undefined) return null;
  if (!input.graded) return { graded: false };
  const errors: FieldErrors = {};
  const points = Number(input.gradePoints?.trim() || NaN);
  if (!Number.isFinite(points) || points < 0 || points > 10_000) errors.gradePoints = ["Enter the points as a number from 0 to 10,000."];
  const due = ruleFromForm("dueAt", input, false);
  Object.assign(errors, due.errors);
  const dueRule = due.rule ?? null;
  const replyByRule = replyByRuleFrom(input, errors);
  const close = decodeRule(closeRule) ?? null;
  const zone = { timeZone: courseZone };
  if (Object.keys(errors).length === 0) {
    for (const p of validateRuleSet({ dueAt: dueRule, closeAt: close }, zone)) (errors[p.field === "closeAt" ? "closeAt" : "dueDate"] ??= []).push(p.message);
    if (replyByRule) {
      for (const p of validateRuleSet({ dueAt: replyByRule, closeAt: close }, zone))
        (errors.replyByDate ??= []).push(p.field === "closeAt" ? REPLY_BY_LAST : p.message.replace(/^Due date/, "Reply-by date"));
      if (dueRule && validateRuleSet({ openAt: dueRule, dueAt: replyByRule }, zone).some((p) => p.field === "openAt")) (errors.replyByDate ??= []).push(REPLY_BY_AFTER_DUE);
    }
  }
  if (Object.keys(errors).length) throw badRequest("Please correct the highlighted fields.", errors);
  const categoryId = input.gradeCategoryId?.trim() || null;
  return { graded: true, points, categoryId, dueRule, replyByRule };
}

/** Grading is the instructors' (as creating assignments is): a TA's settings form leaves it out. */
export function canChangeGrading(actor: { isAdmin: boolean }, role: string | null): boolean {
  return actor.isAdmin || role === "INSTRUCTOR";
}

/** The plan, refused with 403 when someone other than an instructor sends grading fields. */
export function gradingPlanFor(actor: { isAdmin: boolean }, role: string | null, input: GradingFields, closeRule: string | null, courseZone: string): GradingPlan | null {
  if (input.gradingShown === undefined) return null;
  if (!canChangeGrading(actor, role)) throw forbidden("Only the course's instructors can change a discussion's grading.");
  return gradingPlanFrom(input, closeRule, courseZone);
}

type LinkedDiscussion = { id: string; courseId: string; title: string; published: boolean; closeRule: string | null; assignmentId: string | null };

/**
 * Applies the plan inside the discussion's transaction. On: creates or updates the linked
 * assignment (title, published and close date follow the discussion). Off: refused with 409 once
 * any student has a grade; otherwise the assignment (and its submissions) is removed and unlinked.
 * No plan: a linked assignment still follows the discussion's title, published state and close date.
 */
export async function applyGradingPlan(tx: Tx, d: LinkedDiscussion, plan: GradingPlan | null): Promise<void> {
  const follows = { title: d.title, published: d.published, closeRule: d.closeRule };
  if (!plan) {
    if (d.assignmentId) await tx.assignment.update({ where: { id: d.assignmentId }, data: follows });
    return;
  }
  if (!plan.graded) {
    if (!d.assignmentId) return;
    const graded = await tx.grade.count({ where: { assignmentId: d.assignmentId, OR: [{ rawScore: { not: null } }, { excused: true }] } });
    if (graded > 0)
      throw conflict(
        `Grading can't be turned off: ${graded === 1 ? "a student already has a grade" : `${graded} students already have grades`} for this discussion. Clear the grades in the grading queue first, or keep it graded.`,
      );
    await tx.discussion.update({ where: { id: d.id }, data: { assignmentId: null, replyByRule: null } });
    await tx.assignment.delete({ where: { id: d.assignmentId } });
    return;
  }
  if (plan.categoryId) {
    const category = await tx.gradeCategory.findFirst({ where: { id: plan.categoryId, courseId: d.courseId }, select: { id: true } });
    if (!category) throw badRequest("Please correct the highlighted fields.", { gradeCategoryId: ["Choose a grade category of this course."] });
  }
  const data = {
    ...follows,
    points: plan.points,
    categoryId: plan.categoryId,
    dueRule: plan.dueRule ? encodeRule(plan.dueRule) : null,
    submissionTypes: DISCUSSION_SUBMISSION,
    discussionId: d.id,
  };
  const replyByRule = plan.replyByRule ? encodeRule(plan.replyByRule) : null;
  if (d.assignmentId) {
    await tx.assignment.update({ where: { id: d.assignmentId }, data });
    await tx.discussion.update({ where: { id: d.id }, data: { replyByRule } });
    return;
  }
  const last = await tx.assignment.findFirst({ where: { courseId: d.courseId }, orderBy: { position: "desc" }, select: { position: true } });
  const created = await tx.assignment.create({
    data: { ...data, courseId: d.courseId, position: (last?.position ?? -1) + 1, maxAttempts: 1 },
    select: { id: true, points: true, latePolicy: true },
  });
  await tx.discussion.update({ where: { id: d.id }, data: { assignmentId: created.id, replyByRule } });
  await backfillSubmissions(tx, d, created, { dueAt: plan.dueRule, closeAt: decodeRule(d.closeRule) ?? null });
}

/**
 * Grading turned on after students posted: each student's first (non-deleted) post becomes their
 * submission, with lateness from their own dates. The assignment is new (no overrides or
 * extensions yet), so its rules are resolved here without reading it back (on PostgreSQL it is
 * not visible outside this transaction).
 */
async function backfillSubmissions(tx: Tx, d: LinkedDiscussion, a: { id: string; points: number; latePolicy: string }, rules: { dueAt: DateRule | null; closeAt: DateRule | null }) {
  const firsts = await tx.post.groupBy({ by: ["authorId"], where: { discussionId: d.id, deletedAt: null }, _min: { createdAt: true } });
  if (firsts.length === 0) return;
  const enrollments = await tx.enrollment.findMany({
    where: { courseId: d.courseId, role: "STUDENT", status: "ACTIVE", userId: { in: firsts.map((f) => f.authorId) } },
    select: learnerSelect,
  });
  const firstAt = new Map(firsts.map((f) => [f.authorId, f._min.createdAt!]));
  const policy = { latePolicy: decodeLatePolicy(a.latePolicy), points: a.points };
  const data = enrollments.map((e) => {
    const l = toLearner(e);
    const submittedAt = firstAt.get(l.userId)!;
    const resolver = createResolver({ timeZone: l.course.timeZone, endsAt: l.course.endsAt }, { id: l.enrollmentId, sectionId: l.sectionId, startedAt: l.startedAt, timeZone: l.timeZone });
    const { dueAt } = resolver.resolve(rules, [], [], submittedAt);
    return { assignmentId: a.id, enrollmentId: l.enrollmentId, attempt: 1, body: "", submittedAt, ...submissionLateness(policy, dueAt, submittedAt) };
  });
  if (data.length) await tx.submission.createMany({ data });
}

/**
 * The write that records a student's post in a graded discussion as their submission (attempt 1),
 * for createPost to run in the post's transaction. The first post is the submission: submitted at
 * the post's time, late minutes and penalty from the student's own resolved due date and the late
 * policy, exactly as a normal submission; later posts only touch its updatedAt. The reads happen
 * here, before the transaction; the upsert on (assignment, learner, attempt) keeps two tabs
 * posting at once to one submission. Null (and no query) for staff and ungraded discussions.
 */
export async function discussionSubmissionWrite(ctx: DiscussionContext, now: Date): Promise<Write | null> {
  const assignmentId = ctx.discussion.assignmentId;
  const enrollmentId = ctx.course.enrollmentId;
  if (!assignmentId || !enrollmentId || ctx.course.role !== "STUDENT") return null;
  const [existing] = await queryRows<{ id: string }>(`SELECT "id" FROM "Submission" WHERE "assignmentId" = $1 AND "enrollmentId" = $2 AND "attempt" = 1`, [
    assignmentId,
    enrollmentId,
  ]);
  if (existing) return { sql: `UPDATE "Submission" SET "updatedAt" = $2 WHERE "id" = $1`, params: [existing.id, now] };
  const enrollment = await getDb().enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: learnerSelect });
  const [resolved] = await resolveForLearners([toLearner(enrollment)], now, { assignmentIds: [assignmentId], includeUnpublished: true });
  if (!resolved) return null;
  const lateness = submissionLateness({ latePolicy: decodeLatePolicy(resolved.assignment.latePolicy), points: resolved.assignment.points }, resolved.schedule.dueAt, now);
  return {
    sql: `INSERT INTO "Submission" ("id", "assignmentId", "enrollmentId", "attempt", "body", "submittedAt", "minutesLate", "penaltyPercent", "createdAt", "updatedAt")
      VALUES ($1, $2, $3, 1, '', $4, $5, $6, $4, $4)
      ON CONFLICT ("assignmentId", "enrollmentId", "attempt") DO UPDATE SET "updatedAt" = $4`,
    params: [randomUUID(), assignmentId, enrollmentId, now, lateness.minutesLate, lateness.penaltyPercent],
  };
}
