/**
 * The per-request context of one discussion: the topic, the viewer (course access, mute) and the
 * one visibility function from domain/discussion.ts, read in one statement after the course
 * access; the thread page adds its extras to the same statement. Every discussion service starts
 * here (discussions, threads, posts, reactions, moderation, digests).
 */
import {
  discussionAccess,
  type DiscussionAccess,
  type DiscussionFacts,
  type PostFacts,
  type Viewer,
} from "~/domain/discussion";
import { createResolver } from "~/domain/schedule";
import { draftKey } from "~/domain/thread";
import { notFound } from "~/lib/errors";
import { withFields } from "~/lib/objects";
import { decodeRule } from "./date-rules";
import { loadCourseAccess, type CourseAccess } from "./permissions.server";
import { instantOf, queryRows } from "./raw-query.server";
import type { Actor } from "./users.server";

const discussionSelect = {
  id: true,
  courseId: true,
  itemId: true,
  authorId: true,
  title: true,
  body: true,
  type: true,
  postFirst: true,
  anonymous: true,
  locked: true,
  pinned: true,
  published: true,
  closeRule: true,
  replyByRule: true,
  assignmentId: true,
  postCount: true,
  lastPostAt: true,
  createdAt: true,
} as const;

export type DiscussionRow = {
  id: string;
  courseId: string;
  itemId: string | null;
  authorId: string;
  title: string;
  body: string;
  type: string;
  postFirst: boolean;
  anonymous: boolean;
  locked: boolean;
  pinned: boolean;
  published: boolean;
  closeRule: string | null;
  /** Graded discussions: the "reply by" checkpoint rule and the linked assignment. */
  replyByRule: string | null;
  assignmentId: string | null;
  postCount: number;
  lastPostAt: Date | null;
  createdAt: Date;
};

export type DiscussionContext = {
  course: CourseAccess;
  viewer: Viewer;
  discussion: DiscussionRow;
  facts: DiscussionFacts;
  access: DiscussionAccess;
  hasPosted: boolean;
  closeAt: Date | null;
};

export async function viewerFor(
  actor: Actor,
  course: CourseAccess,
  now: Date
): Promise<Viewer> {
  const [mute] = course.isStaff
    ? []
    : await queryRows<{ until: unknown }>(`SELECT m."until" FROM "CourseMute" m WHERE m."courseId" = $1 AND m."userId" = $2`, [course.course.id, actor.id]);
  return viewerOf(actor, course, mute ? { until: dateOrNull(mute.until) } : null, now);
}

/** The viewer; `mute` is the actor's course mute row if any (staff are never muted). */
function viewerOf(
  actor: Actor,
  course: CourseAccess,
  mute: { until: Date | null } | null,
  now: Date
): Viewer {
  const muted =
    !course.isStaff &&
    mute !== null &&
    (mute.until === null || mute.until > now);
  return { userId: actor.id, role: course.role, isAdmin: actor.isAdmin, muted };
}

/** Resolves a close rule for this viewer through the schedule engine. */
export function closeAtFor(
  rule: string | null,
  course: { timeZone: string; endsAt: Date | null },
  learner: {
    id: string;
    sectionId: string | null;
    startedAt: Date;
    timeZone: string;
  },
  now: Date
): Date | null {
  const decoded = decodeRule(rule);
  if (!decoded) return null;
  return createResolver(course, learner).resolve(
    { closeAt: decoded },
    [],
    [],
    now
  ).closeAt;
}

/** What the thread page reads with the discussion (same statement): the viewer's read mark, follow and new-post draft, the starter's name. */
export type ThreadExtras = {
  lastReadAt: Date | null;
  following: boolean;
  starterName: string | null;
  rootDraft: string | null;
};

const DISCUSSION_COLUMNS = Object.keys(discussionSelect)
  .map((c) => `d."${c}"`)
  .join(", ");
const THREAD_EXTRAS_SQL = `,
  (SELECT r."lastReadAt" FROM "DiscussionRead" r WHERE r."discussionId" = d."id" AND r."userId" = $3) AS "lastReadAt",
  (SELECT f."following" FROM "DiscussionFollow" f WHERE f."discussionId" = d."id" AND f."userId" = $3) AS "following",
  (SELECT u."displayName" FROM "User" u WHERE u."id" = d."authorId") AS "starterName",
  (SELECT dr."body" FROM "Draft" dr WHERE dr."userId" = $3 AND dr."key" = $4) AS "rootDraft"`;
/**
 * The discussion, its course's end, the actor's enrollment start, whether they have a non-deleted
 * post in it and their course mute, in ONE statement (Prisma's relation reads took four, plus one
 * for the mute); the thread page adds its extras as scalar subqueries.
 */
