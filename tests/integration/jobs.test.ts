import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { PRUNE_JOB, ensurePruneScheduled, pruneFinishedJobs, runPruneJob } from "~/integrations/jobs/prune.server";
import { backoffMs, enqueueJob, registerJobHandler, runDueJobs } from "~/integrations/jobs/queue.server";

const now = new Date("2026-11-26T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

test("a due job runs once and is marked done", async () => {
  const seen: unknown[] = [];
  registerJobHandler("test.record", async (payload) => {
    seen.push(payload);
  });
  await enqueueJob("test.record", { n: 1 }, { runAt: now });
  await enqueueJob("test.record", { n: 2 }, { runAt: at(60) });
  expect(await runDueJobs("w1", now)).toBe(1);
  expect(seen).toEqual([{ n: 1 }]);
  expect(await runDueJobs("w1", now)).toBe(0);
  expect(await runDueJobs("w1", at(60))).toBe(1);
  expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  expect(await getDb().job.count({ where: { type: "test.record", status: "DONE" } })).toBe(2);
});

test("a failing job retries with backoff, then gives up as FAILED", async () => {
  let calls = 0;
  registerJobHandler("test.flaky", async () => {
    calls++;
    throw new Error("SMTP said no");
  });
  await enqueueJob("test.flaky", {}, { runAt: now, maxAttempts: 2 });
  await runDueJobs("w1", now);
  let job = await getDb().job.findFirstOrThrow({ where: { type: "test.flaky" } });
  expect(job.status).toBe("PENDING");
  expect(job.lastError).toBe("SMTP said no");
  expect(job.runAt.getTime()).toBe(now.getTime() + backoffMs(1));
  expect(await runDueJobs("w1", at(10))).toBe(0);
  await runDueJobs("w1", at(31));
  job = await getDb().job.findFirstOrThrow({ where: { type: "test.flaky" } });
  expect(job.status).toBe("FAILED");
  expect(calls).toBe(2);
});

test("two workers racing for the same jobs run each job exactly once", async () => {
  const runs = new Map<number, number>();
  registerJobHandler("test.race", async ({ n }) => {
    runs.set(n, (runs.get(n) ?? 0) + 1);
  });
  for (let n = 0; n < 20; n++) await enqueueJob("test.race", { n }, { runAt: now });
  await Promise.all([runDueJobs("a", now), runDueJobs("b", now), runDueJobs("c", now)]);
  expect([...runs.values()].every((count) => count === 1)).toBe(true);
  expect(runs.size).toBe(20);
});

test("a job whose worker died is reclaimed after the lock timeout", async () => {
  registerJobHandler("test.stuck", async () => {});
  await enqueueJob("test.stuck", {}, { runAt: now });
  await getDb().job.updateMany({ where: { type: "test.stuck" }, data: { status: "RUNNING", lockedAt: now, lockedBy: "dead" } });
  expect(await runDueJobs("w2", at(60))).toBe(0);
  expect(await runDueJobs("w2", at(6 * 60))).toBe(1);
});

test("a unique key enqueues a job only once", async () => {
  await enqueueJob("test.once", {}, { uniqueKey: "digest:u1:2026-11-26" });
  await enqueueJob("test.once", {}, { uniqueKey: "digest:u1:2026-11-26" });
  expect(await getDb().job.count({ where: { type: "test.once" } })).toBe(1);
});

test("backoff grows and is capped", () => {
  expect([1, 2, 3].map(backoffMs)).toEqual([30_000, 120_000, 480_000]);
  expect(backoffMs(20)).toBe(6 * 3_600_000);
});

test("pruning deletes finished jobs after two weeks and failed ones after 30 days, nothing else", async () => {
  const db = getDb();
  const now = new Date("2026-06-01T12:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const make = (type: string, status: "PENDING" | "RUNNING" | "DONE" | "FAILED", updatedAt: Date) =>
    db.job.create({ data: { type, status, updatedAt, runAt: updatedAt } });
  await make("prune.done-old", "DONE", daysAgo(15));
  await make("prune.done-recent", "DONE", daysAgo(13));
  await make("prune.failed-old", "FAILED", daysAgo(31));
  await make("prune.failed-recent", "FAILED", daysAgo(20));
  await make("prune.pending-old", "PENDING", daysAgo(90));
  await make("prune.running-old", "RUNNING", daysAgo(90));

  expect(await pruneFinishedJobs(now)).toBe(2);
  const left = (await db.job.findMany({ where: { type: { startsWith: "prune." } }, select: { type: true } })).map((j) => j.type).sort();
  expect(left).toEqual(["prune.done-recent", "prune.failed-recent", "prune.pending-old", "prune.running-old"]);
});

test("pruning schedules itself hourly, once per slot across processes", async () => {
  const db = getDb();
  const now = new Date("2026-06-01T12:34:00Z");
  await ensurePruneScheduled(now);
  await ensurePruneScheduled(now); // a second process starting
  const slots = await db.job.findMany({ where: { type: PRUNE_JOB }, orderBy: { runAt: "asc" }, select: { runAt: true, uniqueKey: true } });
  expect(slots.map((s) => s.runAt.toISOString())).toEqual(["2026-06-01T12:34:00.000Z", "2026-06-01T13:00:00.000Z"]);
  registerJobHandler(PRUNE_JOB, runPruneJob);
  await runDueJobs("w1", new Date("2026-06-01T13:00:00Z"));
  const next = await db.job.findMany({ where: { type: PRUNE_JOB, status: "PENDING" }, select: { runAt: true } });
  expect(next.map((s) => s.runAt.toISOString())).toEqual(["2026-06-01T14:00:00.000Z"]);
});
