import { randomUUID } from "node:crypto";
import { getEnv } from "~/lib/env.server";
import { PRUNE_JOB, ensurePruneScheduled, runPruneJob } from "./prune.server";
import { registerJobHandler, runDueJobs } from "./queue.server";
import { DELIVER_MAIL_JOB } from "~/integrations/mail/mail.server";
import { deliverMail } from "~/integrations/mail/smtp.server";
import { REMINDER_SCAN_JOB, ensureReminderScanScheduled, runReminderScanJob } from "~/services/reminders.server";
import { DIGEST_JOB, DIGEST_SCAN_JOB, ensureDigestScanScheduled, runDigestJob, runDigestScanJob } from "~/services/digests.server";

export function registerAllJobHandlers(): void {
  registerJobHandler(DELIVER_MAIL_JOB, deliverMail);
  registerJobHandler(REMINDER_SCAN_JOB, runReminderScanJob);
  registerJobHandler(DIGEST_JOB, runDigestJob);
  registerJobHandler(DIGEST_SCAN_JOB, runDigestScanJob);
  registerJobHandler(PRUNE_JOB, runPruneJob);
}

const globalForWorker = globalThis as unknown as { __coursework_worker?: NodeJS.Timeout };

/** Starts the in-process worker once per process (JOBS_WORKER=off disables it). */
export function startJobWorker(intervalMs = 2_000): void {
  if (globalForWorker.__coursework_worker || getEnv().JOBS_WORKER === "off") return;
  registerAllJobHandlers();
  ensureReminderScanScheduled(new Date()).catch((error) => console.error("[jobs] could not schedule the reminder scan", error));
  ensureDigestScanScheduled(new Date()).catch((error) => console.error("[jobs] could not schedule the digest scan", error));
  ensurePruneScheduled(new Date()).catch((error) => console.error("[jobs] could not schedule job pruning", error));
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let busy = false;
  globalForWorker.__coursework_worker = setInterval(() => {
    if (busy) return;
    busy = true;
    runDueJobs(workerId, new Date())
      .catch((error) => console.error("[jobs] worker error", error))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  globalForWorker.__coursework_worker.unref();
}
