/**
 * One page of a thread. Top-level posts are keyset-paged on (createdAt, id) — the
 * [discussionId, createdAt, id] index, never OFFSET — so the first and the last page of a
 * 10,000-post thread cost the same. The page's top-level posts come with their whole reply trees,
 * authors, reactions and the viewer's drafts from ONE recursive statement (pageSql), so a page
 * costs the same statements whatever its reply depth and size. Every post goes through viewPost
 * before it leaves this file.
 */
import { z } from "zod";
import { isUnread, viewPost, type PostFacts, type PostView } from "~/domain/discussion";
import {
  decodeCursor,
  draftKey,
  encodeCursor,
  flattenThread,
  type Cursor,
  type ThreadRowView,
} from "~/domain/thread";
import { getDb } from "~/lib/db.server";
import { withFields } from "~/lib/objects";
import { NO_REACTIONS, OWN_MARK, reactionsFromList, type PostReactions } from "~/domain/reactions";
import { renderPostHtml } from "./discussions-render.server";
import { closeInputValue } from "./discussions.server";
import { isStaffSql, loadThreadDiscussion, POST_COLUMNS, postFactsOf, type PostFactsRow } from "./discussion-context.server";
import { instantOf, JOINED_TEXT_SEPARATOR, joinedText, queryRows } from "./raw-query.server";
import type { Actor } from "./users.server";

export const THREAD_PAGE = 20;

export const threadQuerySchema = z.object({
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
  from: z.string().max(200).optional(),
  page: z.enum(["first", "last"]).optional(),
});

/** One post of a page's trees: its facts for viewPost plus the viewer's reactions and the counts. */
type TreePost = { facts: PostFacts; upvotedByMe: boolean; reactions: PostReactions; draft: string | null };

type TreeRow = PostFactsRow & {
  reactionList: string | null;
  draft: string | null;
  rootCount: number | bigint;
};

/**
 * A post's reactions as one joined list of kinds, the viewer's marked (reactionsFromList reads it):
 * one covering-index range a post, where a grouped join of count columns cost SQLite an automatic
 * index a page (155 → 105 µs for a page of twenty).
 */
const reactionListSql = () => `(SELECT ${joinedText(`rc."kind" || CASE WHEN rc."userId" = $2 THEN '${OWN_MARK}' ELSE '' END`)}
    FROM "PostReaction" rc WHERE rc."postId" = t."id")`;

/** Which top-level posts a page starts from: the keyset (createdAt, id) order, direction and bound. */
type PageSpec = {
  discussionId: string;
  /** Only this author's top-level posts (post first, before the viewer's own post). */
  authorId: string | null;
  backwards: boolean;
  bound: { cursor: Cursor; op: ">" | ">=" | "<" } | null;
};

/**
 * One page of a thread in ONE statement. `r`: the page's top-level posts plus one (is there more?)
 * on the [discussionId, createdAt, id] index, never OFFSET; `t`: their whole trees, a recursive walk
 * down parentId (the [parentId] index) carrying the post's columns (joining Post back by id made
 * SQLite scan the table). Each post comes with its author's name, whether the author is staff in
 * the course, its reaction counts, the viewer's reactions and upvote, and the viewer's draft reply
 * to it (Draft keys are draftKey's "discussion:<id>:<postId>"). $1 course, $2 viewer, $3 the draft
 * key prefix, $4 the discussion, then the author and the bound.
 */
