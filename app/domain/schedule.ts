/**
 * The schedule engine: resolves every dated thing (module/item release, assignment open / due /
 * close, discussion checkpoint) for ONE learner. Pure: `now` is always a parameter.
 *
 * Pipeline, per field (openAt, dueAt, closeAt):
 * 1. Pick the rule field by field: LEARNER override beats SECTION override beats the default
 *    rule set. An override key that is absent/undefined inherits; `null` explicitly removes the
 *    limit. Among several matching overrides of the same scope, the later one in the array wins.
 * 2. Resolve the rule to an instant (see `DateRule`). `clampToCourseEnd` → min(instant, course end).
 * 3. Add the sum of the learner's extensions to dueAt and closeAt (never to openAt). Extensions
 *    are applied after clamping and are not clamped: an explicit grant beats the course end.
 * 4. Normalise so that openAt <= dueAt <= closeAt (fields listed in `adjusted`):
 *    - closeAt < dueAt → closeAt moves to dueAt (the due date learners were told is the anchor);
 *    - openAt > the deadline (dueAt, or closeAt when there is no due) → openAt moves back to it.
 *    `sources` still name the rule that produced the field before it was moved.
 * 5. State at `now` (checked in this order):
 *    NOT_OPEN  now < openAt                        reason OPENS_AT
 *    CLOSED    now >= closeAt                      reason CLOSED_AT
 *    LATE      now > dueAt (due is inclusive)      reason LATE_SINCE
 *    DUE_SOON  dueAt - now <= 48 h                 reason DUE_IN
 *    OPEN      otherwise                           reason DUE_AT | CLOSES_AT | OPEN_NO_DUE
 *    Exactly at open → open; exactly at due → not late; exactly at close → CLOSED (so if
 *    due == close, the close wins at that instant). With no closeAt, past due is LATE forever.
 *    DUE_SOON looks at dueAt only (a close-only item is OPEN until CLOSED).
 *
 * RELATIVE_DAYS with days = 0 means the learner's start day itself, even if that time of day is
 * already before `startedAt`. Time zones are validated lazily: an invalid learner zone only
 * throws when a LEARNER-zone rule is resolved. Rule objects are treated as immutable (parsed
 * HH:MM / dates are cached per object).
 */
import { MS, epochMsFromWallClock, isValidTimeZone, parseLocalDate, parseTimeOfDay, wallClockMs } from "./time-zone.js";

/** Hours before the due date in which an item is DUE_SOON. */
export const DUE_SOON_HOURS = 48;
const DUE_SOON_MS = DUE_SOON_HOURS * MS.HOUR;

/** Which zone a wall-clock rule is read in; COURSE is the default. */
export type ZoneChoice = "COURSE" | "LEARNER";
/** How one date is computed. See the file header for the pipeline. */
export type DateRule =
  | { type: "ABSOLUTE"; at: Date }
  | { type: "RELATIVE"; minutes: number; clampToCourseEnd?: boolean }
  | { type: "RELATIVE_DAYS"; days: number; time: string; zone?: ZoneChoice; clampToCourseEnd?: boolean }
  | { type: "LOCAL"; date: string; time: string; zone?: ZoneChoice };
/** The three dates of a dated thing. */
export type DateField = "openAt" | "dueAt" | "closeAt";
/** Rules for the three dates; an absent (or null) rule means "no limit". */
export type RuleSet = { openAt?: DateRule | null; dueAt?: DateRule | null; closeAt?: DateRule | null };
/** Override dates: absent key = inherit, `null` = explicitly no limit. `Partial<RuleSet>` fits. */
export type OverrideDates = { [K in DateField]?: DateRule | null };
/** A section- or learner-specific override of any subset of the dates. */
export type ScheduleOverride =
  | { scope: "SECTION"; sectionId: string; dates: OverrideDates }
  | { scope: "LEARNER"; learnerId: string; dates: OverrideDates };
