/**
 * Emoji reactions on posts: a fixed set, stored as PostReaction rows whose `kind` is one of these
 * names ("UPVOTE" rows are the separate upvote counter). Pure: shared by the service (validation,
 * rules) and the post component (buttons and their accessible names).
 */
import type {
  DiscussionAccess,
  DiscussionFacts,
  PostBlock,
  PostView,
  Viewer,
} from "./discussion";

export const REACTIONS = [
  { kind: "THUMBS_UP", emoji: "👍", name: "thumbs up" },
  { kind: "HEART", emoji: "❤️", name: "heart" },
  { kind: "PARTY", emoji: "🎉", name: "party" },
  { kind: "INSIGHT", emoji: "💡", name: "insight" },
  { kind: "CONFUSED", emoji: "😕", name: "confused" },
] as const;

export type ReactionKind = (typeof REACTIONS)[number]["kind"];
export const REACTION_KINDS = REACTIONS.map((r) => r.kind) as [
  ReactionKind,
  ...ReactionKind[]
];

export const isReactionKind = (kind: string): kind is ReactionKind =>
  (REACTION_KINDS as string[]).includes(kind);

/** What a thread row carries: counts per kind (only non-zero ones) and the viewer's own reactions. */
export type PostReactions = {
  counts: Partial<Record<ReactionKind, number>>;
  mine: ReactionKind[];
};

export const NO_REACTIONS: PostReactions = { counts: {}, mine: [] };

/** How a reaction row is written in a joined list: its kind, with OWN_MARK when it is the viewer's. */
export const OWN_MARK = "*";

/**
 * A post's reactions from one joined list of its PostReaction rows ("HEART;THUMBS_UP*;UPVOTE*"
 * with ";" as `separator`: kinds, the viewer's marked with OWN_MARK, in any order; null for none),
 * as the thread query reads them: counts per emoji kind, the viewer's own kinds in REACTIONS order,
 * and whether the viewer upvoted. Kinds this version doesn't know are skipped.
 */
export function reactionsFromList(list: string | null, separator: string): { reactions: PostReactions; upvoted: boolean } {
  if (!list) return { reactions: NO_REACTIONS, upvoted: false };
  const counts: Partial<Record<ReactionKind, number>> = {};
  const own = new Set<string>();
  let upvoted = false;
  for (const entry of list.split(separator)) {
    const isOwn = entry.endsWith(OWN_MARK);
    const kind = isOwn ? entry.slice(0, -OWN_MARK.length) : entry;
    if (kind === "UPVOTE") upvoted ||= isOwn;
    else if (isReactionKind(kind)) {
      counts[kind] = (counts[kind] ?? 0) + 1;
      if (isOwn) own.add(kind);
    }
  }
  return { reactions: { counts, mine: own.size ? REACTION_KINDS.filter((kind) => own.has(kind)) : [] }, upvoted };
}

/** "React with heart, 3 people": the button's accessible name. */
export function reactionLabel(name: string, count: number): string {
  return `React with ${name}, ${count === 1 ? "1 person" : `${count} people`}`;
}

/**
 * Why the viewer may not react to this post now (null when they may). Reactions are lighter than
 * posts: a closed discussion still takes them, a locked one (read-only for everyone) does not, and
 * a muted member can't add anything. Only a visible post with a readable body takes reactions.
 */
export function reactionBlock(
  viewer: Viewer,
  access: DiscussionAccess,
  discussion: DiscussionFacts,
  post: PostView
): PostBlock | null {
  if (post.state !== "VISIBLE" || post.body === null)
    return {
      code: "CONFLICT",
      message: "That post was deleted or hidden, so it can't take reactions.",
    };
  if (discussion.locked)
    return {
      code: "CONFLICT",
      message: "This discussion is locked, so it can't take reactions.",
    };
  if (viewer.muted && !access.isStaff)
    return {
      code: "FORBIDDEN",
      message:
        "You have been muted in this course's discussions, so you can read but not react.",
    };
  return null;
}
