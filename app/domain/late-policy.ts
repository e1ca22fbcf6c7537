/**
 * Late-submission penalties, late-day tokens and missing-work scores. Pure functions.
 *
 * Decisions:
 * - Due is inclusive: submitting exactly at `dueAt` is on time; 1 ms later is late.
 * - PERCENT deducts `percent` % of the POINTS POSSIBLE per unit late (Canvas semantics), capped
 *   at 100 %. Units = lateness / unit length, rounded by `rounding`: UP = every started unit
 *   counts, DOWN = only complete units, NEAREST = half-up, EXACT = proportional (no rounding).
 * - Grace: within `graceMinutes` after due there is no penalty and the submission is not marked
 *   late. Once past the grace period, lateness counts from the due date (as Canvas does), so the
 *   grace period only forgives, it does not shift the units.
 * - Floor (`floorPercent`, Canvas "lowest possible grade"): the penalty never takes the final
 *   score below floorPercent % of the points possible; a raw score already below that floor is
 *   not penalised further (and never raised). Final is always within [0, raw].
 * - FIXED deducts `points` once late (past grace); final never below 0; no floor.
 * - `minutesLate` is the real lateness from due, rounded up to whole minutes (0 when on time),
 *   reported even within grace; `late` says whether the submission counts as late.
 * - Scores are rounded to 2 decimals only at the end (1.005 → 1.01; 0.1 + 0.2 → 0.3);
 *   penaltyPoints = raw − rounded final, so the two always add up to a 2-decimal raw score.
 * - The caller passes the learner's resolved (extended) due date; extensions are schedule data.
 * - Tokens: one token = 24 h of lateness, ceil. AUTO spends as many as needed and available
 *   (partial cover allowed); ON_REQUEST spends only what the learner requested (up to available).
 * - Missing work scores only once the item is CLOSED (now >= close) or, with no close, past due.
 */
import { ScheduleRuleError, type FieldProblem } from "./schedule.js";

/** How late work is penalised. */
export type LatePolicy =
  | { type: "NONE" }
  | {
      type: "PERCENT";
      percent: number;
      per: "HOUR" | "DAY";
      rounding: "UP" | "DOWN" | "NEAREST" | "EXACT";
      floorPercent?: number;
      graceMinutes?: number;
    }
  | { type: "FIXED"; points: number; graceMinutes?: number };
/** Score given to work never submitted; null = leave it ungraded. */
export type MissingPolicy = { missingScorePercent: number | null };
/** Input of `computeLatePenalty`. `dueAt` null = no deadline, never late. */
export type PenaltyInput = { dueAt: Date | null; submittedAt: Date; rawScore: number; pointsPossible: number };
/** Result of `computeLatePenalty`; points rounded to 2 decimals. */
export type PenaltyResult = {
  minutesLate: number;
  unitsLate: number;
  penaltyPoints: number;
  finalScore: number;
  late: boolean;
};
/** Result of `applyTokens`. */
export type TokenUse = { used: number; remaining: number; uncovered: number; extensionMinutes: number };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Minutes of extension one late-day token buys. */
export const TOKEN_MINUTES = 1440;

/** Rounds to 2 decimals, immune to binary representation (1.005 → 1.01). */
export function roundScore(x: number): number {
  const r = Math.round(Number((Math.abs(x) * 100).toPrecision(15))) / 100;
  return x < 0 ? -r : r;
}

