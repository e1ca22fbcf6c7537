/**
 * The personal iCal feed behind `/calendar/<token>.ics`: every resolved deadline of one learner,
 * across courses, and the deadlines of the courses they teach (ical-teaching.server.ts), as
 * RFC 5545 text. The secret token in the URL is the only credential (calendar apps send no
 * cookies); only its hash is stored.
 *
 * The feed's text depends only on stored data (dates come from the schedule engine, never from
 * "now"), so each version is built once: one aggregate query gives the version
 * (deadline-version.server.ts, shared with What's due), an unchanged
 * version is answered from a per-process cache, and the version is the HTTP ETag, so a calendar
 * app that asks again with If-None-Match gets a 304. The gzip form of each version is made once
 * with it (a 500-deadline feed is ~330 KB of text: compressing it on every request was a fifth of
 * the feed's CPU).
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { writeCalendar, type IcalEvent } from "~/domain/ical";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { responseBytes } from "~/lib/http.server";
import { notFound } from "~/lib/errors";
import { TextCache } from "~/lib/text-cache";
import { formatDateTime } from "~/lib/time";
import { hashToken, randomToken } from "~/lib/tokens.server";
import { assignmentEventText, deadlineOf } from "./deadline-text";
import { readDeadlineVersion } from "./deadline-version.server";
import { replyByCheckpointsFor } from "./discussion-checkpoints.server";
import { learnersOfUser, resolveForLearners, type Learner, type ResolvedAssignment } from "./schedule.server";
import { teachingEvents } from "./ical-teaching.server";
import { actorSelect, type Actor } from "./users.server";

/** Minutes calendar apps are asked to wait between fetches (and the HTTP cache lifetime's scale). */
export const ICAL_REFRESH_MINUTES = 60;
/** Characters of feed text kept per process (a feed of 500 deadlines is about 300,000; its gzip, not counted, a tenth). */
const CACHE_CHARS = 16_000_000;

const feedNotFound = () => notFound("calendar feed");
const absoluteUrl = (path: string) => new URL(path, getEnv().APP_URL).toString();

type FeedUser = Actor & { updatedAt: Date };
export type IcalFeed = { text: string; etag: string; gzipped: Uint8Array<ArrayBuffer> };

const feeds = new TextCache<IcalFeed & { version: string }>(CACHE_CHARS);

const idsOf = (learners: Learner[]) => ({
  enrollmentIds: learners.map((l) => l.enrollmentId),
  sectionIds: [...new Set(learners.map((l) => l.sectionId).filter((s): s is string => Boolean(s)))],
});

/**
 * The latest change behind each (assignment, enrollment)'s dates, so calendar apps can tell a
 * changed event from an unchanged one. Two queries; assignments and enrollments bring their own.
 */
async function lastChanges(learners: Learner[]) {
  const db = getDb();
  const { enrollmentIds, sectionIds } = idsOf(learners);
  const [overrides, extensions] = await Promise.all([
    db.dateOverride.findMany({
      where: { OR: [{ enrollmentId: { in: enrollmentIds } }, ...(sectionIds.length ? [{ sectionId: { in: sectionIds } }] : [])] },
      select: { assignmentId: true, sectionId: true, enrollmentId: true, updatedAt: true },
    }),
    db.extensionRequest.findMany({ where: { enrollmentId: { in: enrollmentIds } }, select: { assignmentId: true, enrollmentId: true, updatedAt: true } }),
  ]);
  const latest = new Map<string, number>();
  const bump = (key: string, at: Date) => latest.set(key, Math.max(latest.get(key) ?? 0, at.getTime()));
  for (const o of overrides) bump(o.enrollmentId ? `${o.assignmentId}|e:${o.enrollmentId}` : `${o.assignmentId}|s:${o.sectionId}`, o.updatedAt);
  for (const x of extensions) bump(`${x.assignmentId}|e:${x.enrollmentId}`, x.updatedAt);
  const learnerOf = new Map(learners.map((l) => [l.enrollmentId, l]));
  return (r: ResolvedAssignment) => {
    const learner = learnerOf.get(r.enrollmentId)!;
    return new Date(
      Math.max(
        r.assignment.updatedAt.getTime(),
        learner.changedAt.getTime(),
        latest.get(`${r.assignment.id}|e:${r.enrollmentId}`) ?? 0,
        latest.get(`${r.assignment.id}|s:${learner.sectionId}`) ?? 0,
      ),
    );
  };
}

