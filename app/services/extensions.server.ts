import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { conflict, forbidden, notFound } from "~/lib/errors";
import { getEnv } from "~/lib/env.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { TOKEN_MINUTES } from "~/domain/late-policy";
import { getAssignmentView, findAssignmentForStaff, tokensUsedBy } from "./assignments.server";
import type { Actor } from "./users.server";

export const extensionRequestSchema = z.object({
  hours: z.coerce.number({ error: "Enter how many extra hours you need." }).int("Use whole hours.").min(1, "Ask for at least 1 hour.").max(24 * 60, "Ask for at most 60 days."),
  reason: z.string().trim().min(3, "Tell your instructor briefly why you need more time.").max(2000, "Keep the reason under 2,000 characters."),
});

export const useTokensSchema = z.object({
  tokens: z.coerce.number({ error: "Choose how many tokens to use." }).int().min(1, "Use at least one token.").max(20, "Use at most 20 tokens at once."),
});

export const decisionSchema = z.object({
  requestId: z.string().min(1),
  decision: z.enum(["approve", "deny"], { error: "Choose approve or deny." }),
  hours: z.coerce.number().int().min(1, "Grant at least 1 hour.").max(24 * 60, "Grant at most 60 days.").optional(),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").optional().default(""),
});

function assignmentLink(slug: string, assignmentId: string) {
  return new URL(`/courses/${slug}/assignments/${assignmentId}`, getEnv().APP_URL).toString();
}

/**
 * A student asks for more time. The course's auto-approve rule (up to N hours, once per
 * assignment) approves it at once; otherwise it waits for staff. The student is told either way.
 */
export async function requestExtension(actor: Actor, assignmentId: string, input: z.infer<typeof extensionRequestSchema>, now: Date) {
  const view = await getAssignmentView(actor, assignmentId, now);
  if (!view.student) throw forbidden("Only students in this course can ask for an extension.");
  const enrollmentId = view.access.enrollmentId!;
  const db = getDb();
  if (view.student.extensions.some((e) => e.status === "PENDING")) {
    throw conflict("You already have a request waiting for this assignment. You'll get an email when it is decided.");
  }
  const minutes = input.hours * 60;
  const autoLimit = view.student.autoApproveHours;
  const autoUsed = view.student.extensions.some((e) => e.source === "AUTO");
  const auto = autoLimit !== null && input.hours <= autoLimit && !autoUsed;
  const request = await db.extensionRequest.create({
    data: {
      assignmentId,
      enrollmentId,
      source: auto ? "AUTO" : "REQUEST",
      status: auto ? "APPROVED" : "PENDING",
      reason: input.reason,
      requestedMinutes: minutes,
      grantedMinutes: auto ? minutes : 0,
      decidedAt: auto ? now : null,
      decisionNote: auto ? "Approved automatically under the course's extension rule." : null,
    },
    select: { id: true, status: true },
  });
  await sendMail({
    to: actor.email,
    subject: auto ? `Extension approved: ${view.assignment.title}` : `Extension requested: ${view.assignment.title}`,
    text: auto
      ? `Your extension of ${input.hours} hours for "${view.assignment.title}" was approved automatically.\n\n${assignmentLink(view.access.course.slug, assignmentId)}`
      : `Your request for ${input.hours} more hours on "${view.assignment.title}" was sent to the teaching team. You will get an email when it is decided.`,
  });
  return request;
}

/** Spends late-day tokens (24 h each) on one assignment, within the course's allowance. */
export async function spendLateTokens(actor: Actor, assignmentId: string, input: z.infer<typeof useTokensSchema>, now: Date) {
  const view = await getAssignmentView(actor, assignmentId, now);
  if (!view.student) throw forbidden("Only students in this course have late-day tokens.");
  const enrollmentId = view.access.enrollmentId!;
  return getDb().$transaction(async (tx) => {
    const course = await tx.course.findUniqueOrThrow({ where: { id: view.assignment.courseId }, select: { lateTokens: true } });
    const left = course.lateTokens - (await tokensUsedBy(enrollmentId));
    if (input.tokens > left) {
      throw conflict(left > 0 ? `You have only ${left} late-day token${left === 1 ? "" : "s"} left.` : "You have no late-day tokens left in this course.");
    }
    return tx.extensionRequest.create({
      data: {
        assignmentId,
        enrollmentId,
        source: "TOKEN",
        status: "APPROVED",
        reason: `${input.tokens} late-day token${input.tokens === 1 ? "" : "s"}`,
        requestedMinutes: input.tokens * TOKEN_MINUTES,
        grantedMinutes: input.tokens * TOKEN_MINUTES,
        decidedAt: now,
      },
      select: { id: true, grantedMinutes: true },
    });
  });
}

/** Pending and decided requests for an assignment (staff only). */
export async function listExtensionRequests(actor: Actor, assignmentId: string) {
  await findAssignmentForStaff(actor, assignmentId);
  return getDb().extensionRequest.findMany({
    where: { assignmentId },
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    select: {
      id: true,
      source: true,
      status: true,
      reason: true,
      requestedMinutes: true,
      grantedMinutes: true,
      decisionNote: true,
      createdAt: true,
      enrollment: { select: { user: { select: { displayName: true } } } },
    },
  });
}

/** Staff approve (possibly with different hours) or deny; the student is notified either way. */
export async function decideExtension(actor: Actor, input: z.infer<typeof decisionSchema>, now: Date) {
  const db = getDb();
  const request = await db.extensionRequest.findUnique({
    where: { id: input.requestId },
    select: { id: true, status: true, assignmentId: true, requestedMinutes: true, enrollment: { select: { user: { select: { email: true } } } } },
  });
  if (!request) throw notFound("extension request");
  const { assignment, access } = await findAssignmentForStaff(actor, request.assignmentId);
  if (request.status !== "PENDING") throw conflict("This request was already decided.");
  const granted = input.decision === "approve" ? (input.hours ? input.hours * 60 : request.requestedMinutes) : 0;
  const updated = await db.extensionRequest.updateMany({
    where: { id: request.id, status: "PENDING" },
    data: {
      status: input.decision === "approve" ? "APPROVED" : "DENIED",
      grantedMinutes: granted,
      decidedById: actor.id,
      decidedAt: now,
      decisionNote: input.note || null,
    },
  });
  if (updated.count !== 1) throw conflict("This request was already decided.");
  await sendMail({
    to: request.enrollment.user.email,
    subject: `Extension ${input.decision === "approve" ? "approved" : "denied"}: ${assignment.title}`,
    text: [
      input.decision === "approve"
        ? `Your extension for "${assignment.title}" was approved: ${Math.round(granted / 60)} extra hours.`
        : `Your extension request for "${assignment.title}" was denied.`,
      input.note ? `Note from ${actor.displayName}: ${input.note}` : "",
      "",
      assignmentLink(access.course.slug, assignment.id),
    ].join("\n"),
  });
}
