/**
 * Writing posts: reply, edit (with revisions), soft delete, endorse, accept, upvote, drafts and the
 * Markdown preview. Each write checks the discussion's state through domain/discussion.ts and
 * notifies followers and mentioned members; notifications hold only ids, so whatever later shows
 * them (digests) applies the visibility rules again at that time.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { canAccept, canDeletePost, canEditPost, postBodyProblem, postIsAnonymous, viewPost, MAX_POST_CHARS } from "~/domain/discussion";
import { parseMentions, resolveMentions, type Mentionable } from "~/domain/mentions";
import { draftKey, replyDepth } from "~/domain/thread";
import { getDb } from "~/lib/db.server";
import { AppError, conflict, forbidden, notFound } from "~/lib/errors";
import { renderPostHtml } from "./discussions-render.server";
import { scheduleImmediateDigests } from "./digests.server";
import { discussionSubmissionWrite } from "./discussion-grading.server";
import { loadDiscussion, readPostFacts, type DiscussionContext } from "./discussion-context.server";
import type { Actor } from "./users.server";
import { queryRows, writeAtomically, type Write } from "./raw-query.server";

type CourseRef = { id?: string; slug?: string };

const id = z.string().min(1).max(64);
export const newPostSchema = z.object({ body: z.string(), parentId: id.optional() });
export const editPostSchema = z.object({ postId: id, body: z.string() });
export const postIdSchema = z.object({ postId: id });
export const draftSchema = z.object({ parentId: id.optional(), body: z.string().max(MAX_POST_CHARS + 1000) });
export const previewSchema = z.object({ body: z.string() });


function checkBody(body: string) {
  const problem = postBodyProblem(body);
  if (problem) throw new AppError(problem.code, problem.message, { body: [problem.message] });
}

function checkCanPost(ctx: DiscussionContext) {
  const block = ctx.access.postBlock;
  if (block) throw new AppError(block.code, block.message);
}

/** One post of the discussion as the viewer may see it (404 when they can't see it at all). */
export async function loadPost(ctx: DiscussionContext, postId: string) {
  const facts = await readPostFacts(ctx.discussion, postId);
  if (!facts) throw notFound("post");
  const view = viewPost(ctx.viewer, ctx.access, facts);
  if (!view) throw notFound("post");
  return { row: { ...facts, discussionId: ctx.discussion.id }, facts, view };
}

