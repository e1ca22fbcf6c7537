/**
 * Deadlines across courses: a student's "What's due" list and the instructor's course calendar
 * (the personal iCal feed is in ical-feed.server.ts). Every date comes from the schedule engine (via schedule.server.ts for
 * real learners, or a synthetic learner for the course's default and per-section dates).
 *
 * What's due keeps each student's resolved deadlines per process, keyed on the version of
 * everything they depend on (deadline-version.server.ts, shared with the iCal feed); each request
 * reads the version and the student's submissions and replies, and works out what depends on
 * "now" (states, late costs, the window) with the schedule engine's pure state function.
 */
import { previewPenaltyPercent, type LatePolicy } from "~/domain/late-policy";
import { describeRule } from "~/domain/rule-text";
import { createResolver, scheduleStateAt, type DateField, type DateRule, type ResolvedSchedule, type ScheduleOverride, type ScheduleState } from "~/domain/schedule";
import { localDateKey, MS } from "~/domain/time-zone";
import { getDb } from "~/lib/db.server";
import { withFields } from "~/lib/objects";
import { formatDate, formatDateTime } from "~/lib/time";
import { decodeLatePolicy, overrideDatesOf, ruleSetOf } from "./date-rules";
import type { DuePageQuery } from "./due-page";
import { requireCourseRole, STAFF } from "./permissions.server";
import { deadlineOf } from "./deadline-text";
import { DeadlineCache, readDeadlineVersion } from "./deadline-version.server";
import { replyByCheckpointsFor } from "./discussion-checkpoints.server";
import { learnersOfUser, resolveForLearners, type Learner } from "./schedule.server";
import type { Actor } from "./users.server";

/** Items closed longer ago than this (or submitted and past their deadline this long) leave "What's due". */
export const WHATS_DUE_LOOKBACK_DAYS = 7;
const DATE_FIELDS: DateField[] = ["openAt", "dueAt", "closeAt"];

export type DueBadge = { tone: "submitted" | "late" | "soon" | "open" | "upcoming" | "closed"; text: string };
/** What a line of What's due shows of its deadline, whatever the moment. */
type DueBase = {
  /** Unique in the list (an assignment and its discussion's reply-by checkpoint share an id). */
  key: string;
  course: { title: string; slug: string };
  assignment: { id: string; title: string; points: number };
  href: string;
  openAt: Date | null;
  dueAt: Date | null;
  closeAt: Date | null;
};
export type DueItem = DueBase & {
  state: ScheduleState;
  submitted: boolean;
  /** % of points that submitting now would cost; only when LATE (null otherwise). */
  penaltyNowPercent: number | null;
  /** The state in words, dates in the viewer's zone (never colour alone). */
  badge: DueBadge;
};
export type DueGroup = { day: string; label: string; items: DueItem[] };

const assignmentPath = (slug: string, id: string) => `/courses/${slug}/assignments/${id}`;

