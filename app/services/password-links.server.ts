import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { hashToken, randomToken } from "~/lib/tokens.server";

/**
 * A single-use link that lets the account owner set a password. Used for
 * "forgot password" (1 hour) and for invitations of people added by an
 * instructor (7 days). Only the token's hash is stored.
 */
export async function issuePasswordLink(userId: string, validMinutes: number, now: Date): Promise<string> {
  const token = randomToken();
  await getDb().passwordResetToken.create({
    data: { userId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + validMinutes * 60_000) },
  });
  return new URL(`/reset-password?token=${encodeURIComponent(token)}`, getEnv().APP_URL).toString();
}
