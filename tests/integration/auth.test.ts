import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import {
  changePassword,
  getSessionUser,
  logIn,
  requestPasswordReset,
  resetPassword,
  createSession,
  SESSION_DAYS,
  signUp,
  signUpSchema,
} from "~/services/auth.server";
import { createUser, TEST_PASSWORD } from "../factories";

const now = new Date("2026-11-26T10:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error as AppError;
}

function latestResetToken(email: string) {
  return getDb()
    .outboxMail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } })
    .then((m) => new URL(/https?:\/\/\S+/.exec(m.text)![0]).searchParams.get("token")!);
}

test("the first account becomes platform admin, later ones do not", async () => {
  const first = await signUp(signUpSchema.parse({ email: "First@Example.org", displayName: "First", password: "long-enough-pw", timeZone: "Europe/Berlin" }), now);
  const second = await signUp(signUpSchema.parse({ email: "second@example.org", displayName: "Second", password: "long-enough-pw" }), now);
  expect(first.user.isAdmin).toBe(true);
  expect(first.user.email).toBe("first@example.org");
  expect(first.user.timeZone).toBe("Europe/Berlin");
  expect(second.user.isAdmin).toBe(false);
  expect(second.user.timeZone).toBe("UTC");
  const stored = await getDb().user.findUniqueOrThrow({ where: { id: first.user.id } });
  expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
});

test("sign-up validation names each field in plain language", () => {
  const result = signUpSchema.safeParse({ email: "nope", displayName: "", password: "short", timeZone: "Mars/Olympus" });
  expect(result.success).toBe(false);
  const messages = result.error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  expect(messages).toContain("email: Enter an email address like name@example.org.");
  expect(messages).toContain("displayName: Enter your name.");
  expect(messages).toContain("password: Use at least 10 characters for your password.");
  // An unknown zone falls back to UTC rather than blocking sign-up.
  expect(signUpSchema.parse({ email: "a@b.org", displayName: "A", password: "0123456789", timeZone: "Mars/Olympus" }).timeZone).toBe("UTC");
});

test("a duplicate email is a 409 conflict", async () => {
  const user = await createUser();
  await rejects(signUp({ email: user.email, displayName: "X", password: "long-enough-pw", timeZone: "UTC" }, now), "CONFLICT", /already exists/);
});

