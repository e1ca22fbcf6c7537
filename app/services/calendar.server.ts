/**
 * Deadlines across courses: a student's "What's due" list, the instructor's course calendar and
 * the personal iCal feed. Every date comes from the schedule engine (via schedule.server.ts for
 * real learners, or a synthetic learner for the course's default and per-section dates).
 */
import { writeCalendar, type IcalEvent } from "~/domain/ical";
import { previewPenaltyPercent } from "~/domain/late-policy";
import { describeRule } from "~/domain/rule-text";
import { createResolver, type DateField, type ResolvedSchedule, type ScheduleOverride, type ScheduleState } from "~/domain/schedule";
import { localDateKey, MS } from "~/domain/time-zone";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { notFound } from "~/lib/errors";
import { formatDate, formatDateTime } from "~/lib/time";
import { hashToken, randomToken } from "~/lib/tokens.server";
import { decodeLatePolicy, overrideDatesOf, ruleSetOf } from "./date-rules";
import { requireCourseRole, STAFF } from "./permissions.server";
import { learnersOfUser, resolveForLearners, type Learner, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

/** Items closed longer ago than this (or submitted and past their deadline this long) leave "What's due". */
export const WHATS_DUE_LOOKBACK_DAYS = 7;
const DATE_FIELDS: DateField[] = ["openAt", "dueAt", "closeAt"];

export type DueBadge = { tone: "submitted" | "late" | "soon" | "open" | "upcoming" | "closed"; text: string };
export type DueItem = {
  course: { title: string; slug: string };
  assignment: { id: string; title: string; points: number };
  href: string;
  openAt: Date | null;
  dueAt: Date | null;
  closeAt: Date | null;
  state: ScheduleState;
  submitted: boolean;
  /** % of points that submitting now would cost; only when LATE (null otherwise). */
  penaltyNowPercent: number | null;
  /** The state in words, dates in the viewer's zone (never colour alone). */
  badge: DueBadge;
};
export type DueGroup = { day: string; label: string; items: DueItem[] };

const deadlineOf = (s: { dueAt: Date | null; closeAt: Date | null }) => s.dueAt ?? s.closeAt;
const assignmentPath = (slug: string, id: string) => `/courses/${slug}/assignments/${id}`;

function badgeOf(item: Omit<DueItem, "badge" | "href">, zone: string): DueBadge {
  if (item.submitted) return { tone: "submitted", text: "Submitted" };
  switch (item.state) {
    case "NOT_OPEN":
      return { tone: "upcoming", text: `Not open yet — opens ${formatDateTime(item.openAt!, zone)}` };
    case "DUE_SOON":
      return { tone: "soon", text: "Due soon" };
    case "LATE": {
      const p = item.penaltyNowPercent;
      const text = p === null ? "Late" : p > 0 ? `Late — submitting now costs ${p} %` : "Late — no penalty if you submit now";
      return { tone: "late", text };
    }
    case "CLOSED":
      return { tone: "closed", text: "Closed" };
    default:
      return { tone: "open", text: "Open" };
  }
}

function toDueItem(r: ResolvedAssignment, now: Date, zone: string): DueItem {
  const { openAt, dueAt, closeAt, state } = r.schedule;
  const penaltyNowPercent =
    state === "LATE" ? previewPenaltyPercent(decodeLatePolicy(r.assignment.latePolicy), dueAt, now, r.assignment.points) : null;
  const base = {
    course: { title: r.course.title, slug: r.course.slug },
    assignment: { id: r.assignment.id, title: r.assignment.title, points: r.assignment.points },
    openAt,
    dueAt,
    closeAt,
    state,
    submitted: r.attempts > 0,
    penaltyNowPercent,
  };
  return { ...base, href: assignmentPath(r.course.slug, r.assignment.id), badge: badgeOf(base, zone) };
}

const byDeadline = (a: DueItem, b: DueItem) =>
  deadlineOf(a)!.getTime() - deadlineOf(b)!.getTime() ||
  a.course.title.localeCompare(b.course.title) ||
  a.assignment.title.localeCompare(b.assignment.title);

/**
 * Everything with a deadline in the student's courses, soonest first, grouped by the day it is
 * due in the viewer's zone. Leaves out work due more than `days` ahead, work closed more than a
 * week ago, and submitted work whose deadline passed more than a week ago. Five queries.
 */
export async function whatsDue(actor: Actor, now: Date, options: { days?: number } = {}): Promise<DueGroup[]> {
  const horizon = now.getTime() + (options.days ?? 60) * MS.DAY;
  const since = now.getTime() - WHATS_DUE_LOOKBACK_DAYS * MS.DAY;
  const resolved = await resolveForLearners(await learnersOfUser(actor.id), now);
  const items: DueItem[] = [];
  for (const r of resolved) {
    const deadline = deadlineOf(r.schedule)?.getTime();
    if (deadline === undefined || deadline > horizon) continue;
    if (r.schedule.closeAt && r.schedule.closeAt.getTime() < since) continue;
    if (r.attempts > 0 && deadline < since) continue;
    items.push(toDueItem(r, now, actor.timeZone));
  }
  items.sort(byDeadline);
  const groups: DueGroup[] = [];
  for (const item of items) {
    const deadline = deadlineOf(item)!;
    const day = localDateKey(deadline, actor.timeZone);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.items.push(item);
    else groups.push({ day, label: formatDate(deadline, actor.timeZone), items: [item] });
  }
  return groups;
}

// ---- Instructor calendar -----------------------------------------------------------------

type Dates = { openAt: Date | null; dueAt: Date | null; closeAt: Date | null };
type RuleText = Record<DateField, string>;
export type SectionDates = { sectionId: string; name: string; dates: Dates; rules: Partial<RuleText>; differs: DateField[] };
export type CalendarRow = {
  id: string;
  title: string;
  points: number;
  published: boolean;
  href: string;
  dates: Dates;
  rules: RuleText;
  /** Only sections with an override for this assignment. */
  sections: SectionDates[];
  learnerOverrides: number;
  approvedExtensions: number;
};

const pickDates = (s: ResolvedSchedule): Dates => ({ openAt: s.openAt, dueAt: s.dueAt, closeAt: s.closeAt });
const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Every assignment of a course (published or not) with its default dates and, for each section
 * that overrides it, that section's dates; plus counts of learner overrides and approved
 * extensions. Staff only. Relative rules are shown for a learner starting when the course
 * starts (or now, for a course without a start date). Seven queries.
 */
export async function courseCalendar(actor: Actor, courseId: string, now: Date) {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only the course's instructors and teaching assistants can see its calendar.");
  const db = getDb();
  const inCourse = { assignment: { courseId } };
  const [course, sections, assignments, sectionOverrides, learnerCounts, extensionCounts] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { startsAt: true, endsAt: true, timeZone: true } }),
    db.section.findMany({ where: { courseId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.assignment.findMany({
      where: { courseId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, title: true, points: true, published: true, openRule: true, dueRule: true, closeRule: true },
    }),
    db.dateOverride.findMany({
      where: { ...inCourse, scope: "SECTION", sectionId: { not: null } },
      orderBy: { updatedAt: "asc" },
      select: { assignmentId: true, sectionId: true, openRule: true, dueRule: true, closeRule: true },
    }),
    db.dateOverride.groupBy({ by: ["assignmentId"], where: { ...inCourse, scope: "LEARNER", enrollment: { status: "ACTIVE" } }, _count: { _all: true } }),
    db.extensionRequest.groupBy({ by: ["assignmentId"], where: { ...inCourse, status: "APPROVED", enrollment: { status: "ACTIVE" } }, _count: { _all: true } }),
  ]);

  const referenceStart = course.startsAt ?? now;
  const courseContext = { timeZone: course.timeZone, endsAt: course.endsAt };
  const resolverFor = (sectionId: string | null) =>
    createResolver(courseContext, { id: "course-calendar", sectionId, startedAt: referenceStart, timeZone: course.timeZone });
  const defaults = resolverFor(null);
  const sectionResolvers = new Map(sections.map((s) => [s.id, { name: s.name, resolver: resolverFor(s.id) }]));
  const overridesByAssignment = new Map<string, Extract<ScheduleOverride, { scope: "SECTION" }>[]>();
  for (const o of sectionOverrides) {
    const list = overridesByAssignment.get(o.assignmentId) ?? [];
    list.push({ scope: "SECTION", sectionId: o.sectionId!, dates: overrideDatesOf(o) });
    overridesByAssignment.set(o.assignmentId, list);
  }
  const countOf = (rows: { assignmentId: string; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.assignmentId, r._count._all]));
  const learnerOverrides = countOf(learnerCounts);
  const extensions = countOf(extensionCounts);
  const text = { courseTimeZone: course.timeZone };

  const rows: CalendarRow[] = assignments.map((a) => {
    const rules = ruleSetOf(a);
    const base = pickDates(defaults.resolve(rules, [], [], now));
    const overrides = overridesByAssignment.get(a.id) ?? [];
    const sectionRows: SectionDates[] = [];
    for (const sectionId of new Set(overrides.map((o) => o.sectionId))) {
      const section = sectionResolvers.get(sectionId);
      if (!section) continue;
      const dates = pickDates(section.resolver.resolve(rules, overrides, [], now));
      const ruleText: Partial<RuleText> = {};
      for (const o of overrides) {
        if (o.sectionId !== sectionId) continue;
        for (const f of DATE_FIELDS) if (o.dates[f] !== undefined) ruleText[f] = describeRule(o.dates[f], text);
      }
      const differs = DATE_FIELDS.filter((f) => !sameInstant(dates[f], base[f]));
      sectionRows.push({ sectionId, name: section.name, dates, rules: ruleText, differs });
    }
    sectionRows.sort((x, y) => x.name.localeCompare(y.name));
    return {
      id: a.id,
      title: a.title,
      points: a.points,
      published: a.published,
      href: assignmentPath(access.course.slug, a.id),
      dates: base,
      rules: { openAt: describeRule(rules.openAt, text), dueAt: describeRule(rules.dueAt, text), closeAt: describeRule(rules.closeAt, text) },
      sections: sectionRows,
      learnerOverrides: learnerOverrides.get(a.id) ?? 0,
      approvedExtensions: extensions.get(a.id) ?? 0,
    };
  });
  return {
    course: { ...access.course, startsAt: course.startsAt, endsAt: course.endsAt },
    referenceStart,
    /** False when the course has no start date and relative rules are shown for a learner starting now. */
    referenceIsCourseStart: course.startsAt !== null,
    sections,
    assignments: rows,
  };
}