/** Extra time granted to the learner (a late-day token is 1440 minutes). */
export type Extension = { minutes: number };
/** The learner the schedule is resolved for. */
export type LearnerContext = { id: string; sectionId: string | null; startedAt: Date; timeZone: string };
/** Course-wide context. */
export type CourseContext = { timeZone: string; endsAt: Date | null };
/** Where a resolved date came from; null when no level defines it. */
export type DateSource = "DEFAULT" | "SECTION" | "LEARNER" | null;
/** State of the dated thing at `now`. */
export type ScheduleState = "NOT_OPEN" | "OPEN" | "DUE_SOON" | "LATE" | "CLOSED";
/** Machine code plus the data a UI needs to say why the item is in its state. */
export type ScheduleReason =
  | { code: "OPENS_AT"; at: Date }
  | { code: "DUE_AT"; at: Date }
  | { code: "DUE_IN"; at: Date; minutesLeft: number }
  | { code: "CLOSES_AT"; at: Date }
  | { code: "OPEN_NO_DUE" }
  | { code: "LATE_SINCE"; at: Date; closesAt: Date | null }
  | { code: "CLOSED_AT"; at: Date };
/** The resolved schedule of one dated thing for one learner. */
export type ResolvedSchedule = {
  openAt: Date | null;
  dueAt: Date | null;
  closeAt: Date | null;
  state: ScheduleState;
  reason: ScheduleReason;
  sources: { openAt: DateSource; dueAt: DateSource; closeAt: DateSource };
  /** Minutes added to dueAt/closeAt (0 when the item has neither). */
  extensionMinutes: number;
  /** Fields moved by normalisation (see header); empty in the normal case. */
  adjusted: readonly DateField[];
};
/** One item for `resolveMany`. */
export type ScheduleInput = { rules: RuleSet; overrides?: readonly ScheduleOverride[]; extensions?: readonly Extension[] };
/** A field-level problem, e.g. for a 400 response. */
export type FieldProblem = { field: string; message: string };

/** Thrown for invalid rules; `field` names the form field, `message` is plain language. */
export class ScheduleRuleError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = "ScheduleRuleError";
    this.field = field;
  }
}

const LABEL: Record<DateField, string> = { openAt: "Open date", dueAt: "Due date", closeAt: "Close date" };
const NO_ADJUSTMENTS: readonly DateField[] = Object.freeze([]);
const SOURCE: readonly DateSource[] = [null, "DEFAULT", "SECTION", "LEARNER"];

const parseTime = (time: unknown) => parseTimeOfDay(time) ?? -1;
const parseDate = (date: unknown) => parseLocalDate(date) ?? NaN;

/** Problems of one rule on its own (no cross-field checks). */
function ruleProblems(rule: DateRule, field: DateField): FieldProblem[] {
  const label = LABEL[field];
  const out: FieldProblem[] = [];
  const add = (message: string) => out.push({ field, message });
  const r = rule as Record<string, unknown>;
  if (r.zone !== undefined && r.zone !== "COURSE" && r.zone !== "LEARNER")
    add(`${label} time zone must be COURSE (the course's zone) or LEARNER (each learner's zone).`);
  switch (rule?.type) {
    case "ABSOLUTE":
      if (!(rule.at instanceof Date) || Number.isNaN(rule.at.getTime())) add(`${label} must be a valid date and time.`);
      break;
    case "RELATIVE":
      if (typeof rule.minutes !== "number" || !Number.isInteger(rule.minutes))
        add(`${label} offset must be a whole number of minutes.`);
      else if (rule.minutes < 0) add(`${label} offset cannot be negative.`);
      break;
    case "RELATIVE_DAYS":
      if (typeof rule.days !== "number" || !Number.isInteger(rule.days)) add(`${label} must be a whole number of days.`);
      else if (rule.days < 0) add(`${label} offset cannot be negative.`);
      if (parseTime(rule.time) < 0) add(`${label} time must be HH:MM between 00:00 and 23:59.`);
      break;
    case "LOCAL":
      if (Number.isNaN(parseDate(rule.date))) add(`${label} must be a real calendar date written YYYY-MM-DD.`);
      if (parseTime(rule.time) < 0) add(`${label} time must be HH:MM between 00:00 and 23:59.`);
      break;
    default:
      add(`${label} has an unknown rule type.`);
  }
  return out;
}

