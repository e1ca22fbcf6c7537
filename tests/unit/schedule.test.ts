import { describe, test, expect } from "vitest";
import {
  DUE_SOON_HOURS,
  ScheduleRuleError,
  assertValidRuleSet,
  createResolver,
  resolveSchedule,
  scheduleStateAt,
  validateRuleSet,
  type CourseContext,
  type DateRule,
  type LearnerContext,
  type RuleSet,
  type ScheduleOverride,
} from "../../app/domain/schedule.js";
import { zonedPartsOf } from "../../app/domain/time-zone.js";

const d = (s: string) => new Date(s);
const abs = (s: string): DateRule => ({ type: "ABSOLUTE", at: d(s) });
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

const course: CourseContext = { timeZone: "Europe/Berlin", endsAt: d("2026-06-30T21:59:00Z") };
const learner: LearnerContext = {
  id: "L1",
  sectionId: "S1",
  startedAt: d("2026-03-02T09:15:00Z"),
  timeZone: "America/New_York",
};
const NOW = d("2026-01-01T00:00:00Z");
const iso = (x: Date | null) => (x ? x.toISOString() : null);
const resolve = (
  rules: RuleSet,
  opts: { overrides?: ScheduleOverride[]; ext?: number[]; who?: Partial<LearnerContext>; course?: Partial<CourseContext>; now?: Date } = {},
) =>
  resolveSchedule(
    rules,
    opts.overrides,
    opts.ext?.map((minutes) => ({ minutes })),
    { ...learner, ...opts.who },
    { ...course, ...opts.course },
    opts.now ?? NOW,
  );
const dueOf = (rule: DateRule, who: Partial<LearnerContext> = {}, c: Partial<CourseContext> = {}) =>
  iso(resolve({ dueAt: rule }, { who, course: c }).dueAt);

