/**
 * Plain-language text of a date rule, for instructors ("7 days after each learner starts,
 * 23:59 course time"). Pure. Instants in the text always name their zone.
 */
import type { DateRule } from "./schedule.js";
import { parseLocalDate, zonedPartsOf } from "./time-zone.js";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number) => String(n).padStart(2, "0");
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "Tue 3 Mar 2026" of a calendar date "YYYY-MM-DD" (the text itself when it is not a real date). */
function dayText(date: string): string {
  const wall = parseLocalDate(date);
  if (wall === null) return date;
  const d = new Date(wall);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 days 4 hours 5 minutes" of a whole number of minutes. */
function durationText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? plural(days, "day") : "", hours ? plural(hours, "hour") : "", mins ? plural(mins, "minute") : ""];
  return parts.filter(Boolean).join(" ");
}

function zoneText(zone: "COURSE" | "LEARNER" | undefined, courseTimeZone: string | undefined): string {
  if (zone === "LEARNER") return "in each learner's own time zone";
  return courseTimeZone ? `course time (${courseTimeZone.replaceAll("_", " ")})` : "course time";
}

const CLAMP = ", or the course end if that is earlier";

/**
 * Describes a rule. `null`/`undefined` = "No limit". Pass the course's zone to name it in the
 * text and to show ABSOLUTE instants on the course's clock (UTC otherwise).
 */
export function describeRule(rule: DateRule | null | undefined, options: { courseTimeZone?: string } = {}): string {
  if (!rule) return "No limit";
  const { courseTimeZone } = options;
  switch (rule.type) {
    case "ABSOLUTE": {
      const zone = courseTimeZone ?? "UTC";
      const p = zonedPartsOf(rule.at, zone);
      const day = dayText(`${String(p.year).padStart(4, "0")}-${pad(p.month)}-${pad(p.day)}`);
      return `${day}, ${pad(p.hour)}:${pad(p.minute)} ${courseTimeZone ? zoneText("COURSE", courseTimeZone) : "UTC"}`;
    }
    case "RELATIVE": {
      const text = rule.minutes === 0 ? "When each learner starts" : `${durationText(rule.minutes)} after each learner starts`;
      return text + (rule.clampToCourseEnd ? CLAMP : "");
    }
    case "RELATIVE_DAYS": {
      const when = rule.days === 0 ? "On the day each learner starts" : `${plural(rule.days, "day")} after each learner starts`;
      return `${when}, ${rule.time} ${zoneText(rule.zone, courseTimeZone)}${rule.clampToCourseEnd ? CLAMP : ""}`;
    }
    case "LOCAL":
      return `${dayText(rule.date)}, ${rule.time} ${zoneText(rule.zone, courseTimeZone)}`;
    default:
      return "Unknown rule";
  }
}

/** One line for a whole rule set: "Opens … · Due … · Closes …" (absent dates left out; no due says so). */
export function describeRuleSet(
  rules: { openAt?: DateRule | null; dueAt?: DateRule | null; closeAt?: DateRule | null },
  options: { courseTimeZone?: string } = {},
): string {
  return [
    rules.openAt ? `Opens ${describeRule(rules.openAt, options)}` : null,
    rules.dueAt ? `Due ${describeRule(rules.dueAt, options)}` : "No due date",
    rules.closeAt ? `Closes ${describeRule(rules.closeAt, options)}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}
