import { isUniqueViolation } from "~/lib/db.server";
import { enqueueJob } from "./queue.server";

/**
 * Enqueues a job once per `uniqueKey` across processes (a slot of a periodic job, one digest per
 * person and period): a concurrent enqueue of the same key is not an error.
 */
export async function enqueueOnce(type: string, payload: unknown, options: { runAt: Date; uniqueKey: string; maxAttempts?: number }): Promise<void> {
  try {
    await enqueueJob(type, payload, options);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Start of the fixed slot of length `everyMs` holding `t`. */
export const slotOf = (t: number, everyMs: number) => Math.floor(t / everyMs) * everyMs;
/** A unique key for a job type and slot, e.g. "reminders.scan:2027-01-14T10:05Z". */
export const slotKey = (type: string, slot: number) => `${type}:${new Date(slot).toISOString().slice(0, 16)}Z`;