function pageSql(page: PageSpec): { sql: string; params: unknown[] } {
  const params: unknown[] = [page.discussionId];
  const param = (value: unknown) => (params.push(value), `$${params.length + 3}`);
  const author = page.authorId ? ` AND p."authorId" = ${param(page.authorId)}` : "";
  let bound = "";
  if (page.bound) {
    const at = param(page.bound.cursor.createdAt);
    const id = param(page.bound.cursor.id);
    const strict = page.bound.op === ">=" ? ">" : page.bound.op;
    bound = ` AND (p."createdAt" ${strict} ${at} OR (p."createdAt" = ${at} AND p."id" ${page.bound.op} ${id}))`;
  }
  const dir = page.backwards ? "DESC" : "ASC";
  const sql = `WITH RECURSIVE r AS (
  SELECT p."id", p."createdAt" FROM "Post" p
  WHERE p."discussionId" = $4 AND p."parentId" IS NULL${author}${bound}
  ORDER BY p."createdAt" ${dir}, p."id" ${dir} LIMIT ${THREAD_PAGE + 1}
), pg AS (
  SELECT "id" FROM r ORDER BY "createdAt" ${dir}, "id" ${dir} LIMIT ${THREAD_PAGE}
), t AS (
  SELECT ${POST_COLUMNS}
  FROM "Post" p WHERE p."id" IN (SELECT "id" FROM pg)
  UNION ALL
  SELECT ${POST_COLUMNS}
  FROM "Post" p JOIN t ON p."parentId" = t."id"
)
SELECT t.*, u."displayName" AS "authorName",
  ${isStaffSql("$1", 't."authorId"')} AS "authorIsStaff",
  dr."body" AS "draft",
  (SELECT COUNT(*) FROM r) AS "rootCount",
  ${reactionListSql()} AS "reactionList"
FROM t
LEFT JOIN "User" u ON u."id" = t."authorId"
LEFT JOIN "Draft" dr ON dr."userId" = $2 AND dr."key" = CAST($3 AS TEXT) || t."id"`;
  return { sql, params };
}

async function loadPage(courseId: string, viewerId: string, page: PageSpec): Promise<{ posts: TreePost[]; more: boolean }> {
  const keyPrefix = draftKey(page.discussionId, "X").slice(0, -1);
  const { sql, params } = pageSql(page);
  const rows = await queryRows<TreeRow>(sql, [courseId, viewerId, keyPrefix, ...params]);
  const more = rows.length > 0 && Number(rows[0].rootCount) > THREAD_PAGE;
  const posts = rows.map((r) => {
    const { reactions, upvoted } = reactionsFromList(r.reactionList, JOINED_TEXT_SEPARATOR);
    return { facts: postFactsOf(r), upvotedByMe: upvoted, reactions, draft: r.draft };
  });
  return { posts, more };
}