const contextSql = (
  thread: boolean
) => `SELECT ${DISCUSSION_COLUMNS}, c."endsAt" AS "courseEndsAt",
  (SELECT e."startedAt" FROM "Enrollment" e WHERE e."courseId" = d."courseId" AND e."userId" = $3 AND e."status" = 'ACTIVE' ORDER BY e."id" LIMIT 1) AS "startedAt",
  EXISTS (SELECT 1 FROM "Post" p WHERE p."discussionId" = d."id" AND p."authorId" = $3 AND p."deletedAt" IS NULL) AS "hasPosted",
  EXISTS (SELECT 1 FROM "CourseMute" m WHERE m."courseId" = d."courseId" AND m."userId" = $3) AS "muteRow",
  (SELECT m."until" FROM "CourseMute" m WHERE m."courseId" = d."courseId" AND m."userId" = $3) AS "muteUntil"${
    thread ? THREAD_EXTRAS_SQL : ""
  }
FROM "Discussion" d JOIN "Course" c ON c."id" = d."courseId"
WHERE d."id" = $1 AND d."courseId" = $2`;
const CONTEXT_SQL = contextSql(false);
const THREAD_CONTEXT_SQL = contextSql(true);

type ContextRow = Record<keyof typeof discussionSelect, unknown> & {
  courseEndsAt: unknown;
  startedAt: unknown;
  hasPosted: unknown;
  muteRow: unknown;
  muteUntil: unknown;
  lastReadAt?: unknown;
  following?: unknown;
  starterName?: string | null;
  rootDraft?: string | null;
};

const dateOrNull = (value: unknown) =>
  value == null ? null : new Date(instantOf(value));
const nullableString = (value: unknown) =>
  value == null ? null : String(value);

function discussionFromRow(r: ContextRow): DiscussionRow {
  return {
    id: String(r.id),
    courseId: String(r.courseId),
    itemId: nullableString(r.itemId),
    authorId: String(r.authorId),
    title: String(r.title),
    body: String(r.body),
    type: String(r.type),
    postFirst: Boolean(r.postFirst),
    anonymous: Boolean(r.anonymous),
    locked: Boolean(r.locked),
    pinned: Boolean(r.pinned),
    published: Boolean(r.published),
    closeRule: nullableString(r.closeRule),
    replyByRule: nullableString(r.replyByRule),
    assignmentId: nullableString(r.assignmentId),
    postCount: Number(r.postCount),
    lastPostAt: dateOrNull(r.lastPostAt),
    createdAt: new Date(instantOf(r.createdAt)),
  };
}

/** Loads one discussion for the actor with everything the visibility rules need (404 when not visible). */
export function loadDiscussion(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  now: Date
): Promise<DiscussionContext> {
  return readDiscussionContext(actor, courseRef, discussionId, now, false);
}

/** loadDiscussion plus the thread page's extras, still one statement after the course access. */
export function loadThreadDiscussion(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  now: Date
): Promise<DiscussionContext & { extras: ThreadExtras }> {
  return readDiscussionContext(
    actor,
    courseRef,
    discussionId,
    now,
    true
  ) as Promise<DiscussionContext & { extras: ThreadExtras }>;
}

async function readDiscussionContext(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  now: Date,
  thread: boolean
): Promise<DiscussionContext & { extras?: ThreadExtras }> {
  const course = await loadCourseAccess(actor, courseRef);
  const [row] = await queryRows<ContextRow>(
    thread ? THREAD_CONTEXT_SQL : CONTEXT_SQL,
    thread
      ? [discussionId, course.course.id, actor.id, draftKey(discussionId, null)]
      : [discussionId, course.course.id, actor.id]
  );
  if (!row) throw notFound("discussion");
  const discussion = discussionFromRow(row);
  const viewer = viewerOf(
    actor,
    course,
    row.muteRow ? { until: dateOrNull(row.muteUntil) } : null,
    now
  );
  const closeAt = closeAtFor(
    discussion.closeRule,
    { timeZone: course.course.timeZone, endsAt: dateOrNull(row.courseEndsAt) },
    {
      id: course.enrollmentId ?? actor.id,
      sectionId: course.sectionId,
      startedAt: dateOrNull(row.startedAt) ?? now,
      timeZone: actor.timeZone,
    },
    now
  );
  const facts: DiscussionFacts = {
    published: discussion.published,
    postFirst: discussion.postFirst,
    anonymous: discussion.anonymous,
    locked: discussion.locked,
    closeAt,
  };
  const hasPosted = Boolean(row.hasPosted);
  const access = discussionAccess(viewer, facts, hasPosted, now);
  if (!access.canSee) throw notFound("discussion");
  const extras = thread
    ? {
        lastReadAt: dateOrNull(row.lastReadAt),
        following: Boolean(row.following),
        starterName: row.starterName ?? null,
        rootDraft: row.rootDraft ?? null,
      }
    : undefined;
  return {
    course,
    viewer,
    discussion,
    facts,
    access,
    hasPosted,
    closeAt,
    ...(extras ? { extras } : {}),
  };
}

