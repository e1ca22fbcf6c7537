import { describe, test, expect } from "vitest";
import fc from "fast-check";
import {
  createResolver,
  resolveSchedule,
  type CourseContext,
  type DateRule,
  type LearnerContext,
  type OverrideDates,
  type ScheduleOverride,
  type ScheduleState,
} from "../../app/domain/schedule.js";
import { computeLatePenalty, roundScore, type LatePolicy } from "../../app/domain/late-policy.js";
import { addLocalDays, epochMsFromWallClock, localDateKey, wallClockMs } from "../../app/domain/time-zone.js";

const DAY = 86_400_000;
const MIN_MS = Date.UTC(2024, 0, 1);
const MAX_MS = Date.UTC(2028, 11, 31);
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Australia/Lord_Howe", // 30-minute DST shift
  "Pacific/Chatham", // +12:45 / +13:45
  "America/St_Johns", // -03:30 / -02:30
  "Asia/Kolkata",
  "Etc/GMT+12",
  "Pacific/Kiritimati",
];
const RANK: Record<ScheduleState, number> = { NOT_OPEN: 0, OPEN: 1, DUE_SOON: 2, LATE: 3, CLOSED: 4 };

const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({ min: MIN_MS, max: MAX_MS });
const hhmm = fc.integer({ min: 0, max: 1439 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
const ymd = instant.map((ms) => new Date(ms).toISOString().slice(0, 10));
const zoneChoice = fc.constantFrom(undefined, "COURSE" as const, "LEARNER" as const);
const rule: fc.Arbitrary<DateRule> = fc.oneof(
  instant.map((ms) => ({ type: "ABSOLUTE" as const, at: new Date(ms) })),
  fc.record({ type: fc.constant("RELATIVE" as const), minutes: fc.integer({ min: 0, max: 200 * 1440 }), clampToCourseEnd: fc.boolean() }),
  fc.record({ type: fc.constant("RELATIVE_DAYS" as const), days: fc.integer({ min: 0, max: 200 }), time: hhmm, zone: zoneChoice, clampToCourseEnd: fc.boolean() }),
  fc.record({ type: fc.constant("LOCAL" as const), date: ymd, time: hhmm, zone: zoneChoice }),
);
const maybeRule = fc.option(rule, { nil: undefined });
const overrideDates: fc.Arbitrary<OverrideDates> = fc.record(
  { openAt: fc.option(rule, { nil: null }), dueAt: fc.option(rule, { nil: null }), closeAt: fc.option(rule, { nil: null }) },
  { requiredKeys: [] },
);
const override: fc.Arbitrary<ScheduleOverride> = fc.oneof(
  fc.record({ scope: fc.constant("SECTION" as const), sectionId: fc.constantFrom("S1", "S2"), dates: overrideDates }),
  fc.record({ scope: fc.constant("LEARNER" as const), learnerId: fc.constantFrom("L1", "L2"), dates: overrideDates }),
);
const scenario = fc.record({
  rules: fc.record({ openAt: maybeRule, dueAt: maybeRule, closeAt: maybeRule }),
  overrides: fc.array(override, { maxLength: 4 }),
  extensions: fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 20_000 }) }), { maxLength: 3 }),
  learner: fc.record({
    id: fc.constant("L1"),
    sectionId: fc.constantFrom("S1", "S2", null),
    startedAt: instant.map((ms) => new Date(ms)),
    timeZone: zone,
  }) as fc.Arbitrary<LearnerContext>,
  course: fc.record({ timeZone: zone, endsAt: fc.option(instant.map((ms) => new Date(ms)), { nil: null }) }) as fc.Arbitrary<CourseContext>,
  now: instant,
});