export async function getThread(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  query: z.infer<typeof threadQuerySchema>,
  now: Date
) {
  const ctx = await loadThreadDiscussion(actor, courseRef, discussionId, now);
  const { access, viewer, discussion, extras } = ctx;
  const after = decodeCursor(query.after);
  const before = decodeCursor(query.before);
  const from = decodeCursor(query.from);
  const backwards = Boolean(before) || query.page === "last";
  const bound = after
    ? { cursor: after, op: ">" as const }
    : from
    ? { cursor: from, op: ">=" as const }
    : before
    ? { cursor: before, op: "<" as const }
    : null;
  // The page's top-level posts with their whole trees, authors, reactions and the viewer's draft
  // replies: one statement.
  const { posts: all, more } = await loadPage(discussion.courseId, actor.id, {
    discussionId,
    authorId: access.canSeeOthers ? null : actor.id,
    backwards,
    bound,
  });
  const roots = all
    .filter((p) => p.facts.parentId === null)
    .map((p) => ({ id: p.facts.id, createdAt: p.facts.createdAt }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const atStart = backwards ? !more : !after && !from ? true : false;
  const atEnd = backwards ? query.page === "last" : !more;

  // The drafts the page can show: a new post's, and replies to the posts on this page.
  const drafts: Record<string, string> = {};
  if (extras.rootDraft !== null) drafts[draftKey(discussionId, null)] = extras.rootDraft;
  for (const p of all) if (p.draft !== null) drafts[draftKey(discussionId, p.facts.id)] = p.draft;
  const following = extras.following;
  const lastReadAt = extras.lastReadAt;
  const views = new Map<string, PostView>();
  const extrasOf = new Map<string, TreePost>();
  for (const p of all) {
    const v = viewPost(viewer, access, p.facts);
    if (v) {
      views.set(p.facts.id, v);
      extrasOf.set(p.facts.id, p);
    }
  }
  const rows: ThreadRowView[] = flattenThread([...views.values()]).map(
    ({ post, indent, inReplyToId }) => {
      const parent = post.parentId ? views.get(post.parentId) : undefined;
      return withFields(post, {
        html: post.body === null ? null : renderPostHtml(post.body),
        indent,
        inReplyTo: inReplyToId
          ? parent?.author?.label ?? "an earlier post"
          : null,
        unread: isUnread(post, lastReadAt),
        upvotedByMe: extrasOf.get(post.id)!.upvotedByMe,
        reactions: post.state === "VISIBLE" && post.body !== null ? extrasOf.get(post.id)!.reactions : NO_REACTIONS,
      });
    }
  );

  // lastPostAt is the newest post's createdAt (createPost sets both), so when the viewer has read
  // past it nothing is unread and there is nothing to record: a repeat view writes nothing.
  const upToDate =
    lastReadAt !== null &&
    (discussion.lastPostAt === null || discussion.lastPostAt <= lastReadAt);
  const firstUnreadHref =
    access.canSeeOthers && !upToDate
      ? await firstUnreadLink(actor, discussionId, lastReadAt, access.isStaff)
      : null;
  // Posts the viewer could not see (post first) are not "read" yet.
  if (access.canSeeOthers && !upToDate)
    await getDb().discussionRead.upsert({
      where: { discussionId_userId: { discussionId, userId: actor.id } },
      create: { discussionId, userId: actor.id, lastReadAt: now },
      update: { lastReadAt: now },
    });

  const firstRoot = roots[0];
  const lastRoot = roots[roots.length - 1];
  return {
    /** The graded-discussion link (for the page's grading summary; not shown). */
    assignmentId: discussion.assignmentId,
    course: ctx.course.course,
    discussion: {
      id: discussion.id,
      title: discussion.title,
      html: renderPostHtml(discussion.body),
      type: discussion.type,
      itemId: discussion.itemId,
      postFirst: discussion.postFirst,
      anonymous: discussion.anonymous,
      locked: discussion.locked,
      pinned: discussion.pinned,
      published: discussion.published,
      closeAt: ctx.closeAt,
      closeInput: closeInputValue(discussion.closeRule),
      startedBy:
        discussion.authorId === actor.id
          ? "You"
          : extras.starterName ?? "Former member",
      isAsker: discussion.authorId === actor.id,
    },
    access: {
      ...access,
      hasPosted: ctx.hasPosted,
      muted: viewer.muted ?? false,
    },
    rows,
    page: {
      prev: !atStart && firstRoot ? `?before=${encodeCursor(firstRoot)}` : null,
      next: !atEnd && lastRoot ? `?after=${encodeCursor(lastRoot)}` : null,
      first: "?page=first",
      last: "?page=last",
    },
    firstUnreadHref,
    following,
    drafts,
  };
}

/** A link to the page holding the first unread post (its top-level ancestor starts the page). */
async function firstUnreadLink(
  actor: Actor,
  discussionId: string,
  lastReadAt: Date | null,
  isStaff: boolean
): Promise<string | null> {
  const db = getDb();
  const first = await db.post.findFirst({
    where: {
      discussionId,
      authorId: { not: actor.id },
      deletedAt: null,
      ...(isStaff ? {} : { hiddenAt: null }),
      ...(lastReadAt ? { createdAt: { gt: lastReadAt } } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, parentId: true, createdAt: true },
  });
  if (!first) return null;
  return postLink(first);
}

type PostPlace = { id: string; parentId: string | null; createdAt: Date };

/** The top-level ancestor of a post's parent: a recursive walk up parentId (at most 100 levels). */
const ANCESTOR_SQL = `WITH RECURSIVE a("id", "parentId", "createdAt", "n") AS (
  SELECT p."id", p."parentId", p."createdAt", 1 FROM "Post" p WHERE p."id" = $1
  UNION ALL
  SELECT p."id", p."parentId", p."createdAt", a."n" + 1 FROM "Post" p JOIN a ON p."id" = a."parentId" WHERE a."n" < 100
)
SELECT "id", "createdAt" FROM a ORDER BY "n" DESC LIMIT 1`;

/**
 * The thread-page query and anchor that show one post: the page starts at its top-level ancestor
 * (one statement, whatever the depth). The caller has checked the viewer may see the post.
 */
export async function postLink(post: PostPlace): Promise<string> {
  let root: { id: string; createdAt: Date } = post;
  if (post.parentId) {
    const [top] = await queryRows<{ id: string; createdAt: unknown }>(ANCESTOR_SQL, [post.parentId]);
    if (top) root = { id: top.id, createdAt: new Date(instantOf(top.createdAt)) };
  }
  return `?from=${encodeCursor(root)}#post-${post.id}`;
}
