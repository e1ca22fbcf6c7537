import { createHash, randomBytes } from "node:crypto";

/** A random, URL-safe secret (256 bits). */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored hashed, so a database leak does not leak usable links. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