const pct = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 100;
const nonNeg = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Field-level problems of a late policy (percent 0..100, floor 0..100, grace >= 0, points >= 0). */
export function validateLatePolicy(policy: LatePolicy): FieldProblem[] {
  const out: FieldProblem[] = [];
  const p = policy as Record<string, unknown>;
  if (p?.type === "NONE") return out;
  if (p?.type !== "PERCENT" && p?.type !== "FIXED") return [{ field: "type", message: "Late policy type must be NONE, PERCENT or FIXED." }];
  if (p.graceMinutes !== undefined && !nonNeg(p.graceMinutes))
    out.push({ field: "graceMinutes", message: "Grace period must be 0 minutes or more." });
  if (p.type === "FIXED") {
    if (!nonNeg(p.points)) out.push({ field: "points", message: "Late deduction points must be 0 or more." });
    return out;
  }
  if (!pct(p.percent)) out.push({ field: "percent", message: "Late deduction percent must be between 0 and 100." });
  if (p.per !== "HOUR" && p.per !== "DAY") out.push({ field: "per", message: "Late deduction must be per HOUR or per DAY." });
  if (!["UP", "DOWN", "NEAREST", "EXACT"].includes(p.rounding as string))
    out.push({ field: "rounding", message: "Rounding must be UP, DOWN, NEAREST or EXACT." });
  if (p.floorPercent !== undefined && !pct(p.floorPercent))
    out.push({ field: "floorPercent", message: "Lowest possible grade must be between 0 and 100 percent." });
  return out;
}

/** Field-level problems of a missing-work policy. */
export function validateMissingPolicy(policy: MissingPolicy): FieldProblem[] {
  const v = policy?.missingScorePercent;
  return v === null || pct(v) ? [] : [{ field: "missingScorePercent", message: "Missing score must be between 0 and 100 percent, or empty." }];
}

function assertPolicy(policy: LatePolicy): void {
  const [first] = validateLatePolicy(policy);
  if (first) throw new ScheduleRuleError(first.field, first.message);
}

function msOf(d: Date, field: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new ScheduleRuleError(field, `${field} must be a valid date.`);
  return t;
}

/** Units late (before the percent is applied) and whether the submission counts as late. */
function lateness(policy: LatePolicy, lateMs: number): { late: boolean; units: number } {
  if (lateMs <= 0) return { late: false, units: 0 };
  if (policy.type === "NONE") return { late: true, units: 0 };
  if (lateMs <= (policy.graceMinutes ?? 0) * MINUTE_MS) return { late: false, units: 0 };
  if (policy.type === "FIXED") return { late: true, units: 1 };
  const raw = lateMs / (policy.per === "HOUR" ? HOUR_MS : DAY_MS);
  const units =
    policy.rounding === "UP" ? Math.ceil(raw)
    : policy.rounding === "DOWN" ? Math.floor(raw)
    : policy.rounding === "NEAREST" ? Math.floor(raw + 0.5)
    : raw;
  return { late: true, units };
}

/** Penalty as a fraction (0..1) of points possible, before the floor; null for FIXED. */
function fractionOff(policy: LatePolicy, units: number): number | null {
  if (policy.type === "PERCENT") return Math.min(1, (units * policy.percent) / 100);
  return policy.type === "FIXED" ? null : 0;
}

/**
 * Applies the policy to one submission. `dueAt` must already include the learner's extensions.
 * Throws `ScheduleRuleError` for an invalid policy, negative scores or invalid dates.
 */
export function computeLatePenalty(policy: LatePolicy, input: PenaltyInput): PenaltyResult {
  assertPolicy(policy);
  const { rawScore, pointsPossible } = input;
  if (!nonNeg(rawScore)) throw new ScheduleRuleError("rawScore", "Score must be 0 or more.");
  if (!nonNeg(pointsPossible)) throw new ScheduleRuleError("pointsPossible", "Points possible must be 0 or more.");
  const submitted = msOf(input.submittedAt, "submittedAt");
  const lateMs = input.dueAt === null ? 0 : submitted - msOf(input.dueAt, "dueAt");
  const { late, units } = lateness(policy, lateMs);
  let final = rawScore;
  if (late && units > 0) {
    const fraction = fractionOff(policy, units);
    if (fraction === null) {
      final = Math.max(0, rawScore - (policy as { points: number }).points);
    } else {
      const floor = (pointsPossible * ((policy as { floorPercent?: number }).floorPercent ?? 0)) / 100;
      const reduced = rawScore - pointsPossible * fraction;
      final = rawScore <= floor ? rawScore : Math.max(floor, reduced, 0);
    }
  }
  const finalScore = roundScore(final);
  return {
    minutesLate: lateMs > 0 ? Math.ceil(lateMs / MINUTE_MS) : 0,
    unitsLate: units,
    // from the rounded final, so that finalScore + penaltyPoints === rawScore (2-decimal raw)
    penaltyPoints: Math.max(0, roundScore(rawScore - finalScore)),
    finalScore,
    late,
  };
}

