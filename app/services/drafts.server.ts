/**
 * Server-side drafts: text saved as a person types (debounced by the client), keyed by
 * form, so an answer survives a closed browser or a switch to another device. Each
 * person sees only their own drafts; the key names the form, e.g. `assignment:<id>`.
 */
import { z } from "zod";
import { getDb } from "~/lib/db.server";

export const draftKeySchema = z.string().regex(/^[a-z-]{1,30}:[A-Za-z0-9_-]{1,100}$/, "That draft key is not valid.");
export const saveDraftSchema = z.object({
  key: draftKeySchema,
  body: z.string().max(200_000, "Drafts are limited to 200,000 characters."),
});

export type DraftView = { key: string; body: string; updatedAt: Date } | null;

export async function getDraft(actor: { id: string }, key: string): Promise<DraftView> {
  return getDb().draft.findUnique({ where: { userId_key: { userId: actor.id, key } }, select: { key: true, body: true, updatedAt: true } });
}

/** Saves (or, for empty text, deletes) the actor's draft. */
export async function saveDraft(actor: { id: string }, input: z.infer<typeof saveDraftSchema>): Promise<DraftView> {
  const db = getDb();
  if (input.body.trim() === "") {
    await deleteDraft(actor, input.key);
    return null;
  }
  return db.draft.upsert({
    where: { userId_key: { userId: actor.id, key: input.key } },
    create: { userId: actor.id, key: input.key, body: input.body },
    update: { body: input.body },
    select: { key: true, body: true, updatedAt: true },
  });
}

export async function deleteDraft(actor: { id: string }, key: string): Promise<void> {
  await getDb().draft.deleteMany({ where: { userId: actor.id, key } });
}

export const assignmentDraftKey = (assignmentId: string) => `assignment:${assignmentId}`;
