/**
 * Stored form of schedule rules and late policies (JSON text columns), and the
 * mapping between instructor forms and rules. Shared by services and routes.
 */
import { z } from "zod";
import type { DateField, DateRule, OverrideDates, RuleSet } from "~/domain/schedule";
import type { LatePolicy } from "~/domain/late-policy";
import { zonedPartsOf } from "~/domain/time-zone";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 23:59.");
const zone = z.enum(["COURSE", "LEARNER"]).optional();

export const dateRuleSchema: z.ZodType<DateRule> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ABSOLUTE"), at: z.coerce.date() }),
  z.object({ type: z.literal("RELATIVE"), minutes: z.number().int().min(0), clampToCourseEnd: z.boolean().optional() }),
  z.object({ type: z.literal("RELATIVE_DAYS"), days: z.number().int().min(0), time: hhmm, zone, clampToCourseEnd: z.boolean().optional() }),
  z.object({ type: z.literal("LOCAL"), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), time: hhmm, zone }),
]) as z.ZodType<DateRule>;

/** A stored rule column: NULL → undefined (inherit / no rule), "null" → null (explicitly no limit). */
/**
 * Decoded rules and policies by their stored text. Pages resolve hundreds of stored rules a
 * request, mostly the same ones again and again, and validating each with zod cost more than the
 * schedule engine itself; a stored text always decodes to the same value, so a bounded memo
 * (emptied when full) is safe. Decoded values are frozen: callers share them.
 */
const decoded = new Map<string, unknown>();
const MEMO_LIMIT = 20_000;

function memoDecode<T>(kind: string, text: string, decode: (text: string) => T): T {
  const key = `${kind}:${text}`;
  if (decoded.has(key)) return decoded.get(key) as T;
  const value = decode(text);
  if (value && typeof value === "object") Object.freeze(value);
  if (decoded.size >= MEMO_LIMIT) decoded.clear();
  decoded.set(key, value);
  return value;
}

export function decodeRule(text: string | null): DateRule | null | undefined {
  if (text === null) return undefined;
  return memoDecode("rule", text, (t) => {
    const value = JSON.parse(t);
    return value === null ? null : dateRuleSchema.parse(value);
  });
}

export function encodeRule(rule: DateRule | null | undefined): string | null {
  return rule === undefined ? null : JSON.stringify(rule);
}

type RuleColumns = { openRule: string | null; dueRule: string | null; closeRule: string | null };

/** Default rules of an assignment (a missing rule = no limit). */
export function ruleSetOf(row: RuleColumns): RuleSet {
  return { openAt: decodeRule(row.openRule) ?? null, dueAt: decodeRule(row.dueRule) ?? null, closeAt: decodeRule(row.closeRule) ?? null };
}

/** Override dates (a missing rule = inherit). */
export function overrideDatesOf(row: RuleColumns): OverrideDates {
  const out: OverrideDates = {};
  const open = decodeRule(row.openRule);
  const due = decodeRule(row.dueRule);
  const close = decodeRule(row.closeRule);
  if (open !== undefined) out.openAt = open;
  if (due !== undefined) out.dueAt = due;
  if (close !== undefined) out.closeAt = close;
  return out;
}

export const latePolicySchema: z.ZodType<LatePolicy> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("NONE") }),
  z.object({
    type: z.literal("PERCENT"),
    percent: z.number().min(0).max(100),
    per: z.enum(["HOUR", "DAY"]),
    rounding: z.enum(["UP", "DOWN", "NEAREST", "EXACT"]),
    floorPercent: z.number().min(0).max(100).optional(),
    graceMinutes: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal("FIXED"), points: z.number().min(0), graceMinutes: z.number().int().min(0).optional() }),
]) as z.ZodType<LatePolicy>;

export function decodeLatePolicy(text: string): LatePolicy {
  return memoDecode("late", text, (t) => latePolicySchema.parse(JSON.parse(t)));
}

// ---- Forms -------------------------------------------------------------------------------

/** Form field prefix of each date. */
export const FIELD_PREFIX: Record<DateField, "open" | "due" | "close"> = { openAt: "open", dueAt: "due", closeAt: "close" };
export const DATE_FIELDS: DateField[] = ["openAt", "dueAt", "closeAt"];

/**
 * How an instructor writes one date:
 *  - none:     no limit
 *  - inherit:  (overrides only) keep the course/section date
 *  - date:     a calendar date and time, in the course's zone or in each learner's own zone
 *  - relative: N days after the learner's start, at a time of day
 */
export type RuleFormMode = "none" | "inherit" | "date" | "relative";
export type RuleFormValue = { mode: RuleFormMode; date: string; time: string; days: string; zone: "COURSE" | "LEARNER" };

const LABEL: Record<DateField, string> = { openAt: "open date", dueAt: "due date", closeAt: "close date" };

/** Reads one date's fields from a submitted form; returns the rule or field errors. */
export function ruleFromForm(
  field: DateField,
  values: Record<string, unknown>,
  allowInherit: boolean,
): { rule: DateRule | null | undefined; errors: Record<string, string[]> } {
  const p = FIELD_PREFIX[field];
  const mode = String(values[`${p}Mode`] ?? (allowInherit ? "inherit" : "none"));
  const time = String(values[`${p}Time`] ?? "") || "23:59";
  const zoneChoice = values[`${p}Zone`] === "LEARNER" ? "LEARNER" : "COURSE";
  const errors: Record<string, string[]> = {};
  if (mode === "inherit" && allowInherit) return { rule: undefined, errors };
  if (mode === "none") return { rule: null, errors };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors[`${p}Time`] = [`Enter the ${LABEL[field]} time like 23:59.`];
  if (mode === "date") {
    const date = String(values[`${p}Date`] ?? "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors[`${p}Date`] = [`Choose the ${LABEL[field]}.`];
    return { rule: { type: "LOCAL", date, time, zone: zoneChoice }, errors };
  }
  if (mode === "relative") {
    const days = Number(values[`${p}Days`]);
    if (!Number.isInteger(days) || days < 0 || days > 3650) {
      errors[`${p}Days`] = [`Enter the ${LABEL[field]} as a whole number of days after the learner starts (0 or more).`];
    }
    return { rule: { type: "RELATIVE_DAYS", days, time, zone: zoneChoice, clampToCourseEnd: true }, errors };
  }
  errors[`${p}Mode`] = [`Choose how the ${LABEL[field]} is set.`];
  return { rule: null, errors };
}

/** Form values that show an existing rule for editing. */
export function ruleToForm(rule: DateRule | null | undefined, courseZone: string): RuleFormValue {
  const blank: RuleFormValue = { mode: rule === undefined ? "inherit" : "none", date: "", time: "23:59", days: "", zone: "COURSE" };
  if (!rule) return blank;
  switch (rule.type) {
    case "LOCAL":
      return { mode: "date", date: rule.date, time: rule.time, days: "", zone: rule.zone ?? "COURSE" };
    case "RELATIVE_DAYS":
      return { mode: "relative", date: "", time: rule.time, days: String(rule.days), zone: rule.zone ?? "COURSE" };
    case "RELATIVE":
      return { mode: "relative", date: "", time: "00:00", days: String(Math.round(rule.minutes / 1440)), zone: "COURSE" };
    case "ABSOLUTE": {
      const t = zonedPartsOf(rule.at, courseZone);
      const pad = (n: number) => String(n).padStart(2, "0");
      return { mode: "date", date: `${t.year}-${pad(t.month)}-${pad(t.day)}`, time: `${pad(t.hour)}:${pad(t.minute)}`, days: "", zone: "COURSE" };
    }
  }
}
