/**
 * Discussions: the forum index (keyset-paged, pinned first, unread counts), creating a topic and
 * its settings. The per-request context is in discussion-context.server.ts; threads and posts live
 * in discussions-thread.server.ts and posts.server.ts.
 */
import { z } from "zod";
import {
  discussionAccess,
  MAX_TITLE_CHARS,
  postBodyProblem,
} from "~/domain/discussion";
import { getDb } from "~/lib/db.server";
import { AppError, badRequest } from "~/lib/errors";
import { decodeRule, dateRuleSchema, encodeRule } from "./date-rules";
import {
  applyGradingPlan,
  gradingFieldsSchema,
  gradingPlanFor,
  type GradingFields,
} from "./discussion-grading.server";
import { loadDiscussion, viewerFor } from "./discussion-context.server";
import { loadCourseAccess } from "./permissions.server";
import { dateOf, queryRows } from "./raw-query.server";
import type { Actor } from "./users.server";

export const FORUM_PAGE = 25;

export const forumQuerySchema = z.object({
  after: z.string().max(200).optional(),
  item: z.string().max(64).optional(),
  q: z.string().trim().max(200).optional(),
});

/** Where a forum page ends: the last topic's group (pinned or not), activity instant (null: no posts yet) and id. */
type ForumCursor = { pinned: boolean; at: Date | null; id: string };
const encodeForumCursor = (c: ForumCursor) =>
  Buffer.from(`${c.pinned ? 1 : 0}|${c.at?.toISOString() ?? ""}|${c.id}`).toString("base64url");