/** Statically comparable position of a rule: [class, value]; rules in different classes are not compared. */
function comparable(rule: DateRule, courseZone: string | null): [string, number] {
  switch (rule.type) {
    case "ABSOLUTE":
      return ["ABS", rule.at.getTime()];
    case "RELATIVE":
      return ["REL", rule.minutes];
    case "RELATIVE_DAYS":
      return [`DAYS:${rule.zone ?? "COURSE"}`, rule.days * 1440 + parseTime(rule.time)];
    case "LOCAL": {
      const wall = parseDate(rule.date) + parseTime(rule.time) * MS.MINUTE;
      const zone = rule.zone ?? "COURSE";
      if (zone === "COURSE" && courseZone) return ["ABS", epochMsFromWallClock(wall, courseZone)];
      return [`LOCAL:${zone}`, wall];
    }
  }
}

/**
 * Field-level problems of a rule set (or of a merged default + override set): bad values,
 * negative offsets, unknown zones, bad HH:MM / dates, close before due, open after due/close.
 * Order checks only compare rules whose order does not depend on the learner. Pass the course
 * zone to also check it and to compare LOCAL/COURSE rules with ABSOLUTE ones.
 */
export function validateRuleSet(rules: RuleSet, context: { timeZone?: string } = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let zone: string | null = null;
  if (context.timeZone !== undefined) {
    if (isValidTimeZone(context.timeZone)) zone = context.timeZone;
    else problems.push({ field: "timeZone", message: `Time zone "${context.timeZone}" is not a recognised IANA time zone.` });
  }
  const pos: Partial<Record<DateField, [string, number]>> = {};
  for (const field of ["openAt", "dueAt", "closeAt"] as const) {
    const rule = rules?.[field];
    if (rule == null) continue;
    const own = ruleProblems(rule, field);
    problems.push(...own);
    if (own.length === 0) pos[field] = comparable(rule, zone);
  }
  const after = (a?: [string, number], b?: [string, number]) => !!a && !!b && a[0] === b[0] && a[1] > b[1];
  if (after(pos.dueAt, pos.closeAt)) problems.push({ field: "closeAt", message: "Close date must be on or after the due date." });
  if (after(pos.openAt, pos.dueAt)) problems.push({ field: "openAt", message: "Open date must be on or before the due date." });
  else if (after(pos.openAt, pos.closeAt)) problems.push({ field: "openAt", message: "Open date must be on or before the close date." });
  return problems;
}

/** Throws the first problem of `validateRuleSet` as a `ScheduleRuleError`. */
export function assertValidRuleSet(rules: RuleSet, context: { timeZone?: string } = {}): void {
  const [first] = validateRuleSet(rules, context);
  if (first) throw new ScheduleRuleError(first.field, first.message);
}

type Parsed = { date: unknown; time: unknown; days: unknown; offsetMs: number };
const parsedCache = new WeakMap<object, Parsed>();

/** Parses (once per rule object) the wall-clock part of RELATIVE_DAYS / LOCAL rules. */
function parsed(rule: DateRule & { time: string }, field: DateField): Parsed {
  const r = rule as { date?: unknown; days?: unknown; time: unknown };
  let p = parsedCache.get(rule);
  if (p === undefined || p.time !== r.time || p.date !== r.date || p.days !== r.days) {
    const [problem] = ruleProblems(rule, field);
    if (problem) throw new ScheduleRuleError(problem.field, problem.message);
    const minuteOfDay = parseTime(r.time) * MS.MINUTE;
    const offsetMs = rule.type === "LOCAL" ? parseDate(r.date) + minuteOfDay : (r.days as number) * MS.DAY + minuteOfDay;
    p = { date: r.date, time: r.time, days: r.days, offsetMs };
    parsedCache.set(rule, p);
  }
  return p;
}

/** Resolves items for one learner in one course, reusing per-learner data. Call as methods. */
export interface ScheduleResolver {
  /** Same as `resolveSchedule` for this learner and course. */
  resolve(rules: RuleSet, overrides: readonly ScheduleOverride[] | undefined, extensions: readonly Extension[] | undefined, now: Date): ResolvedSchedule;
  /** Resolves many items at the same `now`. */
  resolveMany(items: readonly ScheduleInput[], now: Date): ResolvedSchedule[];
  /**
   * The instant one rule gives this learner: `resolve({ openAt: rule }, undefined, undefined, now).openAt`
   * (which is NOT_OPEN exactly while `now` is before it), without building the rest of a schedule.
   * For a module's release, checked for hundreds of modules on every study plan.
   */
  openingOf(rule: DateRule): Date;
}

