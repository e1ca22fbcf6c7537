/**
 * Keeps the Job table small: finished jobs are deleted after two weeks (long enough that a
 * digest's or scan's unique key outlives its period, so deleting it never lets the same job be
 * enqueued again), failed ones after 30 days (time enough to read `lastError`). Runs hourly as a
 * job of its own, scheduled like the reminder scan (one unique key per slot, across processes).
 */
import { getDb } from "~/lib/db.server";
import { enqueueOnce, slotKey, slotOf } from "./periodic.server";

export const PRUNE_JOB = "jobs.prune";
const EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
export const KEEP_DONE_DAYS = 14;
export const KEEP_FAILED_DAYS = 30;

/** Deletes finished jobs past their keeping time; returns how many. */
export async function pruneFinishedJobs(now: Date): Promise<number> {
  const { count } = await getDb().job.deleteMany({
    where: {
      OR: [
        { status: "DONE", updatedAt: { lt: new Date(now.getTime() - KEEP_DONE_DAYS * DAY_MS) } },
        { status: "FAILED", updatedAt: { lt: new Date(now.getTime() - KEEP_FAILED_DAYS * DAY_MS) } },
      ],
    },
  });
  return count;
}

const enqueuePrune = (slot: number) => enqueueOnce(PRUNE_JOB, {}, { runAt: new Date(slot), uniqueKey: slotKey(PRUNE_JOB, slot), maxAttempts: 1 });

/** Job handler: schedules the next hour first (so a failure never ends the chain), then prunes. */
export async function runPruneJob(_payload: unknown, now: Date): Promise<void> {
  await enqueuePrune(slotOf(now.getTime(), EVERY_MS) + EVERY_MS);
  await pruneFinishedJobs(now);
}

/** Makes sure pruning runs: this hour's slot (now, unless it ran) and the next. Idempotent. */
export async function ensurePruneScheduled(now: Date): Promise<void> {
  const slot = slotOf(now.getTime(), EVERY_MS);
  await enqueueOnce(PRUNE_JOB, {}, { runAt: now, uniqueKey: slotKey(PRUNE_JOB, slot), maxAttempts: 1 });
  await enqueuePrune(slot + EVERY_MS);
}
