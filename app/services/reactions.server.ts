/**
 * Emoji reactions (domain/reactions.ts holds the fixed set and the rules). A reaction is a
 * PostReaction row, unique on (post, user, kind); toggling adds or removes the viewer's own row.
 * Pages get counts only — never who reacted — so anonymous discussions stay anonymous. A page of
 * posts reads them inside its one page statement (discussions-thread.server.ts, reactionsFromList).
 */
import { z } from "zod";
import { REACTION_KINDS, reactionBlock } from "~/domain/reactions";
import { getDb, isUniqueViolation } from "~/lib/db.server";
import { AppError, badRequest } from "~/lib/errors";
import { loadDiscussion } from "./discussion-context.server";
import { loadPost } from "./posts.server";
import type { Actor } from "./users.server";

const UNKNOWN =
  "Unknown reaction. Choose one of the reaction buttons under the post.";

export const reactionSchema = z.object({
  postId: z.string().min(1).max(64),
  kind: z.enum(REACTION_KINDS, { error: UNKNOWN }),
});

/** Validates a submitted reaction; an unknown kind is a 400 whose message says so. */
export function parseReaction(
  form: Record<string, unknown>
): z.infer<typeof reactionSchema> {
  const parsed = reactionSchema.safeParse(form);
  if (parsed.success) return parsed.data;
  const kindIssue = parsed.error.issues.some((i) => i.path[0] === "kind");
  if (kindIssue) throw badRequest(UNKNOWN, { kind: [UNKNOWN] });
  throw badRequest("Choose a post to react to.", {
    postId: ["Choose a post to react to."],
  });
}

/**
 * Adds the viewer's reaction of this kind to the post, or removes it when it is already there.
 * Returns whether the viewer now has it. 404 for a post the viewer can't see; 409 for a deleted or
 * hidden post or a locked discussion; 403 when muted.
 */
export async function toggleReaction(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  input: z.infer<typeof reactionSchema>,
  now: Date
): Promise<{ reacted: boolean }> {
  const ctx = await loadDiscussion(actor, courseRef, discussionId, now);
  const { row, view } = await loadPost(ctx, input.postId);
  const block = reactionBlock(ctx.viewer, ctx.access, ctx.facts, view);
  if (block) throw new AppError(block.code, block.message);
  const db = getDb();
  const removed = await db.postReaction.deleteMany({
    where: { postId: row.id, userId: actor.id, kind: input.kind },
  });
  if (removed.count > 0) return { reacted: false };
  try {
    await db.postReaction.create({
      data: {
        postId: row.id,
        userId: actor.id,
        kind: input.kind,
        createdAt: now,
      },
    });
  } catch (error) {
    // A concurrent click already added it: the person has the reaction either way.
    if (!isUniqueViolation(error)) throw error;
  }
  return { reacted: true };
}