describe("rule types", () => {
  test.each([
    // Worked example 1: RELATIVE is an exact duration. Start 2026-03-02T09:15Z + 4320 min (3 days) = 2026-03-05T09:15Z.
    ["RELATIVE 3 days", { type: "RELATIVE", minutes: 4320 }, {}, "2026-03-05T09:15:00.000Z"],
    ["RELATIVE 0", { type: "RELATIVE", minutes: 0 }, {}, "2026-03-02T09:15:00.000Z"],
    // Exact duration ignores DST: start 2026-03-27T12:00Z + 72 h = 2026-03-30T12:00Z (wall clock 13:00 → 14:00 Berlin).
    ["RELATIVE across Berlin DST", { type: "RELATIVE", minutes: 4320 }, { startedAt: d("2026-03-27T12:00:00Z") }, "2026-03-30T12:00:00.000Z"],
    ["ABSOLUTE", abs("2026-04-01T10:00:00Z"), {}, "2026-04-01T10:00:00.000Z"],
    // Worked example 2: start 2026-03-25T10:00Z = 11:00 CET, start day 03-25. +7 days = 2026-04-01 23:59 CEST (UTC+2)
    // = 21:59Z. A naive "+7×24h" would give 22:59Z = 00:59 the next local day.
    ["RELATIVE_DAYS Berlin spring", { type: "RELATIVE_DAYS", days: 7, time: "23:59" }, { startedAt: d("2026-03-25T10:00:00Z") }, "2026-04-01T21:59:00.000Z"],
    // Start 2026-10-20T08:00Z = 10:00 CEST; 2026-10-27 23:59 CET (UTC+1) = 22:59Z.
    ["RELATIVE_DAYS Berlin autumn", { type: "RELATIVE_DAYS", days: 7, time: "23:59" }, { startedAt: d("2026-10-20T08:00:00Z") }, "2026-10-27T22:59:00.000Z"],
    // Learner zone New York: start 2026-03-05T15:00Z = 10:00 EST; 2026-03-12 23:59 EDT (UTC-4) = 2026-03-13T03:59Z.
    ["RELATIVE_DAYS New York spring (LEARNER)", { type: "RELATIVE_DAYS", days: 7, time: "23:59", zone: "LEARNER" }, { startedAt: d("2026-03-05T15:00:00Z") }, "2026-03-13T03:59:00.000Z"],
    // Start 2026-10-28T14:00Z = 10:00 EDT; 2026-11-04 23:59 EST (UTC-5) = 2026-11-05T04:59Z.
    ["RELATIVE_DAYS New York autumn (LEARNER)", { type: "RELATIVE_DAYS", days: 7, time: "23:59", zone: "LEARNER" }, { startedAt: d("2026-10-28T14:00:00Z") }, "2026-11-05T04:59:00.000Z"],
    // Start day is taken in the rule's zone: started 2026-03-02T11:00Z = 12:00 Berlin (03-02) but 01:00 on 03-03 in Kiritimati.
    ["RELATIVE_DAYS start day in COURSE zone", { type: "RELATIVE_DAYS", days: 1, time: "09:00" }, { startedAt: d("2026-03-02T11:00:00Z"), timeZone: "Pacific/Kiritimati" }, "2026-03-03T08:00:00.000Z"],
    ["RELATIVE_DAYS start day in LEARNER zone", { type: "RELATIVE_DAYS", days: 1, time: "09:00", zone: "LEARNER" }, { startedAt: d("2026-03-02T11:00:00Z"), timeZone: "Pacific/Kiritimati" }, "2026-03-03T19:00:00.000Z"],
    // days 0 = the start day itself, even if that time is already past.
    ["RELATIVE_DAYS day 0 earlier than start", { type: "RELATIVE_DAYS", days: 0, time: "08:00" }, {}, "2026-03-02T07:00:00.000Z"],
    // 2026-03-28 + 1 day at 02:30 Berlin does not exist → 03:30 CEST = 01:30Z.
    ["RELATIVE_DAYS into the gap", { type: "RELATIVE_DAYS", days: 1, time: "02:30" }, { startedAt: d("2026-03-28T12:00:00Z") }, "2026-03-29T01:30:00.000Z"],
    ["LOCAL COURSE", { type: "LOCAL", date: "2026-03-13", time: "23:59" }, {}, "2026-03-13T22:59:00.000Z"],
    ["LOCAL COURSE same for any learner", { type: "LOCAL", date: "2026-03-13", time: "23:59", zone: "COURSE" }, { timeZone: "Pacific/Kiritimati" }, "2026-03-13T22:59:00.000Z"],
    ["LOCAL COURSE ambiguous → earlier", { type: "LOCAL", date: "2026-10-25", time: "02:30" }, {}, "2026-10-25T00:30:00.000Z"],
  ] as const)("%s", (_name, rule, who, expected) => {
    expect(dueOf(rule as DateRule, who)).toBe(expected);
  });

  test.each([
    ["Australia/Sydney", "2026-04-01T00:00:00Z", "2026-04-08T13:59:00.000Z"], // 04-08 23:59 AEST (+10)
    ["Australia/Sydney", "2026-10-01T00:00:00Z", "2026-10-08T12:59:00.000Z"], // 10-08 23:59 AEDT (+11)
    ["America/New_York", "2026-03-05T15:00:00Z", "2026-03-13T03:59:00.000Z"],
    ["America/New_York", "2026-10-28T14:00:00Z", "2026-11-05T04:59:00.000Z"],
  ])("RELATIVE_DAYS in course zone %s from %s stays 23:59 local", (zone, startedAt, expected) => {
    const due = dueOf({ type: "RELATIVE_DAYS", days: 7, time: "23:59" }, { startedAt: d(startedAt) }, { timeZone: zone })!;
    expect(due).toBe(expected);
    const parts = zonedPartsOf(d(due), zone);
    expect([parts.hour, parts.minute]).toEqual([23, 59]);
  });
});

