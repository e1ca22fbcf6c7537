/**
 * Deadline reminders for ONE learner: which items get a reminder now, and whether quiet hours hold
 * it back. Pure: `now` is a parameter; dates come from domain/schedule.ts (already resolved).
 *
 * 1. Window. An item is remindable in [dueAt − lead, dueAt): exactly `lead` before the due date
 *    counts; at the due instant it no longer does (nothing left to remind about).
 * 2. Never reminded: no due date, submitted (any attempt), already reminded for this exact dueAt
 *    (a moved due date is a new deadline and gets its own reminder), LATE or CLOSED, and NOT_OPEN:
 *    a reminder must point at work the learner can start, so an item that opens inside its window
 *    is reminded by the first scan after it opens (the engine keeps openAt <= dueAt).
 * 3. One message. Everything remindable now goes into one message, together with items whose
 *    window opens within the grouping horizon (min(1 h, lead / 4)), so deadlines minutes apart do
 *    not produce two mails minutes apart (even if that moment is in quiet hours: a little early
 *    beats hours late). Horizon items never cause a message on their own.
 * 4. Quiet hours [start, end) in the learner's zone; start > end wraps midnight (22:00–07:00);
 *    either null, or start == end, means none. Boundaries are wall-clock times turned into instants
 *    with the app-wide rule (time-zone.ts): a time in the spring-forward gap moves forward by the
 *    gap, an ambiguous fall-back time is the earlier instant. Membership is by instant, so a period
 *    is always one contiguous interval and the end we report is the moment the learner may be mailed.
 *    - Inside quiet hours: WAIT until they end (the next scan after the end sends), unless a
 *      remindable item is due at or before the end: a reminder after the deadline is useless, so
 *      SEND now (only happens when there was no earlier chance, e.g. the item was created,
 *      extended or opened, or the learner enrolled, during quiet hours).
 *    - Before quiet hours: an item whose whole window lies inside one quiet period (window opens
 *      in it and the item is due before it ends) is reminded in the hour before that period
 *      starts instead, the latest moment the learner may be mailed.
 */
import { MS, epochMsFromWallClock, wallClockMs } from "./time-zone.js";
import type { ScheduleState } from "./schedule.js";

/** Longest grouping horizon (rule 3). */
export const GROUPING_HORIZON_MS = MS.HOUR;
/** How long before quiet hours an item due inside them is reminded (rule 4). */
export const BEFORE_QUIET_MS = MS.HOUR;

/** One resolved item of the learner. Extra fields (ids, slugs) are carried through untouched. */
export type ReminderItem = {
  assignmentId: string;
  title: string;
  courseTitle: string;
  dueAt: Date | null;
  state: ScheduleState;
  /** At least one attempt is in. */
  submitted: boolean;
  /** A reminder was already sent for this item and this exact dueAt. */
  alreadyReminded: boolean;
};

/** The learner's reminder settings (User columns) and zone. */
export type ReminderSettings = {
  leadHours: number;
  /** Minutes after local midnight, 0–1439; null = no quiet hours. */
  quietStartMinute: number | null;
  quietEndMinute: number | null;
  timeZone: string;
};

export type QuietPeriod = { start: Date; end: Date };

export type ReminderPlan<T extends ReminderItem> =
  /** Nothing to remind about now. */
  | { action: "NONE" }
  /** Items are due for a reminder but quiet hours hold it until `nextAllowedAt`. */
  | { action: "WAIT"; items: T[]; nextAllowedAt: Date }
  /** Send one message with `items` (sorted by due date); `duringQuietHours` when rule 4 overrode them. */
  | { action: "SEND"; items: T[]; duringQuietHours: boolean };

const MINUTES_PER_DAY = 1440;
const isMinute = (m: number | null): m is number => typeof m === "number" && Number.isInteger(m) && m >= 0 && m < MINUTES_PER_DAY;
const startOfDay = (wall: number) => wall - (((wall % MS.DAY) + MS.DAY) % MS.DAY);

function leadMs(settings: ReminderSettings): number {
  const h = settings.leadHours;
  if (!(typeof h === "number" && Number.isFinite(h) && h > 0)) throw new RangeError("Reminder lead time must be a positive number of hours.");
  return h * MS.HOUR;
}

