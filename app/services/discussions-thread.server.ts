/**
 * One page of a thread. Top-level posts are keyset-paged on (createdAt, id) — the
 * [discussionId, createdAt, id] index, never OFFSET — so the first and the last page of a
 * 10,000-post thread cost the same; each top-level post comes with its whole reply tree (one query
 * per reply level). Every post goes through viewPost before it leaves this file.
 */
import { z } from "zod";
import { isUnread, viewPost, type PostView } from "~/domain/discussion";
import {
  decodeCursor,
  encodeCursor,
  flattenThread,
  type Cursor,
  type ThreadRowView,
} from "~/domain/thread";
import { getDb } from "~/lib/db.server";
import { NO_REACTIONS } from "~/domain/reactions";
import { renderPostHtml } from "./discussions-render.server";
import { minePerPost, reactionCounts, withMine } from "./reactions.server";
import {
  authorsOf,
  closeInputValue,
  loadDiscussion,
  postFactsSelect,
  toFacts,
  type PostRow,
} from "./discussions.server";
import type { Actor } from "./users.server";

export const THREAD_PAGE = 20;

export const threadQuerySchema = z.object({
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
  from: z.string().max(200).optional(),
  page: z.enum(["first", "last"]).optional(),
});

const gt = (c: Cursor, inclusive = false) => ({
  OR: [
    { createdAt: { gt: c.createdAt } },
    { createdAt: c.createdAt, id: inclusive ? { gte: c.id } : { gt: c.id } },
  ],
});
const lt = (c: Cursor) => ({
  OR: [
    { createdAt: { lt: c.createdAt } },
    { createdAt: c.createdAt, id: { lt: c.id } },
  ],
});

export async function getThread(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  query: z.infer<typeof threadQuerySchema>,
  now: Date
) {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const { access, viewer, discussion } = ctx;
  const db = getDb();
  const rootWhere = {
    discussionId,
    parentId: null,
    ...(access.canSeeOthers ? {} : { authorId: actor.id }),
  };
  const after = decodeCursor(query.after);
  const before = decodeCursor(query.before);
  const from = decodeCursor(query.from);
  const backwards = Boolean(before) || query.page === "last";
  const cursorWhere = after
    ? gt(after)
    : from
    ? gt(from, true)
    : before
    ? lt(before)
    : {};
  const fetched = await db.post.findMany({
    where: { ...rootWhere, ...cursorWhere },
    orderBy: backwards
      ? [{ createdAt: "desc" }, { id: "desc" }]
      : [{ createdAt: "asc" }, { id: "asc" }],
    take: THREAD_PAGE + 1,
    select: postFactsSelect,
  });
  const more = fetched.length > THREAD_PAGE;
  const roots = fetched.slice(0, THREAD_PAGE);
  if (backwards) roots.reverse();
  const atStart = backwards ? !more : !after && !from ? true : false;
  const atEnd = backwards ? query.page === "last" : !more;

  // Whole reply trees of the page's top-level posts, one query per level.
  const all: PostRow[] = [...roots];
  let level = roots.map((r) => r.id);
  while (level.length) {
    const replies = await db.post.findMany({
      where: { parentId: { in: level } },
      select: postFactsSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    all.push(...replies);
    level = replies.map((r) => r.id);
  }

  const ids = all.map((p) => p.id);
  const [authors, read, myReactions, counts, following, drafts] = await Promise.all([
    authorsOf(discussion.courseId, [
      ...all.map((p) => p.authorId),
      discussion.authorId,
    ]),
    db.discussionRead.findUnique({
      where: { discussionId_userId: { discussionId, userId: actor.id } },
      select: { lastReadAt: true },
    }),
    ids.length
      ? db.postReaction.findMany({
          where: { userId: actor.id, postId: { in: ids } },
          select: { postId: true, kind: true },
        })
      : [],
    reactionCounts(ids),
    db.discussionFollow.findUnique({
      where: { discussionId_userId: { discussionId, userId: actor.id } },
      select: { following: true },
    }),
    db.draft.findMany({
      where: { userId: actor.id, key: { startsWith: `discussion:${discussionId}:` } },
      select: { key: true, body: true },
    }),
  ]);
  const lastReadAt = read?.lastReadAt ?? null;
  const voted = new Set(myReactions.filter((r) => r.kind === "UPVOTE").map((r) => r.postId));
  const mine = minePerPost(myReactions);
  const views = new Map<string, PostView>();
  for (const p of all) {
    const v = viewPost(viewer, access, toFacts(p, authors));
    if (v) views.set(p.id, v);
  }
  const rows: ThreadRowView[] = flattenThread([...views.values()]).map(
    ({ post, indent, inReplyToId }) => {
      const parent = post.parentId ? views.get(post.parentId) : undefined;
      return {
        ...post,
        html: post.body === null ? null : renderPostHtml(post.body),
        indent,
        inReplyTo: inReplyToId
          ? parent?.author?.label ?? "an earlier post"
          : null,
        unread: isUnread(post, lastReadAt),
        upvotedByMe: voted.has(post.id),
        reactions: post.state === "VISIBLE" && post.body !== null ? withMine(post.id, counts, mine) : NO_REACTIONS,
      };
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
    await db.discussionRead.upsert({
      where: { discussionId_userId: { discussionId, userId: actor.id } },
      create: { discussionId, userId: actor.id, lastReadAt: now },
      update: { lastReadAt: now },
    });

  const firstRoot = roots[0];
  const lastRoot = roots[roots.length - 1];
  const starter = authors.get(discussion.authorId);
  return {
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
          : starter?.name ?? "Former member",
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
    following: following?.following ?? false,
    drafts: Object.fromEntries(drafts.map((d) => [d.key, d.body])),
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

/**
 * The thread-page query and anchor that show one post: the page starts at its top-level ancestor
 * (one query per level above it). The caller has checked the viewer may see the post.
 */
export async function postLink(post: PostPlace): Promise<string> {
  let root = post;
  for (let guard = 0; root.parentId && guard < 100; guard++) {
    const parent = await getDb().post.findUnique({
      where: { id: root.parentId },
      select: { id: true, parentId: true, createdAt: true },
    });
    if (!parent) break;
    root = parent;
  }
  return `?from=${encodeCursor(root)}#post-${post.id}`;
}
