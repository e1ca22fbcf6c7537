import { getDb } from "~/lib/db.server";

/**
 * A table-backed job queue. A worker claims a job with a conditional update
 * (status PENDING -> RUNNING), so a job runs at most once at a time even with
 * several app processes. Failed jobs retry with exponential backoff; a job
 * whose worker died is reclaimed after LOCK_TIMEOUT_MS.
 */
export type JobHandler = (payload: any, now: Date) => Promise<void>;

const handlers = new Map<string, JobHandler>();
export const LOCK_TIMEOUT_MS = 5 * 60_000;

export function registerJobHandler(type: string, handler: JobHandler): void {
  handlers.set(type, handler);
}

export async function enqueueJob(
  type: string,
  payload: unknown,
  options: { runAt?: Date; uniqueKey?: string; maxAttempts?: number } = {},
): Promise<void> {
  const db = getDb();
  const data = {
    type,
    payload: JSON.stringify(payload ?? {}),
    runAt: options.runAt ?? new Date(),
    maxAttempts: options.maxAttempts ?? 5,
    uniqueKey: options.uniqueKey ?? null,
  };
  if (options.uniqueKey) {
    await db.job.upsert({ where: { uniqueKey: options.uniqueKey }, create: data, update: {} });
  } else {
    await db.job.create({ data });
  }
}

/** Backoff after the n-th failed attempt: 30 s, 2 min, 8 min, … capped at 6 h. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempt - 1), 6 * 3_600_000);
}

async function claimNext(workerId: string, now: Date) {
  const db = getDb();
  const staleBefore = new Date(now.getTime() - LOCK_TIMEOUT_MS);
  const candidates = await db.job.findMany({
    where: {
      OR: [
        { status: "PENDING", runAt: { lte: now } },
        { status: "RUNNING", lockedAt: { lt: staleBefore } },
      ],
    },
    orderBy: { runAt: "asc" },
    take: 5,
    select: { id: true, status: true, lockedAt: true },
  });
  for (const c of candidates) {
    const claimed = await db.job.updateMany({
      where: { id: c.id, status: c.status, lockedAt: c.lockedAt },
      data: { status: "RUNNING", lockedAt: now, lockedBy: workerId, attempts: { increment: 1 } },
    });
    if (claimed.count === 1) return db.job.findUniqueOrThrow({ where: { id: c.id } });
  }
  return null;
}

/** Runs every job that is due now; returns how many ran. */
export async function runDueJobs(workerId: string, now: Date, max = 50): Promise<number> {
  const db = getDb();
  let ran = 0;
  while (ran < max) {
    const job = await claimNext(workerId, now);
    if (!job) break;
    ran++;
    const handler = handlers.get(job.type);
    try {
      if (!handler) throw new Error(`No handler registered for job type "${job.type}"`);
      await handler(JSON.parse(job.payload), now);
      await db.job.update({ where: { id: job.id }, data: { status: "DONE", lockedAt: null, lockedBy: null, lastError: null } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = job.attempts >= job.maxAttempts;
      await db.job.update({
        where: { id: job.id },
        data: {
          status: failed ? "FAILED" : "PENDING",
          runAt: new Date(now.getTime() + backoffMs(job.attempts)),
          lockedAt: null,
          lockedBy: null,
          lastError: message.slice(0, 2000),
        },
      });
    }
  }
  return ran;
}