describe("LOCAL / LEARNER deadlines stay on the intended local day", () => {
  // Worked example 3: "due Friday 2026-03-13 23:59 wherever you are".
  // Kiritimati (UTC+14): 23:59 - 14 h = 2026-03-13T09:59Z. Etc/GMT+12 (UTC-12): 23:59 + 12 h = 2026-03-14T11:59Z.
  test.each([
    ["Pacific/Kiritimati", "2026-03-13T09:59:00.000Z"],
    ["Etc/GMT+12", "2026-03-14T11:59:00.000Z"],
    ["Europe/Berlin", "2026-03-13T22:59:00.000Z"],
    ["America/New_York", "2026-03-14T03:59:00.000Z"],
    ["Australia/Sydney", "2026-03-13T12:59:00.000Z"],
  ])("%s", (zone, expected) => {
    const due = dueOf({ type: "LOCAL", date: "2026-03-13", time: "23:59", zone: "LEARNER" }, { timeZone: zone })!;
    expect(due).toBe(expected);
    expect(zonedPartsOf(d(due), zone)).toMatchObject({ year: 2026, month: 3, day: 13, hour: 23, minute: 59, weekday: 5 });
  });

  test.each([
    ["Europe/Berlin", "2026-03-29", "2026-03-29T21:59:00.000Z"],
    ["Europe/Berlin", "2026-10-25", "2026-10-25T22:59:00.000Z"],
    ["America/New_York", "2026-03-08", "2026-03-09T03:59:00.000Z"],
    ["America/New_York", "2026-11-01", "2026-11-02T04:59:00.000Z"],
    ["Australia/Sydney", "2026-04-05", "2026-04-05T13:59:00.000Z"],
    ["Australia/Sydney", "2026-10-04", "2026-10-04T12:59:00.000Z"],
  ])("on the DST day in %s (%s 23:59)", (zone, date, expected) => {
    expect(dueOf({ type: "LOCAL", date, time: "23:59", zone: "LEARNER" }, { timeZone: zone })).toBe(expected);
  });
});

describe("clamping to the course end", () => {
  // Worked example 4: start 2026-03-02T09:15Z + 100 days = 2026-06-10T09:15Z (before the end 2026-06-30T21:59Z);
  // + 200 days = 2026-09-18T09:15Z, clamped to 2026-06-30T21:59Z.
  test.each([
    ["before end, clamp on", { type: "RELATIVE", minutes: 100 * 1440, clampToCourseEnd: true }, {}, "2026-06-10T09:15:00.000Z"],
    ["after end, clamp on", { type: "RELATIVE", minutes: 200 * 1440, clampToCourseEnd: true }, {}, "2026-06-30T21:59:00.000Z"],
    ["after end, clamp off", { type: "RELATIVE", minutes: 200 * 1440 }, {}, "2026-09-18T09:15:00.000Z"],
    ["no course end", { type: "RELATIVE", minutes: 200 * 1440, clampToCourseEnd: true }, { endsAt: null }, "2026-09-18T09:15:00.000Z"],
    ["RELATIVE_DAYS after end", { type: "RELATIVE_DAYS", days: 200, time: "12:00", clampToCourseEnd: true }, {}, "2026-06-30T21:59:00.000Z"],
  ] as const)("%s", (_name, rule, c, expected) => {
    expect(dueOf(rule as DateRule, {}, c)).toBe(expected);
  });

  test("extensions are added after clamping and are not clamped", () => {
    const r = resolve({ dueAt: { type: "RELATIVE", minutes: 200 * 1440, clampToCourseEnd: true } }, { ext: [1440] });
    expect(iso(r.dueAt)).toBe("2026-07-01T21:59:00.000Z");
  });
});