describe("schedule invariants", () => {
  test("open <= due <= close after every combination of overrides and extensions", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = resolveSchedule(s.rules, s.overrides, s.extensions, s.learner, s.course, new Date(s.now));
        const [o, d, c] = [r.openAt?.getTime(), r.dueAt?.getTime(), r.closeAt?.getTime()];
        if (o !== undefined && d !== undefined) expect(o).toBeLessThanOrEqual(d);
        if (d !== undefined && c !== undefined) expect(d).toBeLessThanOrEqual(c);
        if (o !== undefined && c !== undefined) expect(o).toBeLessThanOrEqual(c);
        // a date without any rule has no source
        for (const f of ["openAt", "dueAt", "closeAt"] as const) if (r.sources[f] === null) expect(r[f]).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  test("openingOf(rule) is the openAt of resolving { openAt: rule }, which is NOT_OPEN exactly before it", () => {
    fc.assert(
      fc.property(scenario, rule, (s, openRule) => {
        const resolver = createResolver(s.course, s.learner);
        const r = resolver.resolve({ openAt: openRule }, undefined, undefined, new Date(s.now));
        const opening = resolver.openingOf(openRule);
        expect(opening).toEqual(r.openAt);
        expect(r.state === "NOT_OPEN").toBe(s.now < opening.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  test("state is monotonic in now and the dates do not depend on now", () => {
    fc.assert(
      fc.property(scenario, fc.array(instant, { minLength: 2, maxLength: 12 }), (s, nows) => {
        const resolver = createResolver(s.course, s.learner);
        const results = [...nows].sort((a, b) => a - b).map((n) => resolver.resolve(s.rules, s.overrides, s.extensions, new Date(n)));
        for (let i = 1; i < results.length; i++) {
          expect(RANK[results[i].state]).toBeGreaterThanOrEqual(RANK[results[i - 1].state]);
          expect(results[i].dueAt).toEqual(results[0].dueAt);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("late penalty invariants", () => {
  const policy: fc.Arbitrary<LatePolicy> = fc.oneof(
    fc.constant({ type: "NONE" as const }),
    fc.record({
      type: fc.constant("PERCENT" as const),
      percent: fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100),
      per: fc.constantFrom("HOUR" as const, "DAY" as const),
      rounding: fc.constantFrom("UP" as const, "DOWN" as const, "NEAREST" as const, "EXACT" as const),
      floorPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      graceMinutes: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    }),
    fc.record({
      type: fc.constant("FIXED" as const),
      points: fc.integer({ min: 0, max: 5000 }).map((x) => x / 100),
      graceMinutes: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    }),
  );
  const cents = (max: number) => fc.integer({ min: 0, max }).map((x) => x / 100);

  test("penalty is non-decreasing in submittedAt and final stays within [0, raw]", () => {
    fc.assert(
      fc.property(
        policy,
        instant,
        fc.integer({ min: -2 * DAY, max: 30 * DAY }),
        fc.integer({ min: 0, max: 5 * DAY }),
        cents(20_000),
        cents(20_000),
        (p, dueMs, lateA, delta, rawScore, pointsPossible) => {
          const dueAt = new Date(dueMs);
          const at = (late: number) => computeLatePenalty(p, { dueAt, submittedAt: new Date(dueMs + late), rawScore, pointsPossible });
          const a = at(lateA);
          const b = at(lateA + delta);
          expect(b.penaltyPoints).toBeGreaterThanOrEqual(a.penaltyPoints);
          expect(b.finalScore).toBeLessThanOrEqual(a.finalScore);
          for (const r of [a, b]) {
            expect(r.finalScore).toBeGreaterThanOrEqual(0);
            expect(r.finalScore).toBeLessThanOrEqual(rawScore);
            expect(roundScore(r.finalScore + r.penaltyPoints)).toBe(rawScore);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("time-zone invariants", () => {
  const fresh = new Map<string, Intl.DateTimeFormat>();
  const referenceWall = (ms: number, z: string) => {
    let f = fresh.get(z);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { timeZone: z, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
      fresh.set(z, f);
    }
    const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) + (ms % 1000);
  };

  test("cached wall-clock conversion equals a fresh Intl formatting", () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        expect(wallClockMs(ms, z)).toBe(referenceWall(ms, z));
      }),
      { numRuns: 3000 },
    );
  });

  test("wall → instant returns the earliest instant with that wall time", () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const wall = wallClockMs(ms, z);
        const back = epochMsFromWallClock(wall, z);
        expect(back).toBeLessThanOrEqual(ms); // earlier instant on overlaps
        expect(wallClockMs(back, z)).toBe(wall);
      }),
      { numRuns: 3000 },
    );
  });

  test("addLocalDays moves the local date by exactly N days and keeps the time unless it hits a gap", () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -400, max: 400 }), (ms, z, days) => {
        const result = addLocalDays(new Date(ms), days, z);
        const expectedWall = wallClockMs(ms, z) + days * DAY;
        const actualWall = wallClockMs(result, z);
        expect(localDateKey(new Date(expectedWall), "UTC") <= localDateKey(result, z)).toBe(true);
        // equal, or pushed forward by a DST gap (at most 1 hour here)
        expect(actualWall - expectedWall).toBeGreaterThanOrEqual(0);
        expect(actualWall - expectedWall).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 2000 },
    );
  });
});