const startOfDay = (wall: number) => wall - (((wall % MS.DAY) + MS.DAY) % MS.DAY);

/** The fast path: a class, so creating one per learner allocates no closures. */
class Resolver implements ScheduleResolver {
  private readonly learner: LearnerContext;
  private readonly startMs: number;
  private readonly endMs: number | null;
  private readonly zones: [string, string];
  private readonly zoneOk = [false, false];
  /** Wall ms of the learner's start day (midnight) per zone side: 0 = course, 1 = learner. */
  private readonly startDay = [NaN, NaN];

  constructor(course: CourseContext, learner: LearnerContext) {
    this.learner = learner;
    this.startMs = learner.startedAt instanceof Date ? learner.startedAt.getTime() : NaN;
    if (Number.isNaN(this.startMs)) throw new ScheduleRuleError("startedAt", "Enrollment start must be a valid date.");
    this.endMs = course.endsAt instanceof Date ? course.endsAt.getTime() : null;
    this.zones = [course.timeZone, learner.timeZone];
  }

  private zoneFor(side: 0 | 1): string {
    const zone = this.zones[side];
    if (!this.zoneOk[side]) {
      if (!isValidTimeZone(zone))
        throw new ScheduleRuleError("timeZone", `${side ? "Learner" : "Course"} time zone "${zone}" is not a recognised IANA time zone.`);
      this.startDay[side] = startOfDay(wallClockMs(this.startMs, zone));
      this.zoneOk[side] = true;
    }
    return zone;
  }

  private instant(rule: DateRule, field: DateField): number {
    let t: number;
    switch (rule.type) {
      case "ABSOLUTE":
        t = rule.at instanceof Date ? rule.at.getTime() : NaN;
        if (Number.isNaN(t)) throw new ScheduleRuleError(field, `${LABEL[field]} must be a valid date and time.`);
        return t;
      case "RELATIVE":
        if (!(Number.isInteger(rule.minutes) && rule.minutes >= 0)) throw new ScheduleRuleError(field, ruleProblems(rule, field)[0].message);
        t = this.startMs + rule.minutes * MS.MINUTE;
        break;
      case "RELATIVE_DAYS": {
        const side = rule.zone === "LEARNER" ? 1 : 0;
        const zone = this.zoneFor(side);
        t = epochMsFromWallClock(this.startDay[side] + parsed(rule, field).offsetMs, zone);
        break;
      }
      case "LOCAL":
        return epochMsFromWallClock(parsed(rule, field).offsetMs, this.zoneFor(rule.zone === "LEARNER" ? 1 : 0));
      default:
        throw new ScheduleRuleError(field, `${LABEL[field]} has an unknown rule type.`);
    }
    return rule.clampToCourseEnd === true && this.endMs !== null && this.endMs < t ? this.endMs : t;
  }