describe("overrides, field by field", () => {
  const base: RuleSet = {
    openAt: abs("2026-03-01T00:00:00Z"),
    dueAt: abs("2026-03-10T00:00:00Z"),
    closeAt: abs("2026-03-20T00:00:00Z"),
  };
  const sec = (dates: ScheduleOverride["dates"], sectionId = "S1"): ScheduleOverride => ({ scope: "SECTION", sectionId, dates });
  const lrn = (dates: ScheduleOverride["dates"], learnerId = "L1"): ScheduleOverride => ({ scope: "LEARNER", learnerId, dates });
  const X = abs("2026-03-12T00:00:00Z");
  const Y = abs("2026-03-14T00:00:00Z");
  const Z = abs("2026-03-25T00:00:00Z");

  test.each([
    ["no overrides", [], {}, ["03-01", "03-10", "03-20"], ["DEFAULT", "DEFAULT", "DEFAULT"]],
    ["section due only", [sec({ dueAt: X })], {}, ["03-01", "03-12", "03-20"], ["DEFAULT", "SECTION", "DEFAULT"]],
    ["other section ignored", [sec({ dueAt: X }, "S2")], {}, ["03-01", "03-10", "03-20"], ["DEFAULT", "DEFAULT", "DEFAULT"]],
    ["learner without section ignores section overrides", [sec({ dueAt: X })], { sectionId: null }, ["03-01", "03-10", "03-20"], ["DEFAULT", "DEFAULT", "DEFAULT"]],
    ["learner due only", [lrn({ dueAt: Y })], {}, ["03-01", "03-14", "03-20"], ["DEFAULT", "LEARNER", "DEFAULT"]],
    ["other learner ignored", [lrn({ dueAt: Y }, "L2")], {}, ["03-01", "03-10", "03-20"], ["DEFAULT", "DEFAULT", "DEFAULT"]],
    ["learner beats section on the same field", [sec({ dueAt: X }), lrn({ dueAt: Y })], {}, ["03-01", "03-14", "03-20"], ["DEFAULT", "LEARNER", "DEFAULT"]],
    ["order does not matter between scopes", [lrn({ dueAt: Y }), sec({ dueAt: X })], {}, ["03-01", "03-14", "03-20"], ["DEFAULT", "LEARNER", "DEFAULT"]],
    ["section due + learner close mix", [sec({ dueAt: X, closeAt: Z }), lrn({ closeAt: abs("2026-03-22T00:00:00Z") })], {}, ["03-01", "03-12", "03-22"], ["DEFAULT", "SECTION", "LEARNER"]],
    ["later override of the same scope wins", [lrn({ dueAt: X }), lrn({ dueAt: Y })], {}, ["03-01", "03-14", "03-20"], ["DEFAULT", "LEARNER", "DEFAULT"]],
    ["undefined key inherits", [lrn({ dueAt: undefined, openAt: abs("2026-03-02T00:00:00Z") })], {}, ["03-02", "03-10", "03-20"], ["LEARNER", "DEFAULT", "DEFAULT"]],
    ["null removes the limit", [lrn({ closeAt: null })], {}, ["03-01", "03-10", null], ["DEFAULT", "DEFAULT", "LEARNER"]],
    ["section all three", [sec({ openAt: X, dueAt: Y, closeAt: Z })], {}, ["03-12", "03-14", "03-25"], ["SECTION", "SECTION", "SECTION"]],
  ] as const)("%s", (_name, overrides, who, dates, sources) => {
    const r = resolve(base, { overrides: [...overrides], who });
    expect([r.openAt, r.dueAt, r.closeAt].map((x) => (x ? x.toISOString().slice(5, 10) : null))).toEqual(dates);
    expect([r.sources.openAt, r.sources.dueAt, r.sources.closeAt]).toEqual(sources);
    expect(r.adjusted).toEqual([]);
  });

  test("an override can add a date the default lacks; sources are null where nothing is defined", () => {
    const r = resolve({ dueAt: abs("2026-03-10T00:00:00Z") }, { overrides: [sec({ closeAt: Z })] });
    expect(r.sources).toEqual({ openAt: null, dueAt: "DEFAULT", closeAt: "SECTION" });
    expect(r.openAt).toBeNull();
    expect(iso(r.closeAt)).toBe("2026-03-25T00:00:00.000Z");
  });

  test("override rules of any type resolve for this learner", () => {
    const r = resolve(base, { overrides: [lrn({ dueAt: { type: "RELATIVE", minutes: 1440 } })], course: { endsAt: null } });
    expect(iso(r.dueAt)).toBe("2026-03-03T09:15:00.000Z");
  });
});

