import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { enqueueJob } from "~/integrations/jobs/queue.server";

export type MailMessage = { to: string; subject: string; text: string; html?: string };

export const DELIVER_MAIL_JOB = "mail.deliver";

/**
 * Every message is written to the outbox table first. Without SMTP_URL that
 * is where it stays (readable at /admin/outbox); with SMTP_URL a job delivers
 * it, with retries, and marks it sent.
 */
export async function sendMail(message: MailMessage): Promise<string> {
  const smtp = Boolean(getEnv().SMTP_URL);
  const row = await getDb().outboxMail.create({
    data: { ...message, transport: smtp ? "smtp" : "outbox", sentAt: smtp ? null : new Date() },
    select: { id: true },
  });
  if (smtp) await enqueueJob(DELIVER_MAIL_JOB, { mailId: row.id });
  return row.id;
}
