import { describe, test, expect } from "vitest";
import {
  TOKEN_MINUTES,
  applyTokens,
  computeLatePenalty,
  missingScore,
  previewPenaltyPercent,
  roundScore,
  tokensNeeded,
  validateLatePolicy,
  validateMissingPolicy,
  type LatePolicy,
} from "../../app/domain/late-policy.js";
import { ScheduleRuleError, resolveSchedule } from "../../app/domain/schedule.js";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;
const due = new Date("2026-03-10T12:00:00Z");
const after = (ms: number) => new Date(due.getTime() + ms);
const pct = (per: "HOUR" | "DAY", rounding: "UP" | "DOWN" | "NEAREST" | "EXACT", extra: object = {}): LatePolicy => ({
  type: "PERCENT",
  percent: 10,
  per,
  rounding,
  ...extra,
});
const run = (policy: LatePolicy, lateMs: number, rawScore = 80, pointsPossible = 100) =>
  computeLatePenalty(policy, { dueAt: due, submittedAt: after(lateMs), rawScore, pointsPossible });

describe("computeLatePenalty: PERCENT (10 % of 100 points per unit, raw 80)", () => {
  // [name, policy, late ms, minutesLate, unitsLate, penaltyPoints, finalScore, late]
  test.each([
    ["exactly at due is on time", pct("HOUR", "UP"), 0, 0, 0, 0, 80, false],
    ["1 s early", pct("HOUR", "UP"), -S, 0, 0, 0, 80, false],
    ["1 s late, UP: a started hour counts", pct("HOUR", "UP"), S, 1, 1, 10, 70, true],
    ["1 s late, DOWN: no complete hour", pct("HOUR", "DOWN"), S, 1, 0, 0, 80, true],
    ["1 s late, NEAREST rounds to 0", pct("HOUR", "NEAREST"), S, 1, 0, 0, 80, true],
    ["exactly 1 h, UP", pct("HOUR", "UP"), H, 60, 1, 10, 70, true],
    ["exactly 1 h, DOWN", pct("HOUR", "DOWN"), H, 60, 1, 10, 70, true],
    ["exactly 1 h, NEAREST", pct("HOUR", "NEAREST"), H, 60, 1, 10, 70, true],
    ["exactly 1 h, EXACT", pct("HOUR", "EXACT"), H, 60, 1, 10, 70, true],
    // 90 min = 1.5 h: UP 2, DOWN 1, NEAREST (half-up) 2, EXACT 1.5 → 15 points.
    ["1.5 h, UP", pct("HOUR", "UP"), 90 * MIN, 90, 2, 20, 60, true],
    ["1.5 h, DOWN", pct("HOUR", "DOWN"), 90 * MIN, 90, 1, 10, 70, true],
    ["1.5 h, NEAREST", pct("HOUR", "NEAREST"), 90 * MIN, 90, 2, 20, 60, true],
    ["1.5 h, EXACT", pct("HOUR", "EXACT"), 90 * MIN, 90, 1.5, 15, 65, true],
    ["89 min, NEAREST", pct("HOUR", "NEAREST"), 89 * MIN, 89, 1, 10, 70, true],
    ["exactly 1 day, UP", pct("DAY", "UP"), DAY, 1440, 1, 10, 70, true],
    ["1 day + 1 s, UP", pct("DAY", "UP"), DAY + S, 1441, 2, 20, 60, true],
    ["1 day + 1 s, DOWN", pct("DAY", "DOWN"), DAY + S, 1441, 1, 10, 70, true],
    ["36 h, EXACT", pct("DAY", "EXACT"), 36 * H, 2160, 1.5, 15, 65, true],
    ["11 h: capped at 100 %, never below 0", pct("HOUR", "UP"), 11 * H, 660, 11, 80, 0, true],
  ] as const)("%s", (_name, policy, lateMs, minutesLate, unitsLate, penaltyPoints, finalScore, late) => {
    expect(run(policy, lateMs)).toEqual({ minutesLate, unitsLate, penaltyPoints, finalScore, late });
  });

  test("1 s late, EXACT: a tiny proportional penalty that rounds away", () => {
    const r = run(pct("HOUR", "EXACT"), S);
    expect(r.unitsLate).toBeCloseTo(1 / 3600, 12);
    expect([r.penaltyPoints, r.finalScore, r.late]).toEqual([0, 80, true]);
  });

  test("worked example: 12.5 %/day EXACT, 20 h late, 37.5 of 40", () => {
    // units = 20/24 = 0.8333…; 0.8333 × 12.5 % = 10.4167 % of 40 = 4.1667 points → 37.5 − 4.1667 = 33.3333 → 33.33
    const policy: LatePolicy = { type: "PERCENT", percent: 12.5, per: "DAY", rounding: "EXACT" };
    expect(run(policy, 20 * H, 37.5, 40)).toMatchObject({ penaltyPoints: 4.17, finalScore: 33.33 });
  });

  test("worked example: float drift — 8.7 of 9.9, 10 %/day UP, 1 day → 8.7 − 0.99 = 7.71 exactly", () => {
    expect(run(pct("DAY", "UP"), DAY, 8.7, 9.9)).toMatchObject({ penaltyPoints: 0.99, finalScore: 7.71 });
  });
});

