/**
 * Discussion notification digests. Posts create Notification rows (ids only); a digest turns a
 * person's undigested notifications for one course into at most one mail per period:
 * IMMEDIATE (1-minute periods, a job enqueued by the post itself), DAILY (UTC days) and WEEKLY
 * (weeks from Monday 00:00 UTC) from an hourly scan job, OFF (marked digested, never mailed).
 * Once per period holds across processes: DigestPreference.lastSentAt is moved with a conditional
 * update before the mail is written (and moved back if writing it fails). Every quoted post goes through the visibility
 * function, re-checked at sending time.
 */
import { z } from "zod";
import { readablePost } from "~/domain/discussion";
import { enqueueOnce, slotKey, slotOf } from "~/integrations/jobs/periodic.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { getDb, isUniqueViolation } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { authorsOf, loadDiscussion, postFactsSelect, toFacts } from "./discussion-context.server";
import { loadCourseAccess } from "./permissions.server";
import { queryRows } from "./raw-query.server";
import { actorSelect, type Actor } from "./users.server";

export const DIGEST_JOB = "discussions.digest";
export const DIGEST_SCAN_JOB = "discussions.digest-scan";
export const DIGEST_SCAN_EVERY_MS = 60 * 60_000;
export const FREQUENCIES = ["IMMEDIATE", "DAILY", "WEEKLY", "OFF"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const DEFAULT_FREQUENCY: Frequency = "DAILY";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Notifications per digest mail; the rest wait for the next period. */
const MAX_ITEMS = 100;

/** Start of the digest period holding `now`. */
export function periodStart(frequency: Frequency, now: Date): Date {
  const t = now.getTime();
  if (frequency === "IMMEDIATE") return new Date(slotOf(t, MINUTE));
  if (frequency === "WEEKLY") {
    const day = slotOf(t, DAY);
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
    return new Date(day - weekday * DAY);
  }
  return new Date(slotOf(t, DAY));
}

const kinds = { in: ["DISCUSSION_POST", "DISCUSSION_MENTION"] };

// ---- Settings -------------------------------------------------------------------------------

export const digestSettingsSchema = z.object({ frequency: z.enum(FREQUENCIES, { error: "Choose how often to get discussion emails." }) });

export async function getDigestFrequency(actor: Actor, courseId: string): Promise<Frequency> {
  const [pref] = await queryRows<{ frequency: string }>(`SELECT p."frequency" FROM "DigestPreference" p WHERE p."userId" = $1 AND p."courseId" = $2`, [actor.id, courseId]);
  return (pref?.frequency as Frequency | undefined) ?? DEFAULT_FREQUENCY;
}

export async function setDigestFrequency(actor: Actor, courseRef: { id?: string; slug?: string }, input: z.infer<typeof digestSettingsSchema>): Promise<Frequency> {
  const { course } = await loadCourseAccess(actor, courseRef);
  await getDb().digestPreference.upsert({
    where: { userId_courseId: { userId: actor.id, courseId: course.id } },
    create: { userId: actor.id, courseId: course.id, frequency: input.frequency },
    update: { frequency: input.frequency },
  });
  return input.frequency;
}

// ---- Scheduling -----------------------------------------------------------------------------

async function enqueueImmediate(userId: string, courseId: string, lastSentAt: Date | null, now: Date) {
  const current = periodStart("IMMEDIATE", now).getTime();
  // Already mailed in this minute: the next mail waits for the next one.
  const slot = lastSentAt && lastSentAt.getTime() >= current ? current + MINUTE : current;
  await enqueueOnce(DIGEST_JOB, { userId, courseId }, { runAt: new Date(Math.max(slot, now.getTime())), uniqueKey: `${slotKey(DIGEST_JOB, slot)}:${userId}:${courseId}`, maxAttempts: 3 });
}

/** After a post: people who want IMMEDIATE mail for the course get a digest job within a minute. */
export async function scheduleImmediateDigests(userIds: string[], courseId: string, now: Date): Promise<void> {
  const prefs = await getDb().digestPreference.findMany({
    where: { courseId, userId: { in: userIds }, frequency: "IMMEDIATE" },
    select: { userId: true, lastSentAt: true },
  });
  for (const p of prefs) await enqueueImmediate(p.userId, courseId, p.lastSentAt, now);
}

/** Job: one person's digest for one course. */
export async function runDigestJob(payload: { userId: string; courseId: string }, now: Date): Promise<void> {
  await sendDigest(payload.userId, payload.courseId, now);
}

/** Job: every DAILY/WEEKLY digest that is due (and a safety net for IMMEDIATE), then the next slot. */
export async function runDigestScanJob(_payload: unknown, now: Date): Promise<void> {
  const next = slotOf(now.getTime(), DIGEST_SCAN_EVERY_MS) + DIGEST_SCAN_EVERY_MS;
  await enqueueOnce(DIGEST_SCAN_JOB, {}, { runAt: new Date(next), uniqueKey: slotKey(DIGEST_SCAN_JOB, next), maxAttempts: 1 });
  await scanDigests(now);
}

export async function ensureDigestScanScheduled(now: Date): Promise<void> {
  const slot = slotOf(now.getTime(), DIGEST_SCAN_EVERY_MS);
  await enqueueOnce(DIGEST_SCAN_JOB, {}, { runAt: now, uniqueKey: slotKey(DIGEST_SCAN_JOB, slot), maxAttempts: 1 });
}

export async function scanDigests(now: Date): Promise<{ sent: number }> {
  const pending = await getDb().notification.groupBy({ by: ["userId", "courseId"], where: { digestedAt: null, courseId: { not: null }, kind: kinds } });
  let sent = 0;
  for (const p of pending) if (await sendDigest(p.userId, p.courseId!, now)) sent++;
  return { sent };
}

// ---- Sending ----------------------------------------------------------------------------------

type DigestItem = { discussionId: string; title: string; lines: string[] };

/** Sends the person's digest for the course if one is due in this period; true when a mail went out. */
export async function sendDigest(userId: string, courseId: string, now: Date): Promise<boolean> {
  const db = getDb();
  const pref = await ensurePreference(userId, courseId);
  const frequency = pref.frequency as Frequency;
  const notes = await db.notification.findMany({
    where: { userId, courseId, digestedAt: null, kind: kinds },
    orderBy: { createdAt: "asc" },
    take: MAX_ITEMS,
    select: { id: true, data: true },
  });
  if (notes.length === 0) return false;
  if (frequency === "OFF") {
    await db.notification.updateMany({ where: { id: { in: notes.map((n) => n.id) } }, data: { digestedAt: now } });
    return false;
  }
  if (pref.lastSentAt && pref.lastSentAt >= periodStart(frequency, now)) {
    if (frequency === "IMMEDIATE") await enqueueImmediate(userId, courseId, pref.lastSentAt, now);
    return false;
  }
  const actor = await db.user.findUnique({ where: { id: userId }, select: actorSelect });
  if (!actor) return false;
  const items = await digestItems(actor, courseId, notes, now);
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true, slug: true } });
  // Claim this period first (a conditional update: one process wins), then record and send; if
  // sending fails the claim is given back so the next run retries.
  const claimed = await db.digestPreference.updateMany({ where: { id: pref.id, lastSentAt: pref.lastSentAt }, data: { lastSentAt: now } });
  if (claimed.count !== 1) return false; // another process sent this period's digest
  const ids = notes.map((n) => n.id);
  try {
    await db.notification.updateMany({ where: { id: { in: ids } }, data: { digestedAt: now } });
    if (items.length) await sendMail(digestMail(actor, course, items, frequency));
  } catch (error) {
    await db.digestPreference.updateMany({ where: { id: pref.id, lastSentAt: now }, data: { lastSentAt: pref.lastSentAt } });
    await db.notification.updateMany({ where: { id: { in: ids }, digestedAt: now }, data: { digestedAt: null } });
    throw error;
  }
  return items.length > 0;
}

