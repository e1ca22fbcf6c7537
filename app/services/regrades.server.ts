/**
 * Regrade requests: a learner asks, with a reason, within `regradeWindowDays` after their
 * grade was posted; a grader resolves with a note, optionally changing the grade (through
 * saveGrade, so the change is audited). One open request per grade at a time; the history
 * stays visible to the learner and the graders, never to anyone else.
 */
import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { conflict, notFound } from "~/lib/errors";
import { formatDateTime } from "~/lib/time";
import { gradeVisibleToStudent, requireGradableEnrollment, requireGrader, saveGrade } from "./grades.server";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

export const regradeRequestSchema = z.object({ reason: z.string().trim().min(1, "Say what you would like looked at again.").max(5000, "Keep the reason under 5,000 characters.") });
export const regradeResolveSchema = z.object({
  requestId: z.string().min(1),
  note: z.string().trim().min(1, "Write a note for the student.").max(5000, "Keep the note under 5,000 characters."),
  rawScore: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: "Enter the new score as a number, 0 or more." });
        return z.NEVER;
      }
      return n;
    }),
});

const DAY_MS = 86_400_000;

/** The last instant a regrade may be requested; null when the assignment allows none or the grade is not posted. */
export function regradeDeadline(postedAt: Date | null, windowDays: number | null): Date | null {
  if (!postedAt || windowDays === null) return null;
  return new Date(postedAt.getTime() + windowDays * DAY_MS);
}

const requestSelect = { id: true, reason: true, status: true, resolutionNote: true, resolvedAt: true, createdAt: true } as const;

/** The learner's own grade on a published assignment, or 404. */
async function ownGrade(actor: Actor, assignmentId: string) {
  const db = getDb();
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId }, select: { id: true, courseId: true, published: true, postPolicy: true, regradeWindowDays: true, title: true } });
  if (!assignment) throw notFound("assignment");
  const access = await loadCourseAccess(actor, { id: assignment.courseId });
  if (access.role !== "STUDENT" || !access.enrollmentId || !assignment.published) throw notFound("assignment");
  const grade = await db.grade.findUnique({
    where: { assignmentId_enrollmentId: { assignmentId, enrollmentId: access.enrollmentId } },
    select: { id: true, postedAt: true },
  });
  return { assignment, enrollmentId: access.enrollmentId, grade: grade && gradeVisibleToStudent(grade, assignment) ? grade : null };
}

export async function requestRegrade(actor: Actor, assignmentId: string, input: z.infer<typeof regradeRequestSchema>, now: Date) {
  const { assignment, enrollmentId, grade } = await ownGrade(actor, assignmentId);
  if (!grade) throw conflict("You can ask for a regrade once your grade is posted.");
  const deadline = regradeDeadline(grade.postedAt, assignment.regradeWindowDays);
  if (!deadline) throw conflict("This assignment does not take regrade requests.");
  if (now > deadline) throw conflict(`The regrade window closed on ${formatDateTime(deadline, actor.timeZone)}.`);
  const db = getDb();
  const open = await db.regradeRequest.count({ where: { gradeId: grade.id, status: "OPEN" } });
  if (open > 0) throw conflict("You already have a regrade request waiting for this assignment.");
  return db.regradeRequest.create({ data: { gradeId: grade.id, enrollmentId, reason: input.reason, createdAt: now }, select: requestSelect });
}

/** The learner's own requests (only once their grade is visible), with the deadline for a new one. */
export async function listOwnRegrades(actor: Actor, assignmentId: string, now: Date) {
  const { assignment, grade } = await ownGrade(actor, assignmentId);
  if (!grade) return { requests: [], deadline: null, canRequest: false };
  const requests = await getDb().regradeRequest.findMany({ where: { gradeId: grade.id }, orderBy: { createdAt: "desc" }, select: requestSelect });
  const deadline = regradeDeadline(grade.postedAt, assignment.regradeWindowDays);
  return { requests, deadline, canRequest: Boolean(deadline && now <= deadline && !requests.some((r) => r.status === "OPEN")) };
}

/** A learner's requests for the grading page. */
export async function listRegradesForGrader(actor: Actor, assignmentId: string, enrollmentId: string) {
  const scope = await requireGrader(actor, assignmentId);
  await requireGradableEnrollment(scope, enrollmentId);
  return getDb().regradeRequest.findMany({
    where: { enrollmentId, grade: { assignmentId } },
    orderBy: { createdAt: "desc" },
    select: requestSelect,
  });
}

export async function resolveRegrade(actor: Actor, assignmentId: string, input: { requestId: string; note: string; rawScore?: number }, now: Date) {
  const db = getDb();
  const request = await db.regradeRequest.findUnique({ where: { id: input.requestId }, select: { id: true, status: true, enrollmentId: true, grade: { select: { assignmentId: true } } } });
  if (!request || request.grade.assignmentId !== assignmentId) throw notFound("regrade request");
  const scope = await requireGrader(actor, assignmentId);
  await requireGradableEnrollment(scope, request.enrollmentId);
  if (request.status !== "OPEN") throw conflict("This request was already resolved.");
  if (input.rawScore !== undefined) {
    await saveGrade(actor, { assignmentId, enrollmentId: request.enrollmentId, rawScore: input.rawScore, reason: `Regrade: ${input.note}` }, now);
  }
  const changed = await db.regradeRequest.updateMany({
    where: { id: request.id, status: "OPEN" },
    data: { status: "RESOLVED", resolutionNote: input.note, resolvedById: actor.id, resolvedAt: now },
  });
  if (changed.count === 0) throw conflict("This request was already resolved.");
  return { id: request.id };
}