/**
 * Percent of the points possible that submitting at `at` would cost ("Submitting now costs 10 %"),
 * before the floor (the score is not known yet). FIXED needs `pointsPossible` to be expressed as a
 * percent and returns null without it. Rounded to 2 decimals; 0 when on time or within grace.
 */
export function previewPenaltyPercent(policy: LatePolicy, dueAt: Date | null, at: Date, pointsPossible?: number): number | null {
  assertPolicy(policy);
  if (dueAt === null) return 0;
  const { late, units } = lateness(policy, msOf(at, "at") - msOf(dueAt, "dueAt"));
  if (!late || units === 0) return policy.type === "FIXED" && pointsPossible === undefined ? null : 0;
  const fraction = fractionOff(policy, units);
  if (fraction !== null) return roundScore(fraction * 100);
  if (pointsPossible === undefined) return null;
  if (!(pointsPossible > 0)) return 0;
  return roundScore(Math.min(100, ((policy as { points: number }).points / pointsPossible) * 100));
}

/** Late-day tokens (24 h each, rounded up) needed to make a submission on time; 0 when on time. */
export function tokensNeeded(dueAt: Date, submittedAt: Date): number {
  const lateMs = msOf(submittedAt, "submittedAt") - msOf(dueAt, "dueAt");
  return lateMs > 0 ? Math.ceil(lateMs / DAY_MS) : 0;
}

/**
 * Decides how many tokens to spend. AUTO: min(available, needed). ON_REQUEST: min(available,
 * requested) — may exceed `needed` when requested in advance. `extensionMinutes` is what to add
 * to the learner's extensions (1440 per token); `uncovered` = tokens' worth of lateness left.
 */
export function applyTokens(available: number, needed: number, mode: "AUTO" | "ON_REQUEST", requested = 0): TokenUse {
  for (const [field, v] of [["available", available], ["needed", needed], ["requested", requested]] as const)
    if (!Number.isInteger(v) || v < 0) throw new ScheduleRuleError(field, `Token count "${field}" must be a whole number, 0 or more.`);
  const used = mode === "AUTO" ? Math.min(available, needed) : Math.min(available, requested);
  return { used, remaining: available - used, uncovered: Math.max(0, needed - used), extensionMinutes: used * TOKEN_MINUTES };
}

/**
 * Score for work never submitted: `missingScorePercent` % of the points possible, once the item is
 * CLOSED (now >= closeAt) or, without a close date, past due (now > dueAt). Null otherwise, when
 * submitted, when the policy leaves missing work ungraded, or when there is neither date.
 */
export function missingScore(
  policy: MissingPolicy,
  pointsPossible: number,
  resolved: { dueAt: Date | null; closeAt: Date | null },
  submitted: boolean,
  now: Date,
): number | null {
  const [problem] = validateMissingPolicy(policy);
  if (problem) throw new ScheduleRuleError(problem.field, problem.message);
  if (!nonNeg(pointsPossible)) throw new ScheduleRuleError("pointsPossible", "Points possible must be 0 or more.");
  if (submitted || policy.missingScorePercent === null) return null;
  const t = msOf(now, "now");
  const { dueAt, closeAt } = resolved;
  const missing = closeAt !== null ? t >= msOf(closeAt, "closeAt") : dueAt !== null && t > msOf(dueAt, "dueAt");
  return missing ? roundScore((pointsPossible * policy.missingScorePercent) / 100) : null;
}
