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
