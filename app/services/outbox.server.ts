import { getDb } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import type { Actor } from "./users.server";

/** The local mail outbox: admins only (and anyone while developing). */
export async function listOutbox(actor: Actor, options: { devMode: boolean; to?: string }) {
  if (!actor.isAdmin && !options.devMode) throw forbidden("Only platform administrators can read the outbox.");
  return getDb().outboxMail.findMany({
    where: options.to ? { to: options.to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, to: true, subject: true, text: true, createdAt: true, sentAt: true, transport: true },
  });
}
