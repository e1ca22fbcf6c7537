import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { AppError, badRequest, conflict } from "~/lib/errors";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { hashToken, randomToken } from "~/lib/tokens.server";
import { issuePasswordLink } from "./password-links.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { instantOf, queryRows } from "./raw-query.server";
import { checkRateLimit, clearRateLimit, hitRateLimit, LIMITS } from "./rate-limit.server";
import { type Actor, actorSelect, displayNameField, emailField, passwordField, timeZoneField } from "./users.server";

export const SESSION_DAYS = 30;
export const RESET_TOKEN_MINUTES = 60;

export const signUpSchema = z.object({
  email: emailField,
  displayName: displayNameField,
  password: passwordField,
  timeZone: timeZoneField.catch("UTC"),
});
export const logInSchema = z.object({ email: emailField, password: z.string().min(1, "Enter your password.") });
export const resetRequestSchema = z.object({ email: emailField });
export const resetPasswordSchema = z.object({ token: z.string().min(10, "This reset link is incomplete."), password: passwordField });
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword: passwordField,
});

export async function createSession(userId: string, now: Date, userAgent?: string | null): Promise<string> {
  const session = await getDb().session.create({
    data: {
      id: randomToken(),
      userId,
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      userAgent: userAgent?.slice(0, 200) ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

/** The signed-in user for a session id, or null when missing or expired. */
/**
 * The user of an unexpired session, or null. One statement, because every page asks: Prisma
 * reads a relation with a second statement on SQLite, and its `some` filter scans every user.
 */
export async function getSessionUser(sessionId: string, now: Date): Promise<Actor | null> {
  const [row] = await queryRows<Actor & { expiresAt: unknown }>(
    `SELECT u."id", u."email", u."displayName", u."timeZone", u."isAdmin", s."expiresAt" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`,
    [sessionId],
  );
  if (!row || instantOf(row.expiresAt) <= now.getTime()) return null;
  return { id: row.id, email: row.email, displayName: row.displayName, timeZone: row.timeZone, isAdmin: Boolean(row.isAdmin) };
}

export async function signUp(input: z.infer<typeof signUpSchema>, now: Date): Promise<{ user: Actor; sessionId: string }> {
  const db = getDb();
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw conflict("An account with that email already exists. Log in, or reset your password if you forgot it.");
  }
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    const isFirst = (await tx.user.count()) === 0;
    return tx.user.create({
      data: { email: input.email, displayName: input.displayName, timeZone: input.timeZone, passwordHash, isAdmin: isFirst },
      select: actorSelect,
    });
  });
  return { user, sessionId: await createSession(user.id, now) };
}

const BAD_LOGIN = "That email and password don't match an account. Check them, or reset your password.";

export async function logIn(input: z.infer<typeof logInSchema>, ip: string, now: Date, userAgent?: string | null) {
  // Failed attempts count against the address and the account; a blocked one is refused
  // before the password is even checked, and a successful log-in clears the account's count.
  const ipKey = `login:ip:${ip}`;
  const accountKey = `login:account:${input.email}`;
  await checkRateLimit(ipKey, LIMITS.loginPerIp, now);
  await checkRateLimit(accountKey, LIMITS.loginPerAccount, now);
  const user = await getDb().user.findUnique({ where: { email: input.email }, select: { ...actorSelect, passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    await hitRateLimit(ipKey, LIMITS.loginPerIp, now);
    await hitRateLimit(accountKey, LIMITS.loginPerAccount, now);
    throw new AppError("BAD_REQUEST", BAD_LOGIN, { form: [BAD_LOGIN] });
  }
  await clearRateLimit(accountKey);
  const { passwordHash: _hash, ...actor } = user;
  return { user: actor as Actor, sessionId: await createSession(user.id, now, userAgent) };
}

export async function logOut(sessionId: string): Promise<void> {
  await getDb().session.deleteMany({ where: { id: sessionId } });
}

/**
 * Always answers the same way whether or not the address has an account, so
 * the form cannot be used to discover who is registered.
 */
export async function requestPasswordReset(input: z.infer<typeof resetRequestSchema>, ip: string, now: Date) {
  await hitRateLimit(`reset:ip:${ip}`, LIMITS.resetPerIp, now);
  await hitRateLimit(`reset:account:${input.email}`, LIMITS.resetPerAccount, now);
  const db = getDb();
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, displayName: true } });
  if (!user) return;
  const link = await issuePasswordLink(user.id, RESET_TOKEN_MINUTES, now);
  await sendMail({
    to: user.email,
    subject: "Reset your Coursework password",
    text: [
      `Hello ${user.displayName},`,
      "",
      "Someone (hopefully you) asked to reset the password of your Coursework account.",
      `Open this link within ${RESET_TOKEN_MINUTES} minutes to choose a new password:`,
      "",
      link,
      "",
      "The link works once. If you did not ask for this, you can ignore this message: your password stays the same.",
    ].join("\n"),
  });
}

const BAD_RESET = "This reset link has expired or was already used. Ask for a new one.";

/** Sets a new password from a mailed link: single use, signs out every other session. */
export async function resetPassword(input: z.infer<typeof resetPasswordSchema>, now: Date) {
  const db = getDb();
  const passwordHash = await hashPassword(input.password);
  const userId = await db.$transaction(async (tx) => {
    const token = await tx.passwordResetToken.findUnique({ where: { tokenHash: hashToken(input.token) } });
    if (!token || token.usedAt || token.expiresAt <= now) throw badRequest(BAD_RESET, { token: [BAD_RESET] });
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: token.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) throw badRequest(BAD_RESET, { token: [BAD_RESET] });
    await tx.user.update({ where: { id: token.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: token.userId } });
    await tx.passwordResetToken.updateMany({ where: { userId: token.userId, usedAt: null }, data: { usedAt: now } });
    return token.userId;
  });
  return { sessionId: await createSession(userId, now) };
}

/** Changes the password and revokes every session of the account; returns a fresh one. */
export async function changePassword(actor: Actor, input: z.infer<typeof changePasswordSchema>, now: Date) {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw badRequest("Your current password is not correct.", { currentPassword: ["Your current password is not correct."] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: actor.id }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId: actor.id } }),
  ]);
  return { sessionId: await createSession(actor.id, now) };
}