test("log in with the right password creates a session; a wrong one is refused", async () => {
  const user = await createUser();
  const { sessionId } = await logIn({ email: user.email, password: TEST_PASSWORD }, "1.2.3.4", now);
  expect((await getSessionUser(sessionId, now))?.id).toBe(user.id);
  expect(await getSessionUser(sessionId, later(31 * 24 * 60))).toBeNull();
  await rejects(logIn({ email: user.email, password: "wrong-password" }, "1.2.3.4", now), "BAD_REQUEST", /don't match/);
  await rejects(logIn({ email: "nobody@example.org", password: "whatever" }, "1.2.3.4", now), "BAD_REQUEST", /don't match/);
});

test("log-in attempts are limited per account with a 429 and Retry-After", async () => {
  const user = await createUser();
  for (let i = 0; i < 10; i++) {
    await logIn({ email: user.email, password: "wrong" }, `10.0.0.${i}`, now).catch(() => {});
  }
  const error = await rejects(logIn({ email: user.email, password: TEST_PASSWORD }, "10.0.1.1", now), "RATE_LIMITED", /wait 15 minutes/);
  expect(error.retryAfterSeconds).toBe(900);
  // The window passes and the account can log in again.
  await expect(logIn({ email: user.email, password: TEST_PASSWORD }, "10.0.1.1", later(16))).resolves.toBeTruthy();
});

test("log-in attempts are limited per IP across accounts", async () => {
  for (let i = 0; i < 100; i++) {
    await logIn({ email: `x${i}@example.org`, password: "wrong" }, "9.9.9.9", now).catch(() => {});
  }
  await rejects(logIn({ email: "y@example.org", password: "wrong" }, "9.9.9.9", now), "RATE_LIMITED");
});

test("password reset: mailed link works once, for one hour, and signs out other sessions", async () => {
  const user = await createUser();
  const { sessionId: oldSession } = await logIn({ email: user.email, password: TEST_PASSWORD }, "ip", now);
  await requestPasswordReset({ email: user.email }, "ip", now);
  const token = await latestResetToken(user.email);
  const { sessionId } = await resetPassword({ token, password: "a-brand-new-password" }, later(30));
  expect((await getSessionUser(sessionId, later(31)))?.id).toBe(user.id);
  expect(await getSessionUser(oldSession, later(31))).toBeNull();
  await rejects(resetPassword({ token, password: "another-new-password" }, later(32)), "BAD_REQUEST", /expired or was already used/);
  await expect(logIn({ email: user.email, password: "a-brand-new-password" }, "ip", later(33))).resolves.toBeTruthy();
});

test("an expired reset link is refused and changes nothing", async () => {
  const user = await createUser();
  await requestPasswordReset({ email: user.email }, "ip", now);
  const token = await latestResetToken(user.email);
  await rejects(resetPassword({ token, password: "a-brand-new-password" }, later(61)), "BAD_REQUEST", /expired/);
  await expect(logIn({ email: user.email, password: TEST_PASSWORD }, "ip", later(62))).resolves.toBeTruthy();
});

test("reset requests for unknown emails look the same and send nothing", async () => {
  await expect(requestPasswordReset({ email: "ghost@example.org" }, "ip", now)).resolves.toBeUndefined();
  expect(await getDb().outboxMail.count({ where: { to: "ghost@example.org" } })).toBe(0);
});

test("reset requests are limited per account", async () => {
  const user = await createUser();
  for (let i = 0; i < 3; i++) await requestPasswordReset({ email: user.email }, `ip${i}`, now);
  await rejects(requestPasswordReset({ email: user.email }, "ip9", now), "RATE_LIMITED");
});

test("changing the password needs the current one and revokes every session", async () => {
  const user = await createUser();
  const { sessionId: a } = await logIn({ email: user.email, password: TEST_PASSWORD }, "ip", now);
  await rejects(changePassword(user, { currentPassword: "nope", newPassword: "new-password-123" }, now), "BAD_REQUEST", /current password/);
  const { sessionId: fresh } = await changePassword(user, { currentPassword: TEST_PASSWORD, newPassword: "new-password-123" }, now);
  expect(await getSessionUser(a, now)).toBeNull();
  expect((await getSessionUser(fresh, now))?.id).toBe(user.id);
});

test("successful log-ins never count toward the limit, and one clears earlier failures", async () => {
  const user = await createUser();
  for (let i = 0; i < 15; i++) await logIn({ email: user.email, password: TEST_PASSWORD }, "7.7.7.7", now);
  for (let i = 0; i < 9; i++) await logIn({ email: user.email, password: "wrong" }, "7.7.7.7", now).catch(() => {});
  await logIn({ email: user.email, password: TEST_PASSWORD }, "7.7.7.7", now);
  for (let i = 0; i < 9; i++) await logIn({ email: user.email, password: "wrong" }, "7.7.7.7", now).catch(() => {});
  await expect(logIn({ email: user.email, password: TEST_PASSWORD }, "7.7.7.7", now)).resolves.toBeTruthy();
});

test("a session gives its user until it expires, with the admin flag as a boolean", async () => {
  const admin = await createUser({ email: "admin@example.org", displayName: "Ada", timeZone: "Asia/Tokyo", isAdmin: true });
  const other = await createUser({ email: "plain@example.org" });
  const [adminSession, plainSession] = [await createSession(admin.id, now), await createSession(other.id, now)];
  expect(await getSessionUser(adminSession, later(1))).toEqual({ id: admin.id, email: "admin@example.org", displayName: "Ada", timeZone: "Asia/Tokyo", isAdmin: true });
  expect((await getSessionUser(plainSession, later(1)))?.isAdmin).toBe(false);
  const expiry = SESSION_DAYS * 24 * 60;
  expect(await getSessionUser(adminSession, later(expiry - 1))).not.toBeNull();
  expect(await getSessionUser(adminSession, later(expiry))).toBeNull();
  expect(await getSessionUser("no-such-session", now)).toBeNull();
});
