/**
 * Search within a course's discussions: full text over post bodies (discussion-fts.server.ts:
 * SQLite FTS5 / PostgreSQL tsvector, every word as a prefix), LIKE over topic titles and prompts,
 * limited to what the person may read: every hit goes through readablePost, so post-first,
 * hidden, deleted, unpublished and anonymous rules hold exactly as on the thread page. Matches
 * are shown escaped, then wrapped in <mark>.
 */
import { z } from "zod";
import { discussionAccess, readablePost } from "~/domain/discussion";
import { dbProvider, getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { escapeHtml } from "~/lib/html";
import { authorsOf, postFactsSelect, toFacts, viewerFor } from "./discussion-context.server";
import { matchPostIds, searchTerms } from "./discussion-fts.server";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

export const searchSchema = z.object({ q: z.string().trim().min(2, "Search for at least 2 characters.").max(200, "Keep the search under 200 characters.") });
const MAX_RESULTS = 30;
const SCAN_LIMIT = 300;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An excerpt around the first match, HTML-escaped, with every match wrapped in <mark>. `query` is
 * matched as a phrase, and each of its words (the full-text search matches words).
 */
export function highlight(text: string, query: string, radius = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const needles = [query, ...searchTerms(query)].filter((n) => n.trim()).sort((a, b) => b.length - a.length);
  const lower = flat.toLowerCase();
  const at = Math.min(...needles.map((n) => lower.indexOf(n.toLowerCase())).filter((i) => i >= 0), Infinity);
  const from = at === Infinity ? 0 : at;
  const start = Math.max(0, from - radius);
  const end = Math.min(flat.length, from + query.length + radius * 2);
  const slice = `${start > 0 ? "…" : ""}${flat.slice(start, end)}${end < flat.length ? "…" : ""}`;
  if (needles.length === 0) return escapeHtml(slice);
  // Split on the matches in the raw text, escape every piece, then wrap the matched pieces.
  const pattern = new RegExp(`(${needles.map(escapeRegExp).join("|")})`, "gi");
  return slice
    .split(pattern)
    .map((piece, i) => (i % 2 === 1 ? `<mark>${escapeHtml(piece)}</mark>` : escapeHtml(piece)))
    .join("");
}

const contains = (q: string) => (dbProvider() === "postgresql" ? ({ contains: q, mode: "insensitive" } as unknown as { contains: string }) : { contains: q });

export type SearchHit = { discussionId: string; title: string; postId: string | null; author: string | null; snippetHtml: string; createdAt: Date };

export async function searchDiscussions(actor: Actor, courseRef: { id?: string; slug?: string }, input: z.infer<typeof searchSchema>, now: Date): Promise<SearchHit[]> {
  const course = await loadCourseAccess(actor, courseRef);
  if (!course.isStaff && !course.role) throw new AppError("FORBIDDEN", "Enroll in this course to search its discussions.");
  const viewer = await viewerFor(actor, course, now);
  const db = getDb();
  const discussionWhere = { courseId: course.course.id, ...(course.isStaff ? {} : { published: true }) };
  const [topics, posts] = await Promise.all([
    db.discussion.findMany({ where: { ...discussionWhere, OR: [{ title: contains(input.q) }, { body: contains(input.q) }] }, select: { id: true, title: true, body: true, createdAt: true }, orderBy: { createdAt: "desc" }, take: MAX_RESULTS }),
    matchPostIds(course.course.id, searchTerms(input.q), SCAN_LIMIT).then((ids) =>
      db.post.findMany({
        where: { id: { in: ids }, discussion: discussionWhere, deletedAt: null, ...(course.isStaff ? {} : { hiddenAt: null }) },
        select: { ...postFactsSelect, discussion: { select: { title: true, published: true, postFirst: true, anonymous: true, locked: true } } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
    ),
  ]);
  const discussionIds = [...new Set(posts.map((p) => p.discussionId))];
  const [mine, authors] = await Promise.all([
    db.post.groupBy({ by: ["discussionId"], where: { authorId: actor.id, deletedAt: null, discussionId: { in: discussionIds } }, _count: { _all: true } }),
    authorsOf(course.course.id, posts.map((p) => p.authorId)),
  ]);
  const posted = new Set(mine.map((m) => m.discussionId));
  const hits: SearchHit[] = topics.map((t) => ({
    discussionId: t.id,
    title: t.title,
    postId: null,
    author: null,
    snippetHtml: highlight(t.title.toLowerCase().includes(input.q.toLowerCase()) ? t.title : t.body, input.q),
    createdAt: t.createdAt,
  }));
  for (const p of posts) {
    if (hits.length >= MAX_RESULTS) break;
    const { discussion, ...row } = p;
    const access = discussionAccess(viewer, { ...discussion, closeAt: null }, posted.has(p.discussionId), now);
    const view = readablePost(viewer, access, toFacts(row, authors));
    if (!view) continue;
    hits.push({ discussionId: p.discussionId, title: discussion.title, postId: p.id, author: view.author.label, snippetHtml: highlight(view.body, input.q), createdAt: p.createdAt });
  }
  return hits;
}
