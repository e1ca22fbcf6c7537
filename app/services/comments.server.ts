/**
 * The feedback thread on one learner's work. Graders (in scope) and the learner write;
 * nobody else reads. Staff comments are feedback, so under MANUAL posting the learner
 * sees them only once the grade is posted. Under anonymous grading, graders see the
 * learner's comments as "Student" until posting.
 */
import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { effectivePostPolicy, requireGradableEnrollment, requireGrader, type GraderScope } from "./grades.server";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

export const commentSchema = z.object({ body: z.string().trim().min(1, "Write a comment first.").max(10_000, "Keep comments under 10,000 characters.") });

export type CommentView = { id: string; body: string; createdAt: Date; mine: boolean; byStaff: boolean; authorName: string };

type Who = { kind: "grader"; scope: GraderScope } | { kind: "learner"; assignment: { id: string; postPolicy: string; anonymousGrading: boolean } };

/** A grader in scope, or the learner themselves on a published assignment; 404 for anyone else. */
async function whoCanTalk(actor: Actor, assignmentId: string, enrollmentId: string): Promise<Who> {
  const db = getDb();
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId }, select: { id: true, courseId: true, postPolicy: true, anonymousGrading: true, published: true } });
  if (!assignment) throw notFound("assignment");
  const access = await loadCourseAccess(actor, { id: assignment.courseId });
  if (access.isStaff) {
    const scope = await requireGrader(actor, assignmentId);
    await requireGradableEnrollment(scope, enrollmentId);
    return { kind: "grader", scope };
  }
  if (access.role !== "STUDENT" || access.enrollmentId !== enrollmentId || !assignment.published) throw notFound("submission");
  return { kind: "learner", assignment };
}

/** Graders' names, and whether the learner's grade is posted, for one thread. */
async function threadContext(assignmentId: string, enrollmentId: string) {
  const grade = await getDb().grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId, enrollmentId } }, select: { postedAt: true } });
  return { posted: Boolean(grade?.postedAt) };
}

export async function listComments(actor: Actor, assignmentId: string, enrollmentId: string): Promise<CommentView[]> {
  const who = await whoCanTalk(actor, assignmentId, enrollmentId);
  return readThread(actor, who, assignmentId, enrollmentId);
}

async function readThread(actor: Actor, who: Who, assignmentId: string, enrollmentId: string): Promise<CommentView[]> {
  const db = getDb();
  const [rows, ctx, learner] = await Promise.all([
    db.submissionComment.findMany({ where: { assignmentId, enrollmentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, body: true, createdAt: true, authorId: true } }),
    threadContext(assignmentId, enrollmentId),
    db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { userId: true } }),
  ]);
  const assignment = who.kind === "grader" ? who.scope.assignment : who.assignment;
  const anonymous = who.kind === "grader" && assignment.anonymousGrading && !ctx.posted;
  const hideStaff = who.kind === "learner" && effectivePostPolicy(assignment) === "MANUAL" && !ctx.posted;
  const authors = await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.authorId))] } }, select: { id: true, displayName: true } });
  const names = new Map(authors.map((a) => [a.id, a.displayName]));
  return rows
    .map((r) => ({ ...r, byStaff: r.authorId !== learner.userId }))
    .filter((r) => !(hideStaff && r.byStaff))
    .map((r) => ({
      id: r.id,
      body: r.body,
      createdAt: r.createdAt,
      mine: r.authorId === actor.id,
      byStaff: r.byStaff,
      authorName: !r.byStaff && anonymous ? "Student" : (names.get(r.authorId) ?? "Someone"),
    }));
}

export async function addComment(actor: Actor, input: { assignmentId: string; enrollmentId: string; body: string }, now: Date) {
  await whoCanTalk(actor, input.assignmentId, input.enrollmentId);
  return getDb().submissionComment.create({
    data: { assignmentId: input.assignmentId, enrollmentId: input.enrollmentId, authorId: actor.id, body: input.body.trim(), createdAt: now },
    select: { id: true },
  });
}