async function buildFeed(user: FeedUser, learners: Learner[], now: Date): Promise<string> {
  const [all, checkpoints, teaching] = await Promise.all([
    resolveForLearners(learners, now),
    replyByCheckpointsFor(learners, now),
    teachingEvents(user, now, absoluteUrl),
  ]);
  const resolved = all.filter((r) => deadlineOf(r.schedule) !== null);
  const changedAt = resolved.length ? await lastChanges(learners) : null;
  const replyBy = checkpoints.map((c): IcalEvent => {
    const url = absoluteUrl(c.href);
    return {
      uid: `reply-by-${c.discussionId}-${user.id}@coursework`,
      stamp: now,
      start: c.replyByAt,
      summary: `${c.title} (${c.course.title})`,
      description: [`Course: ${c.course.title}`, `Reply to a classmate by: ${formatDateTime(c.replyByAt, user.timeZone)}`, "", `Open the discussion: ${url}`].join("\n"),
      url,
      categories: [c.course.title],
    };
  });
  const events: IcalEvent[] = resolved
    .map((r): IcalEvent => {
      const url = absoluteUrl(`/courses/${r.course.slug}/assignments/${r.assignment.id}`);
      return {
        uid: `assignment-${r.assignment.id}-${user.id}@coursework`,
        stamp: now,
        start: deadlineOf(r.schedule)!,
        summary: `${r.assignment.title} ${r.schedule.dueAt ? "due" : "closes"} (${r.course.title})`,
        description: assignmentEventText([`Course: ${r.course.title}`], r.schedule, r.assignment.points, user.timeZone, url),
        url,
        lastModified: changedAt!(r),
        categories: [r.course.title],
      };
    })
    .concat(replyBy, teaching)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  return writeCalendar({
    prodId: "-//Coursework//Deadlines//EN",
    name: "Coursework deadlines",
    description: `Due dates for ${user.displayName} from Coursework`,
    refreshMinutes: ICAL_REFRESH_MINUTES,
    events,
  });
}

/**
 * The feed of a token with its ETag: one event per assignment with a due date (or a close date
 * when there is no due date), at that instant, and one per graded discussion's reply-by date. 404 for an unknown or revoked token. The text of
 * an unchanged version comes from the cache (its DTSTAMP is when that version was built).
 */
export async function loadIcalFeed(token: string, now: Date): Promise<IcalFeed> {
  if (!token || token.length > 200) throw feedNotFound();
  const user = await getDb().user.findUnique({
    where: { icalTokenHash: hashToken(token) },
    select: { ...actorSelect, updatedAt: true },
  });
  if (!user) throw feedNotFound();
  // Beyond the deadlines: the links' origin and the user's name and zone (in the text).
  // (Cached even while the version is recent: the version is also the ETag, which the client keeps anyway.)
  const { version } = await readDeadlineVersion(user.id, { teaching: true, extra: [getEnv().APP_URL, user.displayName, user.timeZone, user.updatedAt.getTime()] });
  const cached = feeds.get(user.id);
  if (cached?.version === version) return { text: cached.text, etag: cached.etag, gzipped: cached.gzipped };
  const text = await buildFeed(user, await learnersOfUser(user.id), now);
  const feed = { text, etag: `"${version}"`, version, gzipped: responseBytes(await gzipAsync(text)) };
  feeds.set(user.id, feed);
  return { text: feed.text, etag: feed.etag, gzipped: feed.gzipped };
}

const gzipAsync = promisify(gzip);

/** The feed's text (see {@link loadIcalFeed}). */
export async function getIcalFeed(token: string, now: Date): Promise<string> {
  return (await loadIcalFeed(token, now)).text;
}

/** The personal feed URL of a token. */
export const icalFeedUrl = (token: string) => absoluteUrl(`/calendar/${token}.ics`);

/** Makes a new secret feed URL (the old one stops working) and returns it; only its hash is stored. */
export async function rotateIcalToken(actor: Actor): Promise<{ url: string }> {
  const token = randomToken();
  await getDb().user.update({ where: { id: actor.id }, data: { icalTokenHash: hashToken(token) }, select: { id: true } });
  return { url: icalFeedUrl(token) };
}

/** Turns the feed off: the current URL answers 404 from now on. */
export async function revokeIcalToken(actor: Actor): Promise<void> {
  await getDb().user.update({ where: { id: actor.id }, data: { icalTokenHash: null }, select: { id: true } });
}

export async function hasIcalFeed(actor: Actor): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { id: actor.id }, select: { icalTokenHash: true } });
  return Boolean(user?.icalTokenHash);
}