// ---- iCal feed ---------------------------------------------------------------------------

/** Minutes calendar apps are asked to wait between fetches (and the HTTP cache lifetime's scale). */
export const ICAL_REFRESH_MINUTES = 60;
const feedNotFound = () => notFound("calendar feed");
const absoluteUrl = (path: string) => new URL(path, getEnv().APP_URL).toString();

/** The latest change behind each (assignment, enrollment)'s dates, so calendar apps see updates. Four queries. */
async function lastChanges(learners: Learner[], resolved: ResolvedAssignment[]) {
  const db = getDb();
  const courseIds = [...new Set(resolved.map((r) => r.assignment.courseId))];
  const enrollmentIds = learners.map((l) => l.enrollmentId);
  const sectionIds = [...new Set(learners.map((l) => l.sectionId).filter((s): s is string => Boolean(s)))];
  const [assignments, enrollments, overrides, extensions] = await Promise.all([
    // By course, enrollment and section rather than by hundreds of assignment ids (cheaper to send
    // and plan); rows of other assignments in these courses are never looked up.
    db.assignment.findMany({ where: { courseId: { in: courseIds } }, select: { id: true, updatedAt: true } }),
    db.enrollment.findMany({
      where: { id: { in: enrollmentIds } },
      select: { id: true, updatedAt: true, course: { select: { updatedAt: true } }, user: { select: { updatedAt: true } } },
    }),
    db.dateOverride.findMany({
      where: { OR: [{ enrollmentId: { in: enrollmentIds } }, ...(sectionIds.length ? [{ sectionId: { in: sectionIds } }] : [])] },
      select: { assignmentId: true, sectionId: true, enrollmentId: true, updatedAt: true },
    }),
    db.extensionRequest.findMany({
      where: { enrollmentId: { in: enrollmentIds } },
      select: { assignmentId: true, enrollmentId: true, updatedAt: true },
    }),
  ]);
  const latest = new Map<string, number>();
  const bump = (key: string, at: Date) => latest.set(key, Math.max(latest.get(key) ?? 0, at.getTime()));
  for (const a of assignments) bump(`a:${a.id}`, a.updatedAt);
  for (const e of enrollments) bump(`e:${e.id}`, new Date(Math.max(e.updatedAt.getTime(), e.course.updatedAt.getTime(), e.user.updatedAt.getTime())));
  for (const o of overrides) bump(o.enrollmentId ? `ae:${o.assignmentId}|${o.enrollmentId}` : `as:${o.assignmentId}|${o.sectionId}`, o.updatedAt);
  for (const x of extensions) bump(`ae:${x.assignmentId}|${x.enrollmentId}`, x.updatedAt);
  const sectionOf = new Map(learners.map((l) => [l.enrollmentId, l.sectionId]));
  return (assignmentId: string, enrollmentId: string) =>
    new Date(
      Math.max(
        latest.get(`a:${assignmentId}`) ?? 0,
        latest.get(`e:${enrollmentId}`) ?? 0,
        latest.get(`ae:${assignmentId}|${enrollmentId}`) ?? 0,
        latest.get(`as:${assignmentId}|${sectionOf.get(enrollmentId)}`) ?? 0,
      ),
    );
}

