import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { isValidTimeZoneName } from "~/lib/time";

/** What services know about the person acting. */
export type Actor = { id: string; email: string; displayName: string; timeZone: string; isAdmin: boolean };

export const actorSelect = { id: true, email: true, displayName: true, timeZone: true, isAdmin: true } as const;

export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter an email address like name@example.org."));

export const passwordField = z
  .string({ error: "Enter a password." })
  .min(10, "Use at least 10 characters for your password.")
  .max(200, "Use at most 200 characters for your password.");

export const displayNameField = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Use at most 80 characters for your name.");

export const timeZoneField = z
  .string()
  .trim()
  .refine(isValidTimeZoneName, "Choose a time zone from the list, such as Europe/Berlin.");

export const profileSchema = z.object({ displayName: displayNameField, timeZone: timeZoneField });

export async function updateProfile(actor: Actor, input: z.infer<typeof profileSchema>): Promise<Actor> {
  return getDb().user.update({ where: { id: actor.id }, data: input, select: actorSelect });
}