function badgeOf(item: Omit<DueItem, "badge" | "href" | "key">, zone: string): DueBadge {
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

/**
 * One deadline of What's due as resolved for the learner: what depends neither on "now" nor on
 * the learner's own work (kept per user, see {@link dueDeadlines}). Treat as immutable.
 */
type DueDeadline = DueBase & {
  /** What "done" means: a submission to the assignment, or a reply in the discussion. */
  done: { kind: "submission"; assignmentId: string } | { kind: "reply"; discussionId: string };
  /** dueAt, or closeAt without a due date (ms). */
  deadline: number;
  /** Null for a reply-by checkpoint (no penalty). */
  latePolicy: LatePolicy | null;
};
type DueSnapshot = { version: string; weight: number; deadlines: DueDeadline[] };

/** Deadlines kept per process across all users (a student in 10 courses × 50 assignments has 500). */
const CACHE_DEADLINES = 200_000;
const snapshots = new DeadlineCache<DueSnapshot>(CACHE_DEADLINES);

/**
 * Resolves every deadline of the learners (assignments through the schedule engine, and the
 * reply-by checkpoints of graded discussions), soonest first. The instants do not depend on
 * `now` (only the states do, and those are recomputed per request).
 */
async function buildSnapshot(learners: Learner[], version: string, now: Date): Promise<DueSnapshot> {
  // Submissions are read with the version on every request (see dueDeadlines).
  const [resolved, checkpoints] = await Promise.all([resolveForLearners(learners, now, { attempts: false }), replyByCheckpointsFor(learners, now)]);
  const deadlines: DueDeadline[] = [];
  for (const r of resolved) {
    const { openAt, dueAt, closeAt } = r.schedule;
    const deadline = dueAt ?? closeAt;
    if (!deadline) continue;
    deadlines.push({
      key: `assignment-${r.assignment.id}`,
      done: { kind: "submission", assignmentId: r.assignment.id },
      course: { title: r.course.title, slug: r.course.slug },
      assignment: { id: r.assignment.id, title: r.assignment.title, points: r.assignment.points },
      href: assignmentPath(r.course.slug, r.assignment.id),
      openAt,
      dueAt,
      closeAt,
      deadline: deadline.getTime(),
      latePolicy: decodeLatePolicy(r.assignment.latePolicy),
    });
  }
  for (const c of checkpoints) {
    deadlines.push({
      key: `reply-by-${c.discussionId}`,
      done: { kind: "reply", discussionId: c.discussionId },
      course: { title: c.course.title, slug: c.course.slug },
      assignment: { id: c.assignment.id, title: c.title, points: c.assignment.points },
      href: c.href,
      openAt: null,
      dueAt: c.replyByAt,
      closeAt: null,
      deadline: c.replyByAt.getTime(),
      latePolicy: null,
    });
  }
  deadlines.sort((a, b) => a.deadline - b.deadline || a.course.title.localeCompare(b.course.title) || a.assignment.title.localeCompare(b.assignment.title));
  return { version, weight: deadlines.length + 1, deadlines };
}

/**
 * The student's deadlines, from the per-process cache when their version (deadline-version.server.ts)
 * is unchanged, and what they have done (the assignments they submitted to, the discussions they
 * replied in), read with the version on every request. One query when the cache answers.
 */
async function dueDeadlines(userId: string, now: Date) {
  const current = await readDeadlineVersion(userId, { done: true });
  let snapshot = snapshots.get(userId, current.version);
  if (!snapshot) {
    snapshot = await buildSnapshot(await learnersOfUser(userId), current.version, now);
    if (current.settled) snapshots.set(userId, snapshot);
  }
  const isDone = (d: DueDeadline) => (d.done.kind === "submission" ? current.submitted.has(d.done.assignmentId) : current.replied.has(d.done.discussionId));
  return { deadlines: snapshot.deadlines, isDone };
}

/** A deadline at `now`: its state from the schedule engine, the late cost, the badge. */
function toDueItem(d: DueDeadline, done: boolean, now: Date, zone: string): DueItem {
  const { openAt, dueAt, closeAt } = d;
  const { state } = scheduleStateAt(d, now);
  const penaltyNowPercent = state === "LATE" && d.latePolicy ? previewPenaltyPercent(d.latePolicy, dueAt, now, d.assignment.points) : null;
  const base = { course: d.course, assignment: d.assignment, openAt, dueAt, closeAt, state, submitted: done, penaltyNowPercent };
  const badge: DueBadge =
    d.done.kind === "submission"
      ? badgeOf(base, zone)
      : done
        ? { tone: "submitted", text: "Replied" }
        : state === "LATE" || state === "CLOSED"
          ? { tone: "late", text: "Reply-by date passed — replies still count" }
          : badgeOf(base, zone);
  return withFields(base, { key: d.key, href: d.href, badge });
}

/**
 * Everything with a deadline in the student's courses (assignments and the "reply by" checkpoints
 * of graded discussions), soonest first. Leaves out work due more than `days` ahead, work closed
 * more than a week ago, and finished work whose deadline passed more than a week ago. A fixed
 * number of queries, whatever the number of courses and assignments (see {@link dueDeadlines}).
 */
async function dueItems(actor: Actor, now: Date, days: number, limit = Infinity): Promise<{ items: DueItem[]; total: number }> {
  const horizon = now.getTime() + days * MS.DAY;
  const since = now.getTime() - WHATS_DUE_LOOKBACK_DAYS * MS.DAY;
  const { deadlines, isDone } = await dueDeadlines(actor.id, now);
  const shown: DueItem[] = [];
  let total = 0;
  // Already sorted by deadline: the window ends at the first deadline past the horizon.
  for (const d of deadlines) {
    if (d.deadline > horizon) break;
    if (d.closeAt && d.closeAt.getTime() < since) continue;
    const done = isDone(d);
    if (done && d.deadline < since) continue;
    total++;
    // Badges and penalties only for what is shown.
    if (shown.length < limit) shown.push(toDueItem(d, done, now, actor.timeZone));
  }
  return { items: shown, total };
}

/** Consecutive items grouped by the day of their deadline in `zone`. */
function groupByDay<T>(items: T[], deadline: (item: T) => Date, zone: string): { day: string; label: string; items: T[] }[] {
  const groups: { day: string; label: string; items: T[] }[] = [];
  for (const item of items) {
    const at = deadline(item);
    const day = localDateKey(at, zone);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.items.push(item);
    else groups.push({ day, label: formatDate(at, zone), items: [item] });
  }
  return groups;
}

/** {@link dueItems} grouped by the day each is due in the viewer's zone. */
export async function whatsDue(actor: Actor, now: Date, options: { days?: number } = {}): Promise<DueGroup[]> {
  const { items } = await dueItems(actor, now, options.days ?? 60);
  return groupByDay(items, (item) => deadlineOf(item)!, actor.timeZone);
}

/** One deadline as the page shows it: every date already written out in the viewer's zone. */
export type DueRow = {
  key: string;
  courseTitle: string;
  title: string;
  href: string;
  points: number;
  badge: DueBadge;
  dates: { label: string; iso: string; text: string }[];
};

/**
 * The "What's due" page: the first `show` deadlines of the next `days` days (and the past week's
 * unfinished work), grouped by day, with dates preformatted (a busy student has hundreds of
 * deadlines; the page shows the soonest and offers more), plus the total in the window.
 */
export async function whatsDuePage(actor: Actor, now: Date, query: DuePageQuery) {
  const { items, total } = await dueItems(actor, now, query.days, query.show);
  const zone = actor.timeZone;
  const rows = items.map((item): DueRow & { deadline: Date } => {
    const dates: DueRow["dates"] = [];
    const add = (label: string, at: Date | null) => at && dates.push({ label, iso: at.toISOString(), text: formatDateTime(at, zone) });
    add("Due", item.dueAt);
    add(item.dueAt ? "Closes" : "Closes (no due date)", item.closeAt);
    return {
      key: item.key,
      courseTitle: item.course.title,
      title: item.assignment.title,
      href: item.href,
      points: item.assignment.points,
      badge: item.badge,
      dates,
      deadline: deadlineOf(item)!,
    };
  });
  const groups = groupByDay(rows, (row) => row.deadline, zone).map((g) => ({ ...g, items: g.items.map(({ deadline: _d, ...row }) => row) }));
  return { days: query.days, show: query.show, total, shown: rows.length, groups };
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
  /** The deadline (due, or close), by default or in a section, counts from each learner's start. */
  relativeDeadline: boolean;
};

const countsFromStart = (rule: DateRule | null | undefined) => rule?.type === "RELATIVE" || rule?.type === "RELATIVE_DAYS";

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
      relativeDeadline: [rules, ...overrides.map((o) => o.dates)].some((r) => countsFromStart(r.dueAt) || countsFromStart(r.closeAt)),
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