describe("extensions", () => {
  // Worked example 5: due 2026-03-10T22:59Z, close 2026-03-12T22:59Z; one token (1440) + 90 minutes = 1530 min
  // = 25 h 30 min → due 2026-03-12T00:29Z, close 2026-03-14T00:29Z; open unchanged.
  const rules: RuleSet = {
    openAt: abs("2026-03-01T00:00:00Z"),
    dueAt: abs("2026-03-10T22:59:00Z"),
    closeAt: abs("2026-03-12T22:59:00Z"),
  };
  test.each([
    ["none", [], ["2026-03-01T00:00:00.000Z", "2026-03-10T22:59:00.000Z", "2026-03-12T22:59:00.000Z"], 0],
    ["token + 90 min", [1440, 90], ["2026-03-01T00:00:00.000Z", "2026-03-12T00:29:00.000Z", "2026-03-14T00:29:00.000Z"], 1530],
    ["zero minutes", [0], ["2026-03-01T00:00:00.000Z", "2026-03-10T22:59:00.000Z", "2026-03-12T22:59:00.000Z"], 0],
  ] as const)("%s", (_name, ext, dates, minutes) => {
    const r = resolve(rules, { ext: [...ext] });
    expect([r.openAt, r.dueAt, r.closeAt].map(iso)).toEqual(dates);
    expect(r.extensionMinutes).toBe(minutes);
  });

  test("close-only items extend the close; items with neither report 0", () => {
    expect(iso(resolve({ closeAt: abs("2026-03-12T00:00:00Z") }, { ext: [60] }).closeAt)).toBe("2026-03-12T01:00:00.000Z");
    const r = resolve({ openAt: abs("2026-03-12T00:00:00Z") }, { ext: [60] });
    expect([iso(r.openAt), r.extensionMinutes]).toEqual(["2026-03-12T00:00:00.000Z", 0]);
  });

  test("an extension turns LATE back into DUE_SOON for the same now", () => {
    const now = d("2026-03-11T00:00:00Z");
    expect(resolve(rules, { now }).state).toBe("LATE");
    expect(resolve(rules, { now, ext: [1440] }).state).toBe("DUE_SOON");
  });

  test.each([[-1], [1.5], [NaN]])("invalid extension %s throws on field extensions", (m) => {
    expect(() => resolve(rules, { ext: [m] })).toThrowError(expect.objectContaining({ field: "extensions" }));
  });
});

describe("states at boundaries", () => {
  const rules: RuleSet = {
    openAt: abs("2026-03-01T00:00:00Z"),
    dueAt: abs("2026-03-10T12:00:00Z"),
    closeAt: abs("2026-03-12T12:00:00Z"),
  };
  const open = d("2026-03-01T00:00:00Z").getTime();
  const due = d("2026-03-10T12:00:00Z").getTime();
  const close = d("2026-03-12T12:00:00Z").getTime();
  test.each([
    ["1 ms before open", open - 1, "NOT_OPEN", { code: "OPENS_AT", at: new Date(open) }],
    ["exactly at open", open, "OPEN", { code: "DUE_AT", at: new Date(due) }],
    ["48 h + 1 s before due", due - 48 * H - S, "OPEN", { code: "DUE_AT", at: new Date(due) }],
    ["exactly 48 h before due", due - 48 * H, "DUE_SOON", { code: "DUE_IN", at: new Date(due), minutesLeft: 2880 }],
    ["90 s before due", due - 90 * S, "DUE_SOON", { code: "DUE_IN", at: new Date(due), minutesLeft: 1 }],
    ["exactly at due (inclusive, on time)", due, "DUE_SOON", { code: "DUE_IN", at: new Date(due), minutesLeft: 0 }],
    ["1 s after due", due + S, "LATE", { code: "LATE_SINCE", at: new Date(due), closesAt: new Date(close) }],
    ["1 ms before close", close - 1, "LATE", { code: "LATE_SINCE", at: new Date(due), closesAt: new Date(close) }],
    ["exactly at close", close, "CLOSED", { code: "CLOSED_AT", at: new Date(close) }],
    ["long after close", close + 365 * DAY, "CLOSED", { code: "CLOSED_AT", at: new Date(close) }],
  ])("%s → %s", (_name, now, state, reason) => {
    const r = resolve(rules, { now: new Date(now) });
    expect(r.state).toBe(state);
    expect(r.reason).toEqual(reason);
  });

  test.each([
    ["no close: LATE forever", { dueAt: abs("2026-03-10T12:00:00Z") }, due + 365 * DAY, "LATE", "LATE_SINCE"],
    ["close only: OPEN until close", { closeAt: abs("2026-03-12T12:00:00Z") }, close - 1, "OPEN", "CLOSES_AT"],
    ["close only: never DUE_SOON", { closeAt: abs("2026-03-12T12:00:00Z") }, close - H, "OPEN", "CLOSES_AT"],
    ["no dates at all", {}, due, "OPEN", "OPEN_NO_DUE"],
    ["open only, before", { openAt: abs("2026-03-01T00:00:00Z") }, open - 1, "NOT_OPEN", "OPENS_AT"],
    ["open only, after", { openAt: abs("2026-03-01T00:00:00Z") }, open, "OPEN", "OPEN_NO_DUE"],
    ["due == close: close wins at that instant", { dueAt: abs("2026-03-10T12:00:00Z"), closeAt: abs("2026-03-10T12:00:00Z") }, due, "CLOSED", "CLOSED_AT"],
  ] as const)("%s", (_name, rules2, now, state, code) => {
    const r = resolve(rules2, { now: new Date(now) });
    expect([r.state, r.reason.code]).toEqual([state, code]);
  });

  test("DUE_SOON_HOURS is 48", () => expect(DUE_SOON_HOURS).toBe(48));

  test("scheduleStateAt re-evaluates resolved dates", () => {
    const r = resolve(rules);
    expect(scheduleStateAt(r, new Date(due + S)).state).toBe("LATE");
    expect(scheduleStateAt(r, new Date(open - S)).state).toBe("NOT_OPEN");
  });
});

