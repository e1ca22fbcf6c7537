import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

let transport: Transporter | undefined;

/** Job handler: deliver one outbox row through SMTP, then mark it sent. */
export async function deliverMail(payload: { mailId: string }, now: Date): Promise<void> {
  const env = getEnv();
  if (!env.SMTP_URL) return;
  const db = getDb();
  const mail = await db.outboxMail.findUnique({ where: { id: payload.mailId } });
  if (!mail || mail.sentAt) return;
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  await transport.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
  await db.outboxMail.update({ where: { id: mail.id }, data: { sentAt: now } });
}
