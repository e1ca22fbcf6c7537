/**
 * Deadlines across courses: a student's "What's due" list and the instructor's course calendar
 * (the personal iCal feed is in ical-feed.server.ts). Every date comes from the schedule engine (via schedule.server.ts for
 * real learners, or a synthetic learner for the course's default and per-section dates).
 */
import { previewPenaltyPercent } from "~/domain/late-policy";
import { describeRule } from "~/domain/rule-text";
import { createResolver, type DateField, type ResolvedSchedule, type ScheduleOverride, type ScheduleState } from "~/domain/schedule";
import { localDateKey, MS } from "~/domain/time-zone";
import { getDb } from "~/lib/db.server";
import { formatDate, formatDateTime } from "~/lib/time";
import { decodeLatePolicy, overrideDatesOf, ruleSetOf } from "./date-rules";
import type { DuePageQuery } from "./due-page";
import { requireCourseRole, STAFF } from "./permissions.server";
import { replyByCheckpointsFor, type ReplyByCheckpoint } from "./discussion-checkpoints.server";
import { learnersOfUser, resolveForLearners, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

/** Items closed longer ago than this (or submitted and past their deadline this long) leave "What's due". */
export const WHATS_DUE_LOOKBACK_DAYS = 7;
const DATE_FIELDS: DateField[] = ["openAt", "dueAt", "closeAt"];

export type DueBadge = { tone: "submitted" | "late" | "soon" | "open" | "upcoming" | "closed"; text: string };
export type DueItem = {
  /** Unique in the list (an assignment and its discussion's reply-by checkpoint share an id). */
  key: string;
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
  return { ...base, key: `assignment-${r.assignment.id}`, href: assignmentPath(r.course.slug, r.assignment.id), badge: badgeOf(base, zone) };
}

function checkpointItem(c: ReplyByCheckpoint, zone: string): DueItem {
  const base = {
    course: { title: c.course.title, slug: c.course.slug },
    assignment: { id: c.assignment.id, title: c.title, points: c.assignment.points },
    openAt: null,
    dueAt: c.replyByAt,
    closeAt: null,
    state: c.state,
    submitted: c.replied,
    penaltyNowPercent: null,
  };
  const badge: DueBadge = c.replied
    ? { tone: "submitted", text: "Replied" }
    : c.state === "LATE" || c.state === "CLOSED"
      ? { tone: "late", text: "Reply-by date passed — replies still count" }
      : badgeOf(base, zone);
  return { ...base, key: `reply-by-${c.discussionId}`, href: c.href, badge };
}

/** One line of What's due before it is written out: enough to filter and sort. */
type Candidate = { deadline: number; closeAt: Date | null; done: boolean; course: string; title: string; toItem: () => DueItem };

/**
 * Everything with a deadline in the student's courses (assignments and the "reply by" checkpoints
 * of graded discussions), soonest first. Leaves out work due more than `days` ahead, work closed
 * more than a week ago, and finished work whose deadline passed more than a week ago. Eight
 * queries (three more when a course has graded discussions with a reply-by date), whatever the
 * number of courses and assignments.
 */
async function dueItems(actor: Actor, now: Date, days: number, limit = Infinity): Promise<{ items: DueItem[]; total: number }> {
  const horizon = now.getTime() + days * MS.DAY;
  const since = now.getTime() - WHATS_DUE_LOOKBACK_DAYS * MS.DAY;
  const learners = await learnersOfUser(actor.id);
  const [resolved, checkpoints] = await Promise.all([resolveForLearners(learners, now), replyByCheckpointsFor(learners, now)]);
  const zone = actor.timeZone;
  const candidates: Candidate[] = [
    ...resolved.flatMap((r) => {
      const deadline = deadlineOf(r.schedule);
      if (!deadline) return [];
      const c = { deadline: deadline.getTime(), closeAt: r.schedule.closeAt, done: r.attempts > 0, course: r.course.title, title: r.assignment.title };
      return [{ ...c, toItem: () => toDueItem(r, now, zone) }];
    }),
    ...checkpoints.map((c) => ({
      deadline: c.replyByAt.getTime(),
      closeAt: null,
      done: c.replied,
      course: c.course.title,
      title: c.title,
      toItem: () => checkpointItem(c, zone),
    })),
  ];
  const inWindow = candidates.filter(
    (c) => c.deadline <= horizon && !(c.closeAt && c.closeAt.getTime() < since) && !(c.done && c.deadline < since),
  );
  inWindow.sort((a, b) => a.deadline - b.deadline || a.course.localeCompare(b.course) || a.title.localeCompare(b.title));
  // Badges and penalties only for what is shown.
  return { items: inWindow.slice(0, limit).map((c) => c.toItem()), total: inWindow.length };
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
