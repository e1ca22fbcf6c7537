/**
 * The feedback thread on one learner's work. Graders (in scope) and the learner write;
 * nobody else reads. Staff comments are feedback, so under MANUAL posting the learner
 * sees them only once the grade is posted. Under anonymous grading, graders see the
 * learner's comments as "Student" until posting. A comment may carry one file (a marked-up
 * PDF, an annotated screenshot); the file follows its comment's visibility everywhere,
 * including its download URL.
 */
import { z } from "zod";
import { getStorage } from "~/integrations/storage/storage.server";
import { getDb } from "~/lib/db.server";
import { AppError, badRequest, notFound } from "~/lib/errors";
import { parseInput, readForm } from "~/lib/http.server";
import { receiveUploads, UPLOAD_POLICIES } from "~/lib/uploads.server";
import { effectivePostPolicy, requireGradableEnrollment, requireGrader, type GraderScope } from "./grades.server";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

const bodyText = z.string().trim().max(10_000, "Keep comments under 10,000 characters.");
export const commentSchema = z.object({ body: bodyText.min(1, "Write a comment first.") });
/** With a file attached, the words are optional. */
const commentWithFileSchema = z.object({ body: bodyText.default("") });

export type CommentFile = { id: string; filename: string; size: number };
export type CommentView = { id: string; body: string; createdAt: Date; mine: boolean; byStaff: boolean; authorName: string; file: CommentFile | null };

type Who = ({ kind: "grader"; scope: GraderScope } | { kind: "learner"; assignment: { id: string; postPolicy: string; anonymousGrading: boolean } }) & { courseId: string };

/** A grader in scope, or the learner themselves on a published assignment; 404 for anyone else. */
async function whoCanTalk(actor: Actor, assignmentId: string, enrollmentId: string): Promise<Who> {
  const db = getDb();
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId }, select: { id: true, courseId: true, postPolicy: true, anonymousGrading: true, published: true } });
  if (!assignment) throw notFound("assignment");
  const access = await loadCourseAccess(actor, { id: assignment.courseId });
  if (access.isStaff) {
    const scope = await requireGrader(actor, assignmentId);
    await requireGradableEnrollment(scope, enrollmentId);
    return { kind: "grader", scope, courseId: assignment.courseId };
  }
  if (access.role !== "STUDENT" || access.enrollmentId !== enrollmentId || !assignment.published) throw notFound("submission");
  return { kind: "learner", assignment, courseId: assignment.courseId };
}

/** Whether `who` sees a comment by `authorId`: staff comments wait for posting under MANUAL posting. */
function hidesStaffComments(who: Who, posted: boolean) {
  return who.kind === "learner" && effectivePostPolicy(who.assignment) === "MANUAL" && !posted;
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
    db.submissionComment.findMany({
      where: { assignmentId, enrollmentId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, body: true, createdAt: true, authorId: true, file: { select: { id: true, filename: true, size: true } } },
    }),
    threadContext(assignmentId, enrollmentId),
    db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { userId: true } }),
  ]);
  const assignment = who.kind === "grader" ? who.scope.assignment : who.assignment;
  const anonymous = who.kind === "grader" && assignment.anonymousGrading && !ctx.posted;
  const hideStaff = hidesStaffComments(who, ctx.posted);
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
      file: r.file,
    }));
}

export async function addComment(actor: Actor, input: { assignmentId: string; enrollmentId: string; body: string }, now: Date) {
  await whoCanTalk(actor, input.assignmentId, input.enrollmentId);
  return insertComment(actor, { ...input, body: parseInput(commentSchema, input).body }, null, now);
}

type CommentTarget = { assignmentId: string; enrollmentId: string };
type NewFile = { key: string; filename: string; contentType: string; size: number; courseId: string };

/** The comment and its file in one transaction: both are stored, or neither. */
function insertComment(actor: Actor, input: CommentTarget & { body: string }, file: NewFile | null, now: Date) {
  return getDb().$transaction(async (tx) => {
    const stored = file ? await tx.storedFile.create({ data: { ...file, ownerId: actor.id }, select: { id: true } }) : null;
    return tx.submissionComment.create({
      data: { assignmentId: input.assignmentId, enrollmentId: input.enrollmentId, authorId: actor.id, body: input.body, fileId: stored?.id ?? null, createdAt: now },
      select: { id: true, fileId: true },
    });
  });
}

/**
 * A comment from a form post: plain (`body`), or multipart with an optional `file`. The
 * right to comment is checked before a byte is stored; a refused file (415 wrong type, 413
 * over 25 MB, 400 empty) or a refused text leaves nothing behind.
 */
export async function addCommentFromRequest(actor: Actor, target: CommentTarget, request: Request, now: Date) {
  const who = await whoCanTalk(actor, target.assignmentId, target.enrollmentId);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    return insertComment(actor, { ...target, ...parseInput(commentSchema, await readForm(request)) }, null, now);
  }
  const { fields, files } = await receiveUploads(request, who.courseId, [UPLOAD_POLICIES.feedback]);
  const upload = files.file ?? null;
  try {
    if (upload?.size === 0) throw badRequest(`"${upload.filename}" is empty. Choose the file again.`, { file: ["The file is empty."] });
    const { body } = parseInput(upload ? commentWithFileSchema : commentSchema, fields);
    return await insertComment(actor, { ...target, body }, upload && { ...upload, courseId: who.courseId }, now);
  } catch (error) {
    if (upload) await getStorage().remove(upload.key);
    throw error;
  }
}

/**
 * Whether a stored file is attached to a feedback comment, and if so whether the actor may
 * download it: exactly those who read that comment in its thread (the learner, once posted
 * for staff files under MANUAL posting; graders in scope). Returns false for any other file;
 * throws 404/403 when the file is feedback the actor may not see.
 */
export async function isVisibleFeedbackFile(actor: Actor, fileId: string): Promise<boolean> {
  const comment = await getDb().submissionComment.findFirst({ where: { fileId }, select: { assignmentId: true, enrollmentId: true, authorId: true } });
  if (!comment) return false;
  const who = await whoCanTalk(actor, comment.assignmentId, comment.enrollmentId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound("file") : error;
  });
  if (who.kind === "learner" && comment.authorId !== actor.id && hidesStaffComments(who, (await threadContext(comment.assignmentId, comment.enrollmentId)).posted)) {
    throw notFound("file");
  }
  return true;
}