function describeEvent(item: DueItem, courseTitle: string, zone: string, now: Date, url: string): string {
  const line = (label: string, at: Date | null) => (at ? [`${label}: ${formatDateTime(at, zone)}`] : []);
  return [
    `Course: ${courseTitle}`,
    `Status: ${item.badge.text} (as of ${formatDateTime(now, zone)})`,
    ...line("Opens", item.openAt),
    ...line("Due", item.dueAt),
    ...line("Closes", item.closeAt),
    `Points: ${item.assignment.points}`,
    "",
    `Open the assignment: ${url}`,
  ].join("\n");
}

/**
 * The personal feed behind `/calendar/<token>.ics`: one event per assignment with a due date
 * (or a close date when there is no due date), at that instant. 404 for an unknown or revoked token.
 */
export async function getIcalFeed(token: string, now: Date): Promise<string> {
  if (!token || token.length > 200) throw feedNotFound();
  const user = await getDb().user.findUnique({ where: { icalTokenHash: hashToken(token) }, select: { id: true, displayName: true, timeZone: true } });
  if (!user) throw feedNotFound();
  const learners = await learnersOfUser(user.id);
  const resolved = (await resolveForLearners(learners, now)).filter((r) => deadlineOf(r.schedule) !== null);
  const changedAt = resolved.length ? await lastChanges(learners, resolved) : null;
  const events: IcalEvent[] = resolved
    .sort((a, b) => deadlineOf(a.schedule)!.getTime() - deadlineOf(b.schedule)!.getTime())
    .map((r) => {
      const item = toDueItem(r, now, user.timeZone);
      const url = absoluteUrl(item.href);
      const kind = item.dueAt ? "due" : "closes";
      return {
        uid: `assignment-${r.assignment.id}-${user.id}@coursework`,
        stamp: now,
        start: deadlineOf(item)!,
        summary: `${item.assignment.title} ${kind} (${r.course.title})`,
        description: describeEvent(item, r.course.title, user.timeZone, now, url),
        url,
        lastModified: changedAt!(r.assignment.id, r.enrollmentId),
        categories: [r.course.title],
      };
    });
  return writeCalendar({
    prodId: "-//Coursework//Deadlines//EN",
    name: "Coursework deadlines",
    description: `Due dates for ${user.displayName} from Coursework`,
    refreshMinutes: ICAL_REFRESH_MINUTES,
    events,
  });
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