describe("floor (lowest possible grade = floorPercent % of points possible)", () => {
  // 50 % floor of 100 points = 50 points.
  test.each([
    ["8 h late would leave 0 → held at the floor", 80, 8 * H, 30, 50],
    ["1 h late leaves 45 → raised to the floor", 55, H, 5, 50],
    ["raw below floor is not penalised further", 40, 3 * H, 0, 40],
    ["raw exactly at floor stays", 50, 3 * H, 0, 50],
    ["floor not reached", 90, H, 10, 80],
  ])("%s", (_name, raw, lateMs, penaltyPoints, finalScore) => {
    expect(run(pct("HOUR", "UP", { floorPercent: 50 }), lateMs, raw)).toMatchObject({ penaltyPoints, finalScore, late: true });
  });
});

describe("grace period (no penalty inside; outside, lateness counts from the due date)", () => {
  test.each([
    ["10 min late, inside 15 min grace", pct("HOUR", "UP", { graceMinutes: 15 }), 10 * MIN, 10, 0, 80, false],
    ["exactly at the end of grace", pct("HOUR", "UP", { graceMinutes: 15 }), 15 * MIN, 15, 0, 80, false],
    ["1 s after grace: counts from due", pct("HOUR", "UP", { graceMinutes: 15 }), 15 * MIN + S, 16, 1, 70, true],
    // 100 min late, 90 min grace, DOWN: from due = 1 complete hour (from grace end it would be 0).
    ["100 min, 90 min grace, DOWN", pct("HOUR", "DOWN", { graceMinutes: 90 }), 100 * MIN, 100, 1, 70, true],
    ["2 h, 90 min grace, EXACT: 2 units from due", pct("HOUR", "EXACT", { graceMinutes: 90 }), 2 * H, 120, 2, 60, true],
    ["FIXED inside grace", { type: "FIXED", points: 5, graceMinutes: 60 }, 30 * MIN, 30, 0, 80, false],
    ["FIXED after grace", { type: "FIXED", points: 5, graceMinutes: 60 }, 61 * MIN, 61, 1, 75, true],
  ] as const)("%s", (_name, policy, lateMs, minutesLate, unitsLate, finalScore, late) => {
    expect(run(policy as LatePolicy, lateMs)).toMatchObject({ minutesLate, unitsLate, finalScore, late });
  });
});

describe("FIXED and NONE", () => {
  test.each([
    ["FIXED at due", { type: "FIXED", points: 5 }, 0, 80, 0, 80, false],
    ["FIXED 1 s late", { type: "FIXED", points: 5 }, S, 80, 5, 75, true],
    ["FIXED 10 days late: still once", { type: "FIXED", points: 5 }, 10 * DAY, 80, 5, 75, true],
    ["FIXED never below 0", { type: "FIXED", points: 5 }, S, 3, 3, 0, true],
    ["NONE: late but no penalty", { type: "NONE" }, DAY, 80, 0, 80, true],
    ["NONE on time", { type: "NONE" }, 0, 80, 0, 80, false],
  ] as const)("%s", (_name, policy, lateMs, raw, penaltyPoints, finalScore, late) => {
    expect(run(policy as LatePolicy, lateMs, raw)).toMatchObject({ penaltyPoints, finalScore, late });
  });

  test("no due date is never late", () => {
    const r = computeLatePenalty(pct("HOUR", "UP"), { dueAt: null, submittedAt: due, rawScore: 80, pointsPossible: 100 });
    expect(r).toEqual({ minutesLate: 0, unitsLate: 0, penaltyPoints: 0, finalScore: 80, late: false });
  });

  test("scores round to 2 decimals at the end only", () => {
    const r = computeLatePenalty({ type: "NONE" }, { dueAt: due, submittedAt: due, rawScore: 0.1 + 0.2, pointsPossible: 1 });
    expect(r.finalScore).toBe(0.3);
  });
});

