/**
 * Thread shape: replies nest to MAX_INDENT levels; deeper replies are shown at that level, in time
 * order under their level-MAX_INDENT ancestor, with "in reply to <name>". Pure.
 */
import type { PostView } from "./discussion";
import type { PostReactions } from "./reactions";

export const MAX_INDENT = 3;

/** One post as a thread page shows it: the visibility-checked view plus page-level facts. */
export type ThreadRowView = PostView & {
  html: string | null;
  indent: number;
  inReplyTo: string | null;
  unread: boolean;
  upvotedByMe: boolean;
  /** Emoji reaction counts and the viewer's own; empty for placeholders (never who reacted). */
  reactions: PostReactions;
};

export type ThreadPost = { id: string; parentId: string | null; createdAt: Date };

export type ThreadRow<T> = {
  post: T;
  /** 0 for a top-level post, at most MAX_INDENT. */
  indent: number;
  /** Set when the post is shown flattened (deeper than MAX_INDENT) or its parent is not on the page. */
  inReplyToId: string | null;
};

const byTime = <T extends ThreadPost>(a: T, b: T) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Orders posts for display (depth-first, siblings by time) and computes their indent. A post whose
 * parent is not in `posts` (not visible to the viewer) is shown as top-level "in reply to" it.
 */
export function flattenThread<T extends ThreadPost>(posts: readonly T[]): ThreadRow<T>[] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const p of posts) {
    if (p.parentId && byId.has(p.parentId)) {
      const list = children.get(p.parentId) ?? [];
      list.push(p);
      children.set(p.parentId, list);
    } else roots.push(p);
  }
  const out: ThreadRow<T>[] = [];
  const visit = (p: T, indent: number, inReplyToId: string | null) => {
    out.push({ post: p, indent, inReplyToId });
    const kids = (children.get(p.id) ?? []).slice().sort(byTime);
    if (indent < MAX_INDENT) {
      for (const k of kids) visit(k, indent + 1, null);
      return;
    }
    // At the deepest level: every descendant is listed flat, in time order, naming its parent.
    const flat: T[] = [];
    const stack = [...kids];
    while (stack.length) {
      const k = stack.pop()!;
      flat.push(k);
      stack.push(...(children.get(k.id) ?? []));
    }
    flat.sort(byTime);
    for (const k of flat) out.push({ post: k, indent: MAX_INDENT, inReplyToId: k.parentId });
  };
  for (const r of roots.slice().sort(byTime)) visit(r, 0, r.parentId);
  return out;
}

/** The depth a reply to `parentDepth` is stored at (the real depth; display caps it). */
export const replyDepth = (parentDepth: number | null) => (parentDepth === null ? 0 : parentDepth + 1);

// ---- Keyset cursors -------------------------------------------------------------------------

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(text: string | null | undefined): Cursor | null {
  if (!text) return null;
  const raw = Buffer.from(text, "base64url").toString("utf8");
  const bar = raw.indexOf("|");
  if (bar < 0) return null;
  const createdAt = new Date(raw.slice(0, bar));
  const id = raw.slice(bar + 1);
  if (Number.isNaN(createdAt.getTime()) || !/^[\w-]{1,64}$/.test(id)) return null;
  return { createdAt, id };
}

/** The Draft key of what a person is typing in a discussion: a new post ("root") or a reply to a post. */
export const draftKey = (discussionId: string, parentId?: string | null) => `discussion:${discussionId}:${parentId ?? "root"}`;