function decodeForumCursor(text: string | undefined): ForumCursor | null {
  if (!text) return null;
  const [p, at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const date = at ? new Date(at) : null;
  if ((p !== "0" && p !== "1") || at === undefined || (date && Number.isNaN(date.getTime())) || !id || !/^[\w-]{1,64}$/.test(id)) return null;
  return { pinned: p === "1", at: date, id };
}

export type ForumTopic = {
  id: string;
  title: string;
  type: string;
  pinned: boolean;
  locked: boolean;
  published: boolean;
  postFirst: boolean;
  itemId: string | null;
  postCount: number;
  lastPostAt: Date | null;
  /** Posts by others since the viewer last read; null when post-first hides them. */
  unread: number | null;
  neverOpened: boolean;
};

type ForumRow = {
  id: string;
  title: string;
  type: string;
  pinned: unknown;
  locked: unknown;
  published: unknown;
  postFirst: unknown;
  anonymous: unknown;
  itemId: string | null;
  postCount: number | bigint;
  lastPostAt: unknown;
  lastReadAt: unknown;
  posted: unknown;
  unread: number | bigint;
};

/**
 * One page of topics (plus one: is there more?) in ONE statement, keyset-paged on the
 * [courseId, pinned, lastPostAt] index: each with the viewer's read mark, whether they have a
 * (non-deleted) post in it, and the posts by others since their read mark (all of them if they
 * never opened it; hidden posts count for staff only). $1 course, $2 viewer.
 */
function readForumPage(courseId: string, viewerId: string, options: { isStaff: boolean; itemId: string | null; cursor: ForumCursor | null }): Promise<ForumRow[]> {
  const params: unknown[] = [courseId, viewerId];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  let where = `d."courseId" = $1`;
  if (!options.isStaff) where += ` AND d."published" = TRUE`;
  if (options.itemId) where += ` AND d."itemId" = ${param(options.itemId)}`;
  const c = options.cursor;
  if (c) {
    // The order is pinned DESC, lastPostAt DESC NULLS LAST (topics without posts at the end of
    // their group, on both databases), id DESC. After the cursor: the unpinned group when the
    // cursor is pinned; in its group, older activity, the same instant with a smaller id, or no
    // posts yet; after a topic without posts, only others without posts and a smaller id.
    const pinned = param(c.pinned);
    const id = param(c.id);
    const at = c.at ? param(c.at) : null;
    const inGroup = at
      ? `d."lastPostAt" < ${at} OR (d."lastPostAt" = ${at} AND d."id" < ${id}) OR d."lastPostAt" IS NULL`
      : `d."lastPostAt" IS NULL AND d."id" < ${id}`;
    where += ` AND (${c.pinned ? `d."pinned" = FALSE OR ` : ""}(d."pinned" = ${pinned} AND (${inGroup})))`;
  }
  const hidden = options.isStaff ? "" : ` AND p."hiddenAt" IS NULL`;
  return queryRows<ForumRow>(
    `SELECT d."id", d."title", d."type", d."pinned", d."locked", d."published", d."postFirst", d."anonymous", d."itemId",
       d."postCount", d."lastPostAt", r."lastReadAt",
       EXISTS (SELECT 1 FROM "Post" p WHERE p."authorId" = $2 AND p."discussionId" = d."id" AND p."deletedAt" IS NULL) AS "posted",
       (SELECT COUNT(*) FROM "Post" p WHERE p."discussionId" = d."id" AND p."authorId" <> $2 AND p."deletedAt" IS NULL${hidden}
          AND (r."lastReadAt" IS NULL OR p."createdAt" > r."lastReadAt")) AS "unread"
     FROM "Discussion" d
     LEFT JOIN "DiscussionRead" r ON r."discussionId" = d."id" AND r."userId" = $2
     WHERE ${where}
     ORDER BY d."pinned" DESC, d."lastPostAt" DESC NULLS LAST, d."id" DESC
     LIMIT ${FORUM_PAGE + 1}`,
    params,
  );
}

/**
 * One page of topics: pinned first, then most recent activity (keyset on pinned, lastPostAt, id —
 * the [courseId, pinned, lastPostAt] index). A constant number of queries per page.
 */
export async function listDiscussions(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  query: z.infer<typeof forumQuerySchema>,
  now: Date
) {
  const course = await loadCourseAccess(actor, courseRef);
  const viewer = await viewerFor(actor, course, now);
  if (!course.isStaff && !course.role)
    throw new AppError(
      "FORBIDDEN",
      "Enroll in this course to join its discussions."
    );
  const c = decodeForumCursor(query.after);
  const page = await readForumPage(course.course.id, actor.id, { isStaff: course.isStaff, itemId: query.item ?? null, cursor: c });
  const topics: ForumTopic[] = page.slice(0, FORUM_PAGE).map((r) => {
    const facts = { published: Boolean(r.published), postFirst: Boolean(r.postFirst), anonymous: Boolean(r.anonymous), locked: Boolean(r.locked), closeAt: null };
    const seesOthers = discussionAccess(viewer, facts, Boolean(r.posted), now).canSeeOthers;
    return {
      id: r.id,
      title: r.title,
      type: r.type,
      pinned: Boolean(r.pinned),
      locked: facts.locked,
      published: facts.published,
      postFirst: facts.postFirst,
      itemId: r.itemId,
      postCount: Number(r.postCount),
      lastPostAt: dateOf(r.lastPostAt),
      unread: seesOthers ? Number(r.unread) : null,
      neverOpened: r.lastReadAt == null,
    };
  });
  const last = topics[topics.length - 1];
  const next = page.length > FORUM_PAGE && last ? encodeForumCursor({ pinned: last.pinned, at: last.lastPostAt, id: last.id }) : null;
  return {
    course: course.course,
    isStaff: course.isStaff,
    role: course.role,
    muted: viewer.muted ?? false,
    topics,
    next,
  };
}

// ---- Creating and configuring a topic --------------------------------------------------------

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");

export const discussionSettingsSchema = z.object({
  postFirst: checkbox,
  anonymous: checkbox,
  locked: checkbox,
  pinned: checkbox,
  published: checkbox,
  /** A datetime-local value in the course's time zone, or empty for no close date. */
  closeAt: z.string().trim().max(40).optional(),
  ...gradingFieldsSchema.shape,
});

/** Settings as the services take them: the grading fields are optional (see gradingFieldsSchema). */
export type DiscussionSettingsInput = Omit<
  z.infer<typeof discussionSettingsSchema>,
  keyof GradingFields
> &
  GradingFields;

export const newDiscussionSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the topic a title.")
    .max(
      MAX_TITLE_CHARS,
      `Keep the title under ${MAX_TITLE_CHARS} characters.`
    ),
  body: z.string().max(25_000).default(""),
  type: z.enum(["DISCUSSION", "QA"]).default("DISCUSSION"),
  itemId: z.string().max(64).optional(),
});