export async function createPost(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof newPostSchema>, now: Date): Promise<{ id: string }> {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  checkBody(input.body);
  checkCanPost(ctx);
  let depth = 0;
  if (input.parentId) {
    const parent = await loadPost(ctx, input.parentId);
    if (parent.view.state === "DELETED") throw conflict("That post was deleted, so it can't get new replies.");
    if (parent.view.state === "HIDDEN") throw conflict("That post was hidden by the course staff, so it can't get new replies.");
    depth = replyDepth(parent.row.depth);
  }
  const handles = parseMentions(input.body);
  const members = handles.length ? await mentionCandidates(ctx.discussion.courseId, handles) : [];
  const mentioned = resolveMentions(handles, members, actor.id);
  // Who follows the discussion, and whether the author already has a follow row (a first post
  // starts following; an earlier "unfollow" is kept).
  const follows = await queryRows<{ userId: string; following: unknown }>(
    `SELECT "userId", "following" FROM "DiscussionFollow" WHERE "discussionId" = $1 AND ("following" = TRUE OR "userId" = $2)`,
    [discussionId, actor.id],
  );
  const authorHasFollowRow = follows.some((f) => f.userId === actor.id);
  const notify = new Map<string, "POST" | "MENTION">();
  for (const f of follows) if (Boolean(f.following) && f.userId !== actor.id) notify.set(f.userId, "POST");
  for (const m of mentioned) notify.set(m, "MENTION");

  // One transaction of plain statements (writeAtomically): on SQLite the write lock is held for
  // SQLite's own work only, so the other server process never waits on this one's event loop.
  const postId = randomUUID();
  const writes: Write[] = [
    {
      sql: `INSERT INTO "Post" ("id", "discussionId", "parentId", "authorId", "body", "depth", "anonymous", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      params: [postId, discussionId, input.parentId ?? null, actor.id, input.body, depth, postIsAnonymous(ctx.facts, ctx.access.isStaff), now],
    },
    { sql: `UPDATE "Discussion" SET "postCount" = "postCount" + 1, "lastPostAt" = $2, "updatedAt" = $2 WHERE "id" = $1`, params: [discussionId, now] },
    { sql: `DELETE FROM "Draft" WHERE "userId" = $1 AND "key" = $2`, params: [actor.id, draftKey(discussionId, input.parentId)] },
  ];
  const submission = await discussionSubmissionWrite(ctx, now);
  if (submission) writes.push(submission);
  if (!authorHasFollowRow)
    writes.push({
      sql: `INSERT INTO "DiscussionFollow" ("id", "discussionId", "userId", "following", "createdAt", "updatedAt") VALUES ($1, $2, $3, TRUE, $4, $4) ON CONFLICT ("discussionId", "userId") DO NOTHING`,
      params: [randomUUID(), discussionId, actor.id, now],
    });
  writes.push(...notificationWrites([...notify], ctx.discussion.courseId, JSON.stringify({ discussionId, postId }), now));
  await writeAtomically(writes);
  if (notify.size) await scheduleImmediateDigests([...notify.keys()], ctx.discussion.courseId, now);
  return { id: postId };
}

/** Notification rows per person (a thread's followers can be many) in one INSERT per hundred, as createMany did. */
function notificationWrites(notify: [string, "POST" | "MENTION"][], courseId: string, data: string, now: Date): Write[] {
  const writes: Write[] = [];
  for (let start = 0; start < notify.length; start += 100) {
    // $1 course, $2 data, $3 time; then id, person and kind for each row.
    const params: unknown[] = [courseId, data, now];
    const rows = notify.slice(start, start + 100).map(([userId, kind]) => {
      params.push(randomUUID(), userId, kind === "MENTION" ? "DISCUSSION_MENTION" : "DISCUSSION_POST");
      const n = params.length;
      return `($${n - 2}, $${n - 1}, $1, $${n}, $2, $3, $3)`;
    });
    writes.push({ sql: `INSERT INTO "Notification" ("id", "userId", "courseId", "kind", "data", "createdAt", "updatedAt") VALUES ${rows.join(", ")}`, params });
  }
  return writes;
}

export async function editPost(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof editPostSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const { row } = await loadPost(ctx, input.postId);
  if (!canEditPost(ctx.viewer, row)) throw forbidden("You can only edit your own posts.");
  checkBody(input.body);
  if (ctx.facts.locked) throw conflict("This discussion is locked, so posts can't be edited.");
  if (ctx.viewer.muted && !ctx.access.isStaff) throw forbidden("You have been muted in this course's discussions, so you can read but not post.");
  if (input.body === row.body) return;
  await getDb().$transaction([
    getDb().postRevision.create({ data: { postId: row.id, editorId: actor.id, body: row.body, createdAt: now } }),
    getDb().post.update({ where: { id: row.id }, data: { body: input.body, editedAt: now } }),
  ]);
}

/** Soft delete: the row stays (thread shape) with its body kept only for the revision history. */
export async function deletePost(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof postIdSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const { row } = await loadPost(ctx, input.postId);
  if (row.deletedAt) throw conflict("That post is already deleted.");
  if (!canDeletePost(ctx.viewer, row)) throw forbidden("You can only delete your own posts.");
  await getDb().$transaction([
    getDb().post.update({ where: { id: row.id }, data: { deletedAt: now, accepted: false } }),
    getDb().discussion.update({ where: { id: discussionId }, data: { postCount: { decrement: 1 } } }),
  ]);
}

/** Staff endorse (or un-endorse) any post. */
export async function toggleEndorse(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof postIdSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  if (!ctx.access.canModerate) throw forbidden("Only the course staff can endorse posts.");
  const { row } = await loadPost(ctx, input.postId);
  if (row.deletedAt) throw conflict("That post was deleted.");
  await getDb().post.update({
    where: { id: row.id },
    data: row.endorsedAt ? { endorsedAt: null, endorsedById: null } : { endorsedAt: now, endorsedById: actor.id },
  });
}

/** Q&A: the asker or staff mark one answer accepted (again to unmark). */
export async function toggleAccept(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof postIdSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  if (!canAccept(ctx.viewer, { type: ctx.discussion.type as "QA" | "DISCUSSION", authorId: ctx.discussion.authorId }))
    throw forbidden(ctx.discussion.type === "QA" ? "Only the person who asked, or the course staff, can accept an answer." : "Only Q&A topics have accepted answers.");
  const { row } = await loadPost(ctx, input.postId);
  if (row.deletedAt || row.hiddenAt) throw conflict("A deleted or hidden post can't be the accepted answer.");
  await getDb().$transaction([
    getDb().post.updateMany({ where: { discussionId, accepted: true }, data: { accepted: false } }),
    ...(row.accepted ? [] : [getDb().post.update({ where: { id: row.id }, data: { accepted: true } })]),
  ]);
}

/** Upvote toggle; not on your own post, only on posts you can read. */
export async function toggleUpvote(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof postIdSchema>, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const { row, view } = await loadPost(ctx, input.postId);
  if (view.body === null || view.state !== "VISIBLE") throw conflict("You can't react to that post.");
  if (row.authorId === actor.id) throw conflict("You can't upvote your own post.");
  const db = getDb();
  const existing = await db.postReaction.findUnique({ where: { postId_userId_kind: { postId: row.id, userId: actor.id, kind: "UPVOTE" } }, select: { id: true } });
  await db.$transaction(
    existing
      ? [db.postReaction.delete({ where: { id: existing.id } }), db.post.update({ where: { id: row.id }, data: { upvotes: { decrement: 1 } } })]
      : [db.postReaction.create({ data: { postId: row.id, userId: actor.id, kind: "UPVOTE" } }), db.post.update({ where: { id: row.id }, data: { upvotes: { increment: 1 } } })],
  );
}

/** Follow or stop following a thread. */
export async function setFollowing(actor: Actor, courseRef: CourseRef, discussionId: string, following: boolean, now: Date) {
  await loadDiscussion(actor, courseRef, discussionId, now);
  await getDb().discussionFollow.upsert({
    where: { discussionId_userId: { discussionId, userId: actor.id } },
    create: { discussionId, userId: actor.id, following },
    update: { following },
  });
}

/** Autosave of what the person is typing (one draft per discussion and parent). */
export async function saveDraft(actor: Actor, courseRef: CourseRef, discussionId: string, input: z.infer<typeof draftSchema>, now: Date) {
  await loadDiscussion(actor, courseRef, discussionId, now);
  const key = draftKey(discussionId, input.parentId);
  if (!input.body.trim()) {
    await getDb().draft.deleteMany({ where: { userId: actor.id, key } });
    return;
  }
  await getDb().draft.upsert({ where: { userId_key: { userId: actor.id, key } }, create: { userId: actor.id, key, body: input.body }, update: { body: input.body } });
}

/** Staff: earlier versions of a post, newest first. */
export async function listRevisions(actor: Actor, courseRef: CourseRef, discussionId: string, postId: string, now: Date) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  if (!ctx.access.canModerate) throw forbidden("Only the course staff can see edit history.");
  await loadPost(ctx, postId);
  const revisions = await getDb().postRevision.findMany({ where: { postId }, orderBy: { createdAt: "desc" }, select: { id: true, body: true, createdAt: true, editorId: true } });
  return revisions.map((r) => ({ id: r.id, createdAt: r.createdAt, html: renderPostHtml(r.body) }));
}

/** Live preview: the same sanitizer as a saved post. */
export function previewPost(input: z.infer<typeof previewSchema>): { html: string } {
  if (input.body.length > MAX_POST_CHARS) throw new AppError("PAYLOAD_TOO_LARGE", `Posts can be at most ${MAX_POST_CHARS.toLocaleString("en-US")} characters.`);
  return { html: renderPostHtml(input.body) };
}

/**
 * Active members of the course who might answer to one of `handles` (their display name without
 * spaces, or their email's local part), read by the handles rather than the whole roster (10,000
 * rows in a big course for every post with an "@"). A superset (LIKE's `_` matches any character);
 * `resolveMentions` then applies the exact rule.
 */
async function mentionCandidates(courseId: string, handles: string[]): Promise<Mentionable[]> {
  // SQLite's LOWER folds only ASCII: for other letters read the roster and let JS decide.
  // eslint-disable-next-line no-control-regex
  if (handles.some((h) => /[^\u0000-\u007f]/.test(h))) {
    const rows = await getDb().enrollment.findMany({
      where: { courseId, status: "ACTIVE" },
      select: { user: { select: { id: true, displayName: true, email: true } } },
    });
    return rows.map((e) => e.user);
  }
  const names = handles.map((_, i) => `$${i + 2}`).join(", ");
  const emails = handles.map((_, i) => `LOWER(u."email") LIKE $${i + 2 + handles.length}`).join(" OR ");
  return queryRows<Mentionable>(
    `SELECT u."id", u."displayName", u."email" FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
     WHERE e."courseId" = $1 AND e."status" = 'ACTIVE' AND (LOWER(REPLACE(u."displayName", ' ', '')) IN (${names}) OR ${emails})`,
    [courseId, ...handles, ...handles.map((h) => `${h.replace(/[%\\]/g, "")}@%`)],
  );
}