describe("normalisations keep open <= due <= close", () => {
  // Worked example 6: default close 03-12 but a learner override moves due to 03-20 → close moves to 03-20.
  test.each([
    ["override pushes due past close → close = due", { dueAt: abs("2026-03-10T00:00:00Z"), closeAt: abs("2026-03-12T00:00:00Z") }, [{ scope: "LEARNER", learnerId: "L1", dates: { dueAt: abs("2026-03-20T00:00:00Z") } }], [null, "2026-03-20", "2026-03-20"], ["closeAt"]],
    ["override pulls close before due → close = due", { dueAt: abs("2026-03-10T00:00:00Z"), closeAt: abs("2026-03-12T00:00:00Z") }, [{ scope: "SECTION", sectionId: "S1", dates: { closeAt: abs("2026-03-05T00:00:00Z") } }], [null, "2026-03-10", "2026-03-10"], ["closeAt"]],
    ["open after due → open = due", { openAt: abs("2026-03-01T00:00:00Z"), dueAt: abs("2026-03-10T00:00:00Z") }, [{ scope: "SECTION", sectionId: "S1", dates: { openAt: abs("2026-03-15T00:00:00Z") } }], ["2026-03-10", "2026-03-10", null], ["openAt"]],
    ["no due: open after close → open = close", { openAt: abs("2026-03-15T00:00:00Z"), closeAt: abs("2026-03-12T00:00:00Z") }, [], ["2026-03-12", null, "2026-03-12"], ["openAt"]],
    ["both moved", { openAt: abs("2026-03-25T00:00:00Z"), dueAt: abs("2026-03-20T00:00:00Z"), closeAt: abs("2026-03-12T00:00:00Z") }, [], ["2026-03-20", "2026-03-20", "2026-03-20"], ["openAt", "closeAt"]],
    ["open == due == close is fine", { openAt: abs("2026-03-10T00:00:00Z"), dueAt: abs("2026-03-10T00:00:00Z"), closeAt: abs("2026-03-10T00:00:00Z") }, [], ["2026-03-10", "2026-03-10", "2026-03-10"], []],
  ] as const)("%s", (_name, rules, overrides, dates, adjusted) => {
    const r = resolve(rules as RuleSet, { overrides: overrides as unknown as ScheduleOverride[] });
    expect([r.openAt, r.dueAt, r.closeAt].map((x) => (x ? x.toISOString().slice(0, 10) : null))).toEqual(dates);
    expect(r.adjusted).toEqual(adjusted);
  });

  test("a relative open for a late starter never passes an absolute due", () => {
    const r = resolve(
      { openAt: { type: "RELATIVE", minutes: 10 * 1440 }, dueAt: abs("2026-03-05T00:00:00Z") },
      { who: { startedAt: d("2026-03-01T00:00:00Z") } },
    );
    expect(iso(r.openAt)).toBe("2026-03-05T00:00:00.000Z");
  });
});