export const postFactsSelect = {
  id: true,
  authorId: true,
  parentId: true,
  depth: true,
  anonymous: true,
  body: true,
  createdAt: true,
  editedAt: true,
  hiddenAt: true,
  hiddenNote: true,
  deletedAt: true,
  endorsedAt: true,
  accepted: true,
  upvotes: true,
  discussionId: true,
} as const;
export type PostRow = Omit<PostFacts, "authorName" | "authorIsStaff"> & {
  discussionId: string;
};

/** The Post columns PostFacts needs, for raw statements that alias Post as `p`. */
export const POST_COLUMNS = `p."id", p."authorId", p."parentId", p."depth", p."anonymous", p."body", p."createdAt", p."editedAt",
    p."hiddenAt", p."hiddenNote", p."deletedAt", p."endorsedAt", p."accepted", p."upvotes"`;

/** Whether the user `userColumn` is active staff of the course `courseParam` (a raw SQL expression). */
export const isStaffSql = (courseParam: string, userColumn: string) =>
  `EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."courseId" = ${courseParam} AND e."userId" = ${userColumn} AND e."status" = 'ACTIVE' AND e."role" IN ('INSTRUCTOR', 'TA'))`;

/** A raw row of POST_COLUMNS plus the author's name and staff flag, as either database returns it. */
export type PostFactsRow = {
  id: string;
  authorId: string;
  parentId: string | null;
  depth: number | bigint;
  anonymous: unknown;
  body: string;
  createdAt: unknown;
  editedAt: unknown;
  hiddenAt: unknown;
  hiddenNote: string | null;
  deletedAt: unknown;
  endorsedAt: unknown;
  accepted: unknown;
  upvotes: number | bigint;
  authorName: string | null;
  authorIsStaff: unknown;
};

/** PostFacts from a raw row (dates, booleans and counts as either database returns them). */
export function postFactsOf(r: PostFactsRow): PostFacts {
  return {
    id: r.id,
    authorId: r.authorId,
    authorName: r.authorName ?? "Former member",
    authorIsStaff: Boolean(r.authorIsStaff),
    parentId: r.parentId,
    depth: Number(r.depth),
    anonymous: Boolean(r.anonymous),
    body: r.body,
    createdAt: new Date(instantOf(r.createdAt)),
    editedAt: dateOrNull(r.editedAt),
    hiddenAt: dateOrNull(r.hiddenAt),
    hiddenNote: r.hiddenNote,
    deletedAt: dateOrNull(r.deletedAt),
    endorsedAt: dateOrNull(r.endorsedAt),
    accepted: Boolean(r.accepted),
    upvotes: Number(r.upvotes),
  };
}

const POST_FACTS_SQL = `SELECT ${POST_COLUMNS}, u."displayName" AS "authorName", ${isStaffSql("$3", 'p."authorId"')} AS "authorIsStaff"
  FROM "Post" p LEFT JOIN "User" u ON u."id" = p."authorId"
  WHERE p."id" = $1 AND p."discussionId" = $2`;

/** One post of the discussion with its author's name and staff flag (null when there is none): one statement. */
export async function readPostFacts(discussion: { id: string; courseId: string }, postId: string): Promise<PostFacts | null> {
  const [row] = await queryRows<PostFactsRow>(POST_FACTS_SQL, [postId, discussion.id, discussion.courseId]);
  return row ? postFactsOf(row) : null;
}

/** Names of authors and whether they are staff in the course: one query. */
export async function authorsOf(
  courseId: string,
  ids: string[]
): Promise<Map<string, { name: string; isStaff: boolean }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ id: string; displayName: string; isStaff: unknown }>(
    `SELECT u."id", u."displayName", ${isStaffSql("$1", 'u."id"')} AS "isStaff"
     FROM "User" u WHERE u."id" IN (${unique.map((_, i) => `$${i + 2}`).join(", ")})`,
    [courseId, ...unique]
  );
  return new Map(rows.map((u) => [u.id, { name: u.displayName, isStaff: Boolean(u.isStaff) }]));
}

export function toFacts(
  row: PostRow,
  authors: Map<string, { name: string; isStaff: boolean }>
): PostFacts {
  const a = authors.get(row.authorId);
  return withFields(row, {
    authorName: a?.name ?? "Former member",
    authorIsStaff: a?.isStaff ?? false,
  });
}
