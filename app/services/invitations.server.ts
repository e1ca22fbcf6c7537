import { getDb } from "~/lib/db.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { issuePasswordLink } from "./password-links.server";

export const INVITATION_DAYS = 7;

/** Mails a new account holder a link to set their password and join. */
export async function sendInvitation(userId: string, courseTitle: string, now: Date): Promise<void> {
  const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, displayName: true } });
  const link = await issuePasswordLink(userId, INVITATION_DAYS * 24 * 60, now);
  await sendMail({
    to: user.email,
    subject: `You have been added to ${courseTitle} on Coursework`,
    text: [
      `Hello ${user.displayName},`,
      "",
      `You have been added to the course "${courseTitle}".`,
      `Choose a password within ${INVITATION_DAYS} days to sign in:`,
      "",
      link,
    ].join("\n"),
  });
}