describe("errors at resolution time", () => {
  test.each([
    ["negative minutes", { dueAt: { type: "RELATIVE", minutes: -5 } }, "dueAt", "Due date offset cannot be negative."],
    ["negative days", { closeAt: { type: "RELATIVE_DAYS", days: -1, time: "10:00" } }, "closeAt", "Close date offset cannot be negative."],
    ["bad time", { openAt: { type: "RELATIVE_DAYS", days: 1, time: "24:00" } }, "openAt", "Open date time must be HH:MM between 00:00 and 23:59."],
    ["bad date", { dueAt: { type: "LOCAL", date: "2026-02-30", time: "10:00" } }, "dueAt", "Due date must be a real calendar date written YYYY-MM-DD."],
    ["invalid absolute", { dueAt: { type: "ABSOLUTE", at: new Date(NaN) } }, "dueAt", "Due date must be a valid date and time."],
    ["unknown type", { dueAt: { type: "WHENEVER" } }, "dueAt", "Due date has an unknown rule type."],
  ])("%s", (_name, rules, field, message) => {
    let error: unknown;
    try {
      resolve(rules as unknown as RuleSet);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScheduleRuleError);
    expect(error).toMatchObject({ field, message });
  });

  test("zones are validated lazily", () => {
    const badLearner = { timeZone: "Mars/Base" };
    expect(() => resolve({ dueAt: abs("2026-03-10T00:00:00Z") }, { who: badLearner })).not.toThrow();
    expect(() => resolve({ dueAt: { type: "LOCAL", date: "2026-03-10", time: "10:00", zone: "LEARNER" } }, { who: badLearner })).toThrowError(
      'Learner time zone "Mars/Base" is not a recognised IANA time zone.',
    );
    expect(() => resolve({ dueAt: { type: "LOCAL", date: "2026-03-10", time: "10:00" } }, { course: { timeZone: "Bad/Zone" } })).toThrowError(
      expect.objectContaining({ field: "timeZone" }),
    );
  });

  test("invalid enrollment start", () => {
    expect(() => createResolver(course, { ...learner, startedAt: new Date(NaN) })).toThrowError(expect.objectContaining({ field: "startedAt" }));
  });

  test("mutating a cached rule's strings is noticed", () => {
    const rule = { type: "RELATIVE_DAYS" as const, days: 1, time: "10:00" };
    const before = dueOf(rule);
    rule.time = "11:00";
    expect(new Date(dueOf(rule)!).getTime() - new Date(before!).getTime()).toBe(H);
  });
});