describe("roundScore", () => {
  test.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [1.004, 1],
    [0.1 + 0.2, 0.3],
    [-1.005, -1.01],
    [33.333333, 33.33],
    [0, 0],
  ])("%s → %s", (x, expected) => expect(roundScore(x)).toBe(expected));
});

describe("previewPenaltyPercent", () => {
  test.each([
    ["on time", pct("HOUR", "UP"), 0, undefined, 0],
    ["1 s late", pct("HOUR", "UP"), S, undefined, 10],
    ["2.5 h late, UP", pct("HOUR", "UP"), 2.5 * H, undefined, 30],
    ["2.5 h late, EXACT", pct("HOUR", "EXACT"), 2.5 * H, undefined, 25],
    ["capped at 100", pct("HOUR", "UP"), 20 * H, undefined, 100],
    ["inside grace", pct("HOUR", "UP", { graceMinutes: 10 }), 5 * MIN, undefined, 0],
    ["FIXED 5 of 20 points", { type: "FIXED", points: 5 }, S, 20, 25],
    ["FIXED without points possible", { type: "FIXED", points: 5 }, S, undefined, null],
    ["NONE", { type: "NONE" }, DAY, undefined, 0],
  ] as const)("%s", (_name, policy, lateMs, possible, expected) => {
    expect(previewPenaltyPercent(policy as LatePolicy, due, after(lateMs), possible)).toBe(expected);
  });

  test("no due date costs nothing", () => {
    expect(previewPenaltyPercent(pct("HOUR", "UP"), null, after(DAY))).toBe(0);
  });
});

describe("late-day tokens", () => {
  test.each([
    ["on time", 0, 0],
    ["before due", -H, 0],
    ["1 s late", S, 1],
    ["exactly 24 h", DAY, 1],
    ["24 h + 1 s", DAY + S, 2],
    ["3 days", 3 * DAY, 3],
  ])("tokensNeeded: %s → %d", (_name, lateMs, expected) => {
    expect(tokensNeeded(due, after(lateMs))).toBe(expected);
  });

  test.each([
    ["AUTO, enough", 3, 2, "AUTO", 0, { used: 2, remaining: 1, uncovered: 0, extensionMinutes: 2880 }],
    ["AUTO, partial cover", 1, 3, "AUTO", 0, { used: 1, remaining: 0, uncovered: 2, extensionMinutes: 1440 }],
    ["AUTO, none needed", 3, 0, "AUTO", 0, { used: 0, remaining: 3, uncovered: 0, extensionMinutes: 0 }],
    ["ON_REQUEST, nothing requested", 3, 2, "ON_REQUEST", 0, { used: 0, remaining: 3, uncovered: 2, extensionMinutes: 0 }],
    ["ON_REQUEST, in advance", 3, 0, "ON_REQUEST", 2, { used: 2, remaining: 1, uncovered: 0, extensionMinutes: 2880 }],
    ["ON_REQUEST, more than available", 1, 2, "ON_REQUEST", 3, { used: 1, remaining: 0, uncovered: 1, extensionMinutes: 1440 }],
  ] as const)("applyTokens: %s", (_name, available, needed, mode, requested, expected) => {
    expect(applyTokens(available, needed, mode, requested)).toEqual(expected);
  });

  test.each([[-1, 1], [1.5, 1], [1, NaN]])("applyTokens(%s, %s) rejects bad counts", (available, needed) => {
    expect(() => applyTokens(available, needed, "AUTO")).toThrow(ScheduleRuleError);
  });

  test("worked example: 30 h late, 2 tokens → 2880 min extension → the submission is on time", () => {
    // 30 h late needs ceil(30/24) = 2 tokens; the extension moves due from 03-10 12:00Z to 03-12 12:00Z.
    const submittedAt = after(30 * H);
    const use = applyTokens(5, tokensNeeded(due, submittedAt), "AUTO");
    expect(use.extensionMinutes).toBe(2 * TOKEN_MINUTES);
    const schedule = resolveSchedule(
      { dueAt: { type: "ABSOLUTE", at: due } },
      [],
      [{ minutes: use.extensionMinutes }],
      { id: "L1", sectionId: null, startedAt: new Date("2026-03-01T00:00:00Z"), timeZone: "UTC" },
      { timeZone: "UTC", endsAt: null },
      submittedAt,
    );
    expect(schedule.state).toBe("DUE_SOON");
    expect(computeLatePenalty(pct("HOUR", "UP"), { dueAt: schedule.dueAt, submittedAt, rawScore: 80, pointsPossible: 100 }).late).toBe(false);
  });
});