/** Quiet hours as [start, end] minutes, or null when there are none (missing, invalid or empty). */
export function quietMinutes(settings: ReminderSettings): [number, number] | null {
  const { quietStartMinute: s, quietEndMinute: e } = settings;
  return isMinute(s) && isMinute(e) && s !== e ? [s, e] : null;
}

/** The quiet period containing `instant` (start <= instant < end), or null. */
export function quietPeriodAt(instant: Date, settings: ReminderSettings): QuietPeriod | null {
  const minutes = quietMinutes(settings);
  if (!minutes) return null;
  const [s, e] = minutes;
  const t = instant.getTime();
  const zone = settings.timeZone;
  const today = startOfDay(wallClockMs(t, zone));
  // Periods that start yesterday, today or (around a midnight transition) tomorrow, local time.
  for (const dayOffset of [-1, 0, 1]) {
    const startWall = today + dayOffset * MS.DAY + s * MS.MINUTE;
    const endWall = startWall - s * MS.MINUTE + (e > s ? 0 : MS.DAY) + e * MS.MINUTE;
    const start = epochMsFromWallClock(startWall, zone);
    const end = epochMsFromWallClock(endWall, zone);
    if (start <= t && t < end) return { start: new Date(start), end: new Date(end) };
  }
  return null;
}

/**
 * When the reminder for an item due at `dueAt` becomes due: `dueAt − lead`, or the hour before
 * quiet hours when the whole window lies inside one quiet period (rule 4).
 */
export function reminderStartsAt(dueAt: Date, settings: ReminderSettings): Date {
  const lead = leadMs(settings);
  const natural = new Date(dueAt.getTime() - lead);
  const period = quietPeriodAt(natural, settings);
  if (period && dueAt.getTime() <= period.end.getTime()) {
    return new Date(period.start.getTime() - Math.min(BEFORE_QUIET_MS, lead));
  }
  return natural;
}

/** Rule 2: items that can get a reminder at all at `now` (window not considered). */
function eligible(item: ReminderItem, now: number): item is ReminderItem & { dueAt: Date } {
  return (
    item.dueAt !== null &&
    !item.submitted &&
    !item.alreadyReminded &&
    (item.state === "OPEN" || item.state === "DUE_SOON") &&
    now < item.dueAt.getTime()
  );
}

/** Rules 1 and 2 plus the "before quiet hours" shift: items whose reminder is due at `now`. */
export function dueForReminder<T extends ReminderItem>(items: readonly T[], settings: ReminderSettings, now: Date): T[] {
  const t = now.getTime();
  return sortByDue(items.filter((i) => eligible(i, t) && reminderStartsAt(i.dueAt!, settings).getTime() <= t));
}

function sortByDue<T extends ReminderItem>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      a.dueAt!.getTime() - b.dueAt!.getTime() || a.courseTitle.localeCompare(b.courseTitle) || a.title.localeCompare(b.title) || a.assignmentId.localeCompare(b.assignmentId),
  );
}

/** The whole rule: what to do for this learner at `now` (see the file header). */
export function planReminder<T extends ReminderItem>(items: readonly T[], settings: ReminderSettings, now: Date): ReminderPlan<T> {
  const t = now.getTime();
  const due = dueForReminder(items, settings, now);
  if (due.length === 0) return { action: "NONE" };

  const quiet = quietPeriodAt(now, settings);
  if (quiet) {
    const end = quiet.end.getTime();
    if (due.every((i) => i.dueAt!.getTime() > end)) return { action: "WAIT", items: due, nextAllowedAt: quiet.end };
  }

  // Rule 3: items whose reminder would be due shortly ride along (even if that moment falls in
  // quiet hours: a little early beats hours late).
  const horizon = t + Math.min(GROUPING_HORIZON_MS, leadMs(settings) / 4);
  const chosen = new Set<T>(due);
  for (const item of items) {
    if (chosen.has(item) || !eligible(item, t)) continue;
    if (reminderStartsAt(item.dueAt, settings).getTime() <= horizon) chosen.add(item);
  }
  return { action: "SEND", items: sortByDue([...chosen]), duringQuietHours: quiet !== null };
}
