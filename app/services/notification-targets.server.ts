/**
 * What a page of notifications points at, as the reader may see it NOW. Notification rows hold
 * only ids (posts.server.ts); this file loads the courses, discussions, posts and authors behind a
 * page with a fixed number of queries and runs every post through domain/discussion.ts again, so a
 * post hidden, deleted or made unreadable since the notification was written never shows its body
 * or its anonymous author.
 */
import { discussionAccess, readablePost, type CourseRoleName, type Viewer } from "~/domain/discussion";
import { getDb } from "~/lib/db.server";
import { postFactsSelect, toFacts } from "./discussion-context.server";
import { STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export type NoteRow = { id: string; courseId: string | null; kind: string; data: string };

export type NoteTarget = {
  course: { title: string; slug: string } | null;
  /** A plain-language sentence; never quotes what the reader may not see. */
  sentence: string;
  /** A short quote of the post when the reader may read it. */
  excerpt: string | null;
  /** Where following the notification leads: a post, a discussion, or nothing. */
  target: { discussionId: string; postId: string | null } | null;
};

const UNAVAILABLE = "This post is no longer available.";
const quote = (title: string) => `“${title}”`;
const excerptOf = (body: string) => {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
};

function dataOf(note: NoteRow): { discussionId?: string; postId?: string } {
  try {
    const d = JSON.parse(note.data) as unknown;
    return typeof d === "object" && d !== null ? (d as { discussionId?: string; postId?: string }) : {};
  } catch {
    return {};
  }
}

/** Resolves every note of a page with 5 queries at most, whatever their number. */
export async function resolveTargets(actor: Actor, notes: NoteRow[], now: Date): Promise<Map<string, NoteTarget>> {
  const db = getDb();
  const data = new Map(notes.map((n) => [n.id, dataOf(n)]));
  const courseIds = [...new Set(notes.map((n) => n.courseId).filter((c): c is string => c !== null))];
  const discussionIds = [...new Set([...data.values()].map((d) => d.discussionId).filter((d): d is string => typeof d === "string"))];
  const postIds = [...new Set([...data.values()].map((d) => d.postId).filter((p): p is string => typeof p === "string"))];
  const [courses, discussions, posts, mine] = await Promise.all([
    courseIds.length
      ? db.course.findMany({
          where: { id: { in: courseIds } },
          select: { id: true, slug: true, title: true, status: true, enrollments: { where: { userId: actor.id, status: "ACTIVE" }, select: { role: true }, take: 1 } },
        })
      : [],
    discussionIds.length
      ? db.discussion.findMany({ where: { id: { in: discussionIds } }, select: { id: true, courseId: true, title: true, published: true, postFirst: true, anonymous: true, locked: true } })
      : [],
    postIds.length ? db.post.findMany({ where: { id: { in: postIds } }, select: postFactsSelect }) : [],
    discussionIds.length
      ? db.post.groupBy({ by: ["discussionId"], where: { authorId: actor.id, deletedAt: null, discussionId: { in: discussionIds } }, _count: { _all: true } })
      : [],
  ]);
  const authorIds = [...new Set(posts.map((p) => p.authorId))];
  const authors = authorIds.length
    ? await db.user.findMany({
        where: { id: { in: authorIds } },
        select: { id: true, displayName: true, enrollments: { where: { courseId: { in: courseIds }, status: "ACTIVE", role: { in: STAFF } }, select: { courseId: true } } },
      })
    : [];

  const courseById = new Map(courses.map((c) => [c.id, c]));
  const discussionById = new Map(discussions.map((d) => [d.id, d]));
  const postById = new Map(posts.map((p) => [p.id, p]));
  const posted = new Set(mine.map((m) => m.discussionId));
  const authorsIn = (courseId: string) => new Map(authors.map((a) => [a.id, { name: a.displayName, isStaff: a.enrollments.some((e) => e.courseId === courseId) }]));
  const out = new Map<string, NoteTarget>();
  for (const note of notes) {
    const course = note.courseId ? courseById.get(note.courseId) : undefined;
    const role = (course?.enrollments[0]?.role ?? null) as CourseRoleName | null;
    const isStaff = actor.isAdmin || (role !== null && role !== "STUDENT");
    const member = isStaff || role !== null;
    const courseVisible = course !== undefined && member && (course.status === "PUBLISHED" || isStaff);
    const courseView = courseVisible ? { title: course.title, slug: course.slug } : null;
    const d = data.get(note.id)!;
    const discussion = d.discussionId ? discussionById.get(d.discussionId) : undefined;
    const post = d.postId ? postById.get(d.postId) : undefined;
    if (!note.kind.startsWith("DISCUSSION_")) {
      out.set(note.id, { course: courseView, sentence: "You have a new notification.", excerpt: null, target: null });
      continue;
    }
    if (!courseVisible || !discussion || !post || discussion.courseId !== course.id || post.discussionId !== discussion.id) {
      out.set(note.id, { course: courseView, sentence: UNAVAILABLE, excerpt: null, target: null });
      continue;
    }
    const viewer: Viewer = { userId: actor.id, role, isAdmin: actor.isAdmin };
    const access = discussionAccess(viewer, { ...discussion, closeAt: null }, posted.has(discussion.id), now);
    const view = readablePost(viewer, access, toFacts(post, authorsIn(course.id)));
    if (view) {
      const verb = note.kind === "DISCUSSION_MENTION" ? "mentioned you in" : post.parentId ? "replied in" : "posted in";
      out.set(note.id, {
        course: courseView,
        sentence: `${view.author.label} ${verb} ${quote(discussion.title)}${note.kind === "DISCUSSION_POST" ? ", a discussion you follow" : ""}.`,
        excerpt: excerptOf(view.body),
        target: { discussionId: discussion.id, postId: post.id },
      });
    } else if (access.canSee && !access.canSeeOthers && !post.deletedAt && !post.hiddenAt) {
      out.set(note.id, {
        course: courseView,
        sentence: `New post in ${quote(discussion.title)}: you'll see it after you post your own reply.`,
        excerpt: null,
        target: { discussionId: discussion.id, postId: null },
      });
    } else out.set(note.id, { course: courseView, sentence: UNAVAILABLE, excerpt: null, target: null });
  }
  return out;
}