/** A close date typed in the course's time zone: a LOCAL rule (zone COURSE), resolved by the schedule engine. */
function closeRuleFrom(closeAt: string | undefined): string | null {
  if (!closeAt) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(closeAt);
  const parsed = m
    ? dateRuleSchema.safeParse({
        type: "LOCAL",
        date: m[1],
        time: m[2],
        zone: "COURSE",
      })
    : null;
  if (!parsed?.success)
    throw badRequest("Please correct the highlighted fields.", {
      closeAt: ["Enter the close date like 2027-05-01T23:59."],
    });
  return encodeRule(parsed.data);
}

/**
 * Any member may open a topic (students ask questions); only staff choose its settings. Students'
 * topics start with the course defaults (open, visible, named).
 */
export async function createDiscussion(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  input: z.infer<typeof newDiscussionSchema> & Partial<DiscussionSettingsInput>,
  now: Date
): Promise<{ id: string }> {
  const course = await loadCourseAccess(actor, courseRef);
  const viewer = await viewerFor(actor, course, now);
  if (!course.isStaff && !course.role)
    throw new AppError(
      "FORBIDDEN",
      "Enroll in this course to join its discussions."
    );
  if (viewer.muted)
    throw new AppError(
      "FORBIDDEN",
      "You have been muted in this course's discussions, so you can read but not post."
    );
  if (input.body.trim()) {
    const problem = postBodyProblem(input.body);
    if (problem)
      throw new AppError(problem.code, problem.message, {
        body: [problem.message],
      });
  }
  if (input.itemId) {
    const item = await getDb().moduleItem.findFirst({
      where: { id: input.itemId, courseId: course.course.id },
      select: { id: true },
    });
    if (!item)
      throw badRequest("Please correct the highlighted fields.", {
        itemId: ["Choose an item of this course."],
      });
  }
  const staff = course.isStaff;
  const closeRule = staff ? closeRuleFrom(input.closeAt) : null;
  // Grading is checked in full before anything is written (a bad reply-by date saves nothing).
  const grading = staff
    ? gradingPlanFor(
        actor,
        course.role,
        input,
        closeRule,
        course.course.timeZone
      )
    : null;
  const published = staff ? input.published ?? true : true;
  const created = await getDb().$transaction(async (tx) => {
    const d = await tx.discussion.create({
      data: {
        courseId: course.course.id,
        authorId: actor.id,
        title: input.title,
        body: input.body,
        type: input.type,
        itemId: input.itemId ?? null,
        postFirst: staff ? input.postFirst ?? false : false,
        anonymous: staff ? input.anonymous ?? false : false,
        locked: staff ? input.locked ?? false : false,
        pinned: staff ? input.pinned ?? false : false,
        published,
        closeRule,
        lastPostAt: now,
      },
      select: { id: true },
    });
    await tx.discussionFollow.create({
      data: { discussionId: d.id, userId: actor.id },
    });
    await applyGradingPlan(
      tx,
      {
        id: d.id,
        courseId: course.course.id,
        title: input.title,
        published,
        closeRule,
        assignmentId: null,
      },
      grading
    );
    return d;
  });
  return created;
}

/** Staff change a topic's settings. */
export async function updateDiscussionSettings(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  input: DiscussionSettingsInput,
  now: Date
) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  if (!ctx.access.canModerate)
    throw new AppError(
      "FORBIDDEN",
      "Only the course staff can change a discussion's settings."
    );
  const closeRule = closeRuleFrom(input.closeAt);
  const grading = gradingPlanFor(
    actor,
    ctx.course.role,
    input,
    closeRule,
    ctx.course.course.timeZone
  );
  const d = ctx.discussion;
  await getDb().$transaction(async (tx) => {
    await tx.discussion.update({
      where: { id: discussionId },
      data: {
        postFirst: input.postFirst,
        anonymous: input.anonymous,
        locked: input.locked,
        pinned: input.pinned,
        published: input.published,
        closeRule,
      },
    });
    await applyGradingPlan(
      tx,
      {
        id: d.id,
        courseId: d.courseId,
        title: d.title,
        published: input.published,
        closeRule,
        assignmentId: d.assignmentId,
      },
      grading
    );
  });
}

/** The stored close rule as a datetime-local value in the course's zone (for the settings form). */
export function closeInputValue(closeRule: string | null): string {
  const rule = decodeRule(closeRule);
  return rule && rule.type === "LOCAL" ? `${rule.date}T${rule.time}` : "";
}