describe("validateRuleSet", () => {
  const A = (s: string) => abs(`2026-03-${s}T00:00:00Z`);
  test.each([
    ["valid absolute set", { openAt: A("01"), dueAt: A("10"), closeAt: A("12") }, {}, []],
    ["empty set", {}, {}, []],
    ["close before due", { dueAt: A("10"), closeAt: A("05") }, {}, [["closeAt", "Close date must be on or after the due date."]]],
    ["open after due", { openAt: A("11"), dueAt: A("10") }, {}, [["openAt", "Open date must be on or before the due date."]]],
    ["open after close (no due)", { openAt: A("11"), closeAt: A("10") }, {}, [["openAt", "Open date must be on or before the close date."]]],
    ["relative close before relative due", { dueAt: { type: "RELATIVE", minutes: 100 }, closeAt: { type: "RELATIVE", minutes: 50 } }, {}, [["closeAt", "Close date must be on or after the due date."]]],
    ["relative-days compared in the same zone", { dueAt: { type: "RELATIVE_DAYS", days: 2, time: "10:00" }, closeAt: { type: "RELATIVE_DAYS", days: 2, time: "09:00" } }, {}, [["closeAt", "Close date must be on or after the due date."]]],
    ["relative-days in different zones not compared", { dueAt: { type: "RELATIVE_DAYS", days: 2, time: "10:00" }, closeAt: { type: "RELATIVE_DAYS", days: 2, time: "09:00", zone: "LEARNER" } }, {}, []],
    ["relative vs absolute not compared", { openAt: { type: "RELATIVE", minutes: 99_999 }, dueAt: A("10") }, {}, []],
    ["LOCAL learner compared by wall clock", { dueAt: { type: "LOCAL", date: "2026-03-10", time: "12:00", zone: "LEARNER" }, closeAt: { type: "LOCAL", date: "2026-03-10", time: "11:59", zone: "LEARNER" } }, {}, [["closeAt", "Close date must be on or after the due date."]]],
    ["LOCAL course vs absolute needs the zone (without)", { dueAt: { type: "LOCAL", date: "2026-03-10", time: "00:30" }, closeAt: abs("2026-03-10T00:00:00Z") }, {}, []],
    ["LOCAL course vs absolute needs the zone (with)", { dueAt: { type: "LOCAL", date: "2026-03-10", time: "00:30" }, closeAt: abs("2026-03-10T00:00:00Z") }, { timeZone: "Europe/Berlin" }, []],
    ["LOCAL course vs absolute, wrong order", { dueAt: { type: "LOCAL", date: "2026-03-10", time: "01:30" }, closeAt: abs("2026-03-10T00:00:00Z") }, { timeZone: "Europe/Berlin" }, [["closeAt", "Close date must be on or after the due date."]]],
    ["negative minutes", { dueAt: { type: "RELATIVE", minutes: -1 } }, {}, [["dueAt", "Due date offset cannot be negative."]]],
    ["fractional minutes", { dueAt: { type: "RELATIVE", minutes: 1.5 } }, {}, [["dueAt", "Due date offset must be a whole number of minutes."]]],
    ["negative days", { openAt: { type: "RELATIVE_DAYS", days: -2, time: "10:00" } }, {}, [["openAt", "Open date offset cannot be negative."]]],
    ["fractional days", { openAt: { type: "RELATIVE_DAYS", days: 0.5, time: "10:00" } }, {}, [["openAt", "Open date must be a whole number of days."]]],
    ["bad HH:MM", { dueAt: { type: "RELATIVE_DAYS", days: 1, time: "7:00" } }, {}, [["dueAt", "Due date time must be HH:MM between 00:00 and 23:59."]]],
    ["bad date and time", { closeAt: { type: "LOCAL", date: "2026-13-01", time: "12:60" } }, {}, [["closeAt", "Close date must be a real calendar date written YYYY-MM-DD."], ["closeAt", "Close date time must be HH:MM between 00:00 and 23:59."]]],
    ["unknown zone choice", { dueAt: { type: "LOCAL", date: "2026-03-10", time: "10:00", zone: "PARIS" } }, {}, [["dueAt", "Due date time zone must be COURSE (the course's zone) or LEARNER (each learner's zone)."]]],
    ["unknown course time zone", { dueAt: A("10") }, { timeZone: "Europe/Atlantis" }, [["timeZone", 'Time zone "Europe/Atlantis" is not a recognised IANA time zone.']]],
    ["unknown rule type", { dueAt: { type: "SOON" } }, {}, [["dueAt", "Due date has an unknown rule type."]]],
    ["invalid absolute", { openAt: { type: "ABSOLUTE", at: "2026-03-01" } }, {}, [["openAt", "Open date must be a valid date and time."]]],
    ["invalid rule skips order checks", { dueAt: A("10"), closeAt: { type: "RELATIVE", minutes: -1 } }, {}, [["closeAt", "Close date offset cannot be negative."]]],
  ])("%s", (_name, rules, context, expected) => {
    const problems = validateRuleSet(rules as unknown as RuleSet, context);
    expect(problems.map((p) => [p.field, p.message])).toEqual(expected);
  });

  test("assertValidRuleSet throws the first problem", () => {
    expect(() => assertValidRuleSet({ dueAt: A("10"), closeAt: A("05") })).toThrowError(
      expect.objectContaining({ name: "ScheduleRuleError", field: "closeAt", message: "Close date must be on or after the due date." }),
    );
    expect(() => assertValidRuleSet({ dueAt: A("10") })).not.toThrow();
  });
});

describe("bulk resolver", () => {
  test("resolveMany equals resolveSchedule item by item", () => {
    const items = [
      { rules: { dueAt: abs("2026-03-10T00:00:00Z") } },
      { rules: { openAt: { type: "RELATIVE", minutes: 60 } as DateRule }, extensions: [{ minutes: 5 }] },
      { rules: { dueAt: { type: "LOCAL", date: "2026-03-13", time: "23:59", zone: "LEARNER" } as DateRule }, overrides: [{ scope: "LEARNER" as const, learnerId: "L1", dates: { closeAt: abs("2026-03-20T00:00:00Z") } }] },
    ];
    const now = d("2026-03-11T00:00:00Z");
    const many = createResolver(course, learner).resolveMany(items, now);
    expect(many).toEqual(items.map((i) => resolveSchedule(i.rules, i.overrides, i.extensions, learner, course, now)));
  });
});
