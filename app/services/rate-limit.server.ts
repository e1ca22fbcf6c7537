import { AppError } from "~/lib/errors";
import { getDb } from "~/lib/db.server";

export type Limit = { limit: number; windowSeconds: number };

export const LIMITS = {
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 100, windowSeconds: 15 * 60 },
  resetPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 30, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/**
 * Counts one attempt against `key` in a fixed window and throws a 429 AppError
 * once the limit is reached. Counters live in the database so that every app
 * process shares them.
 */
export async function hitRateLimit(key: string, { limit, windowSeconds }: Limit, now: Date): Promise<void> {
  const db = getDb();
  const windowStartFloor = new Date(now.getTime() - windowSeconds * 1000);
  const bucket = await db.rateLimitBucket.findUnique({ where: { key } });
  if (!bucket || bucket.windowStart <= windowStartFloor) {
    await db.rateLimitBucket.upsert({
      where: { key },
      create: { key, windowStart: now, count: 1 },
      update: { windowStart: now, count: 1 },
    });
    return;
  }
  if (bucket.count >= limit) {
    const retryAfter = Math.max(1, Math.ceil((bucket.windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
    const minutes = Math.ceil(retryAfter / 60);
    throw new AppError(
      "RATE_LIMITED",
      `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      undefined,
      retryAfter,
    );
  }
  await db.rateLimitBucket.update({ where: { key }, data: { count: { increment: 1 } } });
}

/** Throws the same 429 as `hitRateLimit` when `key` is already at its limit, without counting. */
export async function checkRateLimit(key: string, { limit, windowSeconds }: Limit, now: Date): Promise<void> {
  const bucket = await getDb().rateLimitBucket.findUnique({ where: { key } });
  if (!bucket || bucket.windowStart.getTime() <= now.getTime() - windowSeconds * 1000 || bucket.count < limit) return;
  await hitRateLimit(key, { limit, windowSeconds }, now);
}

export async function clearRateLimit(key: string): Promise<void> {
  await getDb().rateLimitBucket.deleteMany({ where: { key } });
}
