/**
 * Moderation: members report posts; staff work through open reports, hide/unhide posts with a
 * note, and mute (or unmute) a student in a course's discussions.
 */
import { z } from "zod";
import { readablePost } from "~/domain/discussion";
import { getDb } from "~/lib/db.server";
import { conflict, forbidden, notFound } from "~/lib/errors";
import { authorsOf, loadDiscussion, postFactsSelect, toFacts } from "./discussion-context.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

type CourseRef = { id?: string; slug?: string };
const id = z.string().min(1).max(64);

export const reportSchema = z.object({ postId: id, reason: z.string().trim().min(1, "Say briefly what is wrong with the post.").max(1000, "Keep the reason under 1,000 characters.") });
export const hideSchema = z.object({ postId: id, note: z.string().trim().max(1000).default("") });
export const muteSchema = z.object({ userId: id, reason: z.string().trim().max(1000).default("") });
export const resolveReportSchema = z.object({ reportId: id });

export async function reportPost(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof reportSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const row = await getDb().post.findFirst({ where: { id: input.postId, discussionId }, select: postFactsSelect });
  if (!row) throw notFound("post");
  const view = readablePost(ctx.viewer, ctx.access, toFacts(row, await authorsOf(ctx.discussion.courseId, [row.authorId])));
  if (!view) throw notFound("post");
  if (row.authorId === actor.id) throw conflict("You can't report your own post; edit or delete it instead.");
  await getDb().postReport.create({ data: { postId: row.id, reporterId: actor.id, reason: input.reason, createdAt: now } });
}

/** Staff hide a post (its open reports are resolved) or show it again. */
export async function setPostHidden(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof hideSchema>, hidden: boolean, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  if (!ctx.access.canModerate) throw forbidden("Only the course staff can hide posts.");
  const row = await getDb().post.findFirst({ where: { id: input.postId, discussionId }, select: { id: true, deletedAt: true } });
  if (!row) throw notFound("post");
  if (row.deletedAt) throw conflict("That post was deleted.");
  await getDb().$transaction([
    getDb().post.update({
      where: { id: row.id },
      data: hidden ? { hiddenAt: now, hiddenById: actor.id, hiddenNote: input.note || null, accepted: false } : { hiddenAt: null, hiddenById: null, hiddenNote: null },
    }),
    ...(hidden
      ? [getDb().postReport.updateMany({ where: { postId: row.id, status: "OPEN" }, data: { status: "RESOLVED", resolvedById: actor.id, resolution: "HIDDEN" } })]
      : []),
  ]);
}

/** The staff queue: open reports in the course, oldest first, with the reported post as staff see it. */
export async function listOpenReports(actor: Actor, courseRef: CourseRef) {
  const { course } = await requireCourseRole(actor, courseRef, STAFF, "Only the course staff can see reports.");
  const reports = await getDb().postReport.findMany({
    where: { status: "OPEN", post: { discussion: { courseId: course.id } } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: {
      id: true,
      reason: true,
      createdAt: true,
      reporterId: true,
      post: { select: { id: true, body: true, authorId: true, hiddenAt: true, deletedAt: true, discussion: { select: { id: true, title: true } } } },
    },
  });
  const mutes = await getDb().courseMute.findMany({ where: { courseId: course.id }, select: { userId: true, reason: true, createdAt: true }, orderBy: { createdAt: "asc" } });
  const names = await authorsOf(course.id, [...reports.flatMap((r) => [r.reporterId, r.post.authorId]), ...mutes.map((m) => m.userId)]);
  return {
    course,
    muted: mutes.map((m) => ({ userId: m.userId, name: names.get(m.userId)?.name ?? "Former member", reason: m.reason, since: m.createdAt })),
    reports: reports.map((r) => ({
      id: r.id,
      reason: r.reason,
      createdAt: r.createdAt,
      reporter: names.get(r.reporterId)?.name ?? "Former member",
      author: names.get(r.post.authorId)?.name ?? "Former member",
      authorId: r.post.authorId,
      postId: r.post.id,
      body: r.post.deletedAt ? null : r.post.body,
      hidden: r.post.hiddenAt !== null,
      discussion: r.post.discussion,
    })),
  };
}

/** Staff dismiss a report without hiding the post. */
export async function dismissReport(actor: Actor, courseRef: CourseRef, input: z.infer<typeof resolveReportSchema>) {
  const { course } = await requireCourseRole(actor, courseRef, STAFF, "Only the course staff can handle reports.");
  const done = await getDb().postReport.updateMany({
    where: { id: input.reportId, status: "OPEN", post: { discussion: { courseId: course.id } } },
    data: { status: "RESOLVED", resolvedById: actor.id, resolution: "DISMISSED" },
  });
  if (done.count === 0) throw notFound("report");
}

/** Staff mute a student: they can still read, but not post, until unmuted. */
export async function muteUser(actor: Actor, courseRef: CourseRef, input: z.infer<typeof muteSchema>, muted: boolean) {
  const { course } = await requireCourseRole(actor, courseRef, STAFF, "Only the course staff can mute people.");
  const target = await getDb().enrollment.findFirst({ where: { courseId: course.id, userId: input.userId }, select: { role: true } });
  if (!target) throw notFound("person");
  if (target.role !== "STUDENT") throw conflict("Only students can be muted.");
  if (!muted) {
    await getDb().courseMute.deleteMany({ where: { courseId: course.id, userId: input.userId } });
    return;
  }
  await getDb().courseMute.upsert({
    where: { courseId_userId: { courseId: course.id, userId: input.userId } },
    create: { courseId: course.id, userId: input.userId, mutedById: actor.id, reason: input.reason || null },
    update: { mutedById: actor.id, reason: input.reason || null, until: null },
  });
}