  resolve(rules: RuleSet, overrides: readonly ScheduleOverride[] | undefined, extensions: readonly Extension[] | undefined, now: Date): ResolvedSchedule {
    const learner = this.learner;
    let openRule = rules.openAt ?? null, dueRule = rules.dueAt ?? null, closeRule = rules.closeAt ?? null;
    let openSrc = openRule ? 1 : 0, dueSrc = dueRule ? 1 : 0, closeSrc = closeRule ? 1 : 0;
    if (overrides) {
      for (let i = 0; i < overrides.length; i++) {
        const o = overrides[i];
        let level: number;
        if (o.scope === "LEARNER") {
          if (o.learnerId !== learner.id) continue;
          level = 3;
        } else if (o.scope === "SECTION") {
          if (learner.sectionId === null || o.sectionId !== learner.sectionId) continue;
          level = 2;
        } else continue;
        const d = o.dates;
        if (!d) continue;
        if (d.openAt !== undefined && level >= openSrc) {
          openRule = d.openAt;
          openSrc = level;
        }
        if (d.dueAt !== undefined && level >= dueSrc) {
          dueRule = d.dueAt;
          dueSrc = level;
        }
        if (d.closeAt !== undefined && level >= closeSrc) {
          closeRule = d.closeAt;
          closeSrc = level;
        }
      }
    }
    let open = openRule ? this.instant(openRule, "openAt") : null;
    let due = dueRule ? this.instant(dueRule, "dueAt") : null;
    let close = closeRule ? this.instant(closeRule, "closeAt") : null;

    let ext = 0;
    if (extensions) {
      for (let i = 0; i < extensions.length; i++) {
        const m = extensions[i].minutes;
        if (!(Number.isInteger(m) && m >= 0))
          throw new ScheduleRuleError("extensions", "Extension must be a whole number of minutes, 0 or more.");
        ext += m;
      }
    }
    if (due === null && close === null) ext = 0;
    if (due !== null) due += ext * MS.MINUTE;
    if (close !== null) close += ext * MS.MINUTE;

    let adjusted = NO_ADJUSTMENTS;
    if (due !== null && close !== null && close < due) {
      close = due;
      adjusted = ["closeAt"];
    }
    const deadline = due ?? close;
    if (open !== null && deadline !== null && open > deadline) {
      open = deadline;
      adjusted = adjusted.length ? ["openAt", "closeAt"] : ["openAt"];
    }

    const openAt = open === null ? null : new Date(open);
    const dueAt = due === null ? null : new Date(due);
    const closeAt = close === null ? null : new Date(close);
    const { state, reason } = scheduleStateAt({ openAt, dueAt, closeAt }, now);
    const sources = { openAt: SOURCE[openSrc], dueAt: SOURCE[dueSrc], closeAt: SOURCE[closeSrc] };
    return { openAt, dueAt, closeAt, state, reason, sources, extensionMinutes: ext, adjusted };
  }

  openingOf(rule: DateRule): Date {
    return new Date(this.instant(rule, "openAt"));
  }

  resolveMany(items: readonly ScheduleInput[], now: Date): ResolvedSchedule[] {
    const out = new Array<ResolvedSchedule>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = this.resolve(items[i].rules, items[i].overrides, items[i].extensions, now);
    return out;
  }
}

/**
 * Creates the fast path for one learner: precomputes the start instant, course end and (lazily)
 * the start day in each zone. Throws `ScheduleRuleError` (field startedAt) for an invalid start.
 */
export function createResolver(course: CourseContext, learner: LearnerContext): ScheduleResolver {
  return new Resolver(course, learner);
}

/**
 * State and reason of already-resolved dates at `now` (the table in the file header). Use it to
 * re-evaluate a resolved schedule at another instant without resolving the rules again.
 */
export function scheduleStateAt(
  dates: { openAt: Date | null; dueAt: Date | null; closeAt: Date | null },
  now: Date,
): { state: ScheduleState; reason: ScheduleReason } {
  const { openAt, dueAt, closeAt } = dates;
  const t = now.getTime();
  if (openAt !== null && t < openAt.getTime()) return { state: "NOT_OPEN", reason: { code: "OPENS_AT", at: openAt } };
  if (closeAt !== null && t >= closeAt.getTime()) return { state: "CLOSED", reason: { code: "CLOSED_AT", at: closeAt } };
  if (dueAt === null)
    return { state: "OPEN", reason: closeAt ? { code: "CLOSES_AT", at: closeAt } : { code: "OPEN_NO_DUE" } };
  const left = dueAt.getTime() - t;
  if (left < 0) return { state: "LATE", reason: { code: "LATE_SINCE", at: dueAt, closesAt: closeAt } };
  if (left <= DUE_SOON_MS)
    return { state: "DUE_SOON", reason: { code: "DUE_IN", at: dueAt, minutesLeft: Math.floor(left / MS.MINUTE) } };
  return { state: "OPEN", reason: { code: "DUE_AT", at: dueAt } };
}

/** Resolves one dated thing for one learner at `now`. See the file header for every rule. */
export function resolveSchedule(
  rules: RuleSet,
  overrides: readonly ScheduleOverride[] | undefined,
  extensions: readonly Extension[] | undefined,
  learner: LearnerContext,
  course: CourseContext,
  now: Date,
): ResolvedSchedule {
  return createResolver(course, learner).resolve(rules, overrides, extensions, now);
}