/** The person's preference row (created with the default; a concurrent creation is fine). */
async function ensurePreference(userId: string, courseId: string) {
  const args = {
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, frequency: DEFAULT_FREQUENCY },
    update: {},
    select: { id: true, frequency: true, lastSentAt: true },
  };
  try {
    return await getDb().digestPreference.upsert(args);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return getDb().digestPreference.upsert(args);
  }
}

/** What the person may read now, grouped by discussion; posts they can no longer see are left out. */
async function digestItems(actor: Actor, courseId: string, notes: { data: string }[], now: Date): Promise<DigestItem[]> {
  const byDiscussion = new Map<string, Set<string>>();
  for (const n of notes) {
    const d = JSON.parse(n.data) as { discussionId?: string; postId?: string };
    if (!d.discussionId || !d.postId) continue;
    const set = byDiscussion.get(d.discussionId) ?? new Set();
    set.add(d.postId);
    byDiscussion.set(d.discussionId, set);
  }
  const items: DigestItem[] = [];
  for (const [discussionId, postIds] of byDiscussion) {
    const ctx = await loadDiscussion(actor, { id: courseId }, discussionId, now).catch(() => null);
    if (!ctx) continue; // unpublished, removed from the course, …
    const rows = await getDb().post.findMany({ where: { id: { in: [...postIds] }, discussionId }, select: postFactsSelect, orderBy: { createdAt: "asc" } });
    const authors = await authorsOf(courseId, rows.map((r) => r.authorId));
    const lines: string[] = [];
    let unseen = 0;
    for (const r of rows) {
      const view = readablePost(ctx.viewer, ctx.access, toFacts(r, authors));
      if (view) lines.push(`- ${view.author.label}: ${excerpt(view.body)}`);
      else if (!ctx.access.canSeeOthers && !r.deletedAt) unseen++;
    }
    if (unseen) lines.push(`- ${unseen === 1 ? "1 new post" : `${unseen} new posts`} you'll see after you post your own reply.`);
    if (lines.length) items.push({ discussionId, title: ctx.discussion.title, lines });
  }
  return items;
}

const excerpt = (body: string) => {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};

export function digestMail(person: Pick<Actor, "email" | "displayName">, course: { title: string; slug: string }, items: DigestItem[], frequency: Frequency) {
  const link = (path: string) => new URL(path, getEnv().APP_URL).toString();
  const lines = [`Hello ${person.displayName},`, "", `New in the discussions of ${course.title}:`, ""];
  for (const i of items) lines.push(i.title, ...i.lines, `  ${link(`/courses/${encodeURIComponent(course.slug)}/discussions/${encodeURIComponent(i.discussionId)}`)}`, "");
  const how = { IMMEDIATE: "as posts arrive (at most one email a minute)", DAILY: "once a day", WEEKLY: "once a week", OFF: "never" }[frequency];
  lines.push(`You get these emails ${how}. Change it on the course's discussions page: ${link(`/courses/${encodeURIComponent(course.slug)}/discussions`)}`);
  return { to: person.email, subject: `New discussion posts in ${course.title}`, text: lines.join("\n") };
}