describe("missingScore", () => {
  const close = new Date("2026-03-12T12:00:00Z");
  test.each([
    ["before close", { missingScorePercent: 0 }, 100, { dueAt: due, closeAt: close }, false, after(DAY), null],
    ["exactly at close (CLOSED)", { missingScorePercent: 0 }, 100, { dueAt: due, closeAt: close }, false, close, 0],
    ["after close, 50 % of 15", { missingScorePercent: 50 }, 15, { dueAt: due, closeAt: close }, false, after(5 * DAY), 7.5],
    ["no close: at due", { missingScorePercent: 0 }, 100, { dueAt: due, closeAt: null }, false, due, null],
    ["no close: 1 ms after due", { missingScorePercent: 0 }, 100, { dueAt: due, closeAt: null }, false, after(1), 0],
    ["submitted", { missingScorePercent: 0 }, 100, { dueAt: due, closeAt: close }, true, after(9 * DAY), null],
    ["policy leaves it ungraded", { missingScorePercent: null }, 100, { dueAt: due, closeAt: close }, false, after(9 * DAY), null],
    ["neither date", { missingScorePercent: 0 }, 100, { dueAt: null, closeAt: null }, false, after(9 * DAY), null],
    ["rounded to 2 decimals", { missingScorePercent: 33.333 }, 10, { dueAt: due, closeAt: null }, false, after(DAY), 3.33],
  ] as const)("%s", (_name, policy, possible, resolved, submitted, now, expected) => {
    expect(missingScore(policy, possible, resolved, submitted, now)).toBe(expected);
  });
});

describe("validation", () => {
  test.each([
    ["NONE", { type: "NONE" }, []],
    ["valid PERCENT", { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP", floorPercent: 50, graceMinutes: 0 }, []],
    ["valid FIXED", { type: "FIXED", points: 0 }, []],
    ["percent above 100", { type: "PERCENT", percent: 120, per: "DAY", rounding: "UP" }, [["percent", "Late deduction percent must be between 0 and 100."]]],
    ["negative percent", { type: "PERCENT", percent: -1, per: "DAY", rounding: "UP" }, [["percent", "Late deduction percent must be between 0 and 100."]]],
    ["floor above 100", { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP", floorPercent: 101 }, [["floorPercent", "Lowest possible grade must be between 0 and 100 percent."]]],
    ["negative grace", { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP", graceMinutes: -5 }, [["graceMinutes", "Grace period must be 0 minutes or more."]]],
    ["bad unit and rounding", { type: "PERCENT", percent: 10, per: "WEEK", rounding: "SOMETIMES" }, [["per", "Late deduction must be per HOUR or per DAY."], ["rounding", "Rounding must be UP, DOWN, NEAREST or EXACT."]]],
    ["negative FIXED points", { type: "FIXED", points: -1 }, [["points", "Late deduction points must be 0 or more."]]],
    ["unknown type", { type: "WHATEVER" }, [["type", "Late policy type must be NONE, PERCENT or FIXED."]]],
  ])("validateLatePolicy: %s", (_name, policy, expected) => {
    expect(validateLatePolicy(policy as LatePolicy).map((p) => [p.field, p.message])).toEqual(expected);
  });

  test.each([
    [null, 0],
    [0, 0],
    [100, 0],
    [101, 1],
    [-1, 1],
  ])("validateMissingPolicy(%s) → %d problem(s)", (missingScorePercent, count) => {
    expect(validateMissingPolicy({ missingScorePercent })).toHaveLength(count);
  });

  test("invalid inputs throw ScheduleRuleError with a field", () => {
    expect(() => run({ type: "PERCENT", percent: 120, per: "DAY", rounding: "UP" }, DAY)).toThrowError(
      expect.objectContaining({ field: "percent", message: "Late deduction percent must be between 0 and 100." }),
    );
    expect(() => run(pct("DAY", "UP"), DAY, -1)).toThrowError(expect.objectContaining({ field: "rawScore" }));
    expect(() => run(pct("DAY", "UP"), DAY, 1, -1)).toThrowError(expect.objectContaining({ field: "pointsPossible" }));
    expect(() => missingScore({ missingScorePercent: 200 }, 10, { dueAt: due, closeAt: null }, false, due)).toThrow(ScheduleRuleError);
  });
});
