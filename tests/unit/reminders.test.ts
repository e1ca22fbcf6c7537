import { describe, expect, test } from "vitest";
import {
  dueForReminder,
  planReminder,
  quietMinutes,
  quietPeriodAt,
  reminderStartsAt,
  type ReminderItem,
  type ReminderSettings,
} from "../../app/domain/reminders.js";
import { scheduleStateAt, type ScheduleState } from "../../app/domain/schedule.js";

const d = (s: string) => new Date(s);
const MIN = 60_000;
const H = 60 * MIN;
const hm = (h: number, m = 0) => h * 60 + m;

const settings = (over: Partial<ReminderSettings> = {}): ReminderSettings => ({
  leadHours: 24,
  quietStartMinute: null,
  quietEndMinute: null,
  timeZone: "UTC",
  ...over,
});
const berlinNights = settings({ timeZone: "Europe/Berlin", quietStartMinute: hm(22), quietEndMinute: hm(7) });
const newYorkNights = settings({ timeZone: "America/New_York", quietStartMinute: hm(22), quietEndMinute: hm(7) });

let seq = 0;
/** An item due at `dueAt`, in the state the engine would report at `now` (unless given). */
function item(dueAt: Date | null, now: Date, over: Partial<ReminderItem> & { state?: ScheduleState } = {}): ReminderItem {
  seq++;
  return {
    assignmentId: `a${seq}`,
    title: `Essay ${seq}`,
    courseTitle: "Physics",
    dueAt,
    state: scheduleStateAt({ openAt: null, dueAt, closeAt: null }, now).state,
    submitted: false,
    alreadyReminded: false,
    ...over,
  };
}
const dueIn = (now: Date, ms: number, over: Partial<ReminderItem> = {}) => item(new Date(now.getTime() + ms), now, over);
const ids = (items: readonly ReminderItem[]) => items.map((i) => i.assignmentId);
const iso = (p: { start: Date; end: Date } | null) => (p ? [p.start.toISOString(), p.end.toISOString()] : null);

describe("the reminder window: dueAt − lead <= now < dueAt", () => {
  const now = d("2026-01-15T12:00:00Z");
  test.each([
    // lead h, due in (ms),      due for a reminder?
    [1, 1 * H, true],
    [1, 1 * H + 1_000, false],
    [1, 59 * MIN, true],
    [1, 20 * H, false],
    [1, 1, true],
    [24, 24 * H, true],
    [24, 24 * H + 1, false],
    [24, 23 * H, true],
    [24, 25 * H, false],
    [24, 0, false], // at the due instant: nothing left to remind about
    [24, -MIN, false],
    [72, 72 * H, true],
    [72, 72 * H + MIN, false],
    [72, 48 * H, true],
    [72, MIN, true],
    [168, 167 * H, true],
  ])("lead %i h, due in %i ms → %s", (leadHours, ms, expected) => {
    const i = dueIn(now, ms);
    expect(dueForReminder([i], settings({ leadHours }), now).length === 1).toBe(expected);
    expect(planReminder([i], settings({ leadHours }), now).action).toBe(expected ? "SEND" : "NONE");
  });

  test("a lead time that is not a positive number is a programming error", () => {
    expect(() => dueForReminder([dueIn(now, H)], settings({ leadHours: 0 }), now)).toThrow(RangeError);
    expect(() => dueForReminder([dueIn(now, H)], settings({ leadHours: Number.NaN }), now)).toThrow(RangeError);
  });
});

describe("items that never get a reminder", () => {
  const now = d("2026-01-15T12:00:00Z");
  test.each([
    ["submitted", { submitted: true }],
    ["already reminded for this due date", { alreadyReminded: true }],
    ["not open yet (reminded once it opens)", { state: "NOT_OPEN" as const }],
    ["closed", { state: "CLOSED" as const }],
    ["late", { state: "LATE" as const }],
  ])("%s", (_label, over) => {
    expect(planReminder([dueIn(now, 2 * H, over)], settings(), now)).toEqual({ action: "NONE" });
  });

  test("no due date", () => {
    expect(planReminder([item(null, now)], settings(), now)).toEqual({ action: "NONE" });
  });

  test("an empty list", () => {
    expect(planReminder([], berlinNights, now)).toEqual({ action: "NONE" });
  });

  test("OPEN and DUE_SOON items are reminded", () => {
    const open = dueIn(now, 60 * H, { state: "OPEN" });
    const soon = dueIn(now, 2 * H, { state: "DUE_SOON" });
    expect(ids(dueForReminder([open, soon], settings({ leadHours: 72 }), now))).toEqual([soon.assignmentId, open.assignmentId]);
  });
});

describe("grouping: one message per learner", () => {
  const now = d("2026-01-15T12:00:00Z");

  test("every item in its window goes into one message, soonest first", () => {
    const a = dueIn(now, 20 * H, { courseTitle: "Physics", title: "B" });
    const b = dueIn(now, 3 * H, { courseTitle: "Chemistry" });
    const c = dueIn(now, 20 * H, { courseTitle: "Physics", title: "A" });
    const far = dueIn(now, 30 * H);
    const done = dueIn(now, 5 * H, { submitted: true });
    const plan = planReminder([a, b, c, far, done], settings(), now);
    expect(plan.action).toBe("SEND");
    expect(plan.action === "SEND" && ids(plan.items)).toEqual([b.assignmentId, c.assignmentId, a.assignmentId]);
  });

  test.each([
    // lead, the second item's window opens in (ms) → included?  (horizon = min(1 h, lead / 4))
    [24, 30 * MIN, true],
    [24, 60 * MIN, true],
    [24, 61 * MIN, false],
    [1, 10 * MIN, true],
    [1, 15 * MIN, true],
    [1, 20 * MIN, false],
    [72, 2 * H, false],
  ])("lead %i h: an item whose window opens in %i ms rides along → %s", (leadHours, opensIn, included) => {
    const first = dueIn(now, leadHours * H - MIN);
    const second = dueIn(now, leadHours * H + opensIn);
    const plan = planReminder([first, second], settings({ leadHours }), now);
    expect(plan.action === "SEND" && ids(plan.items)).toEqual(included ? [first.assignmentId, second.assignmentId] : [first.assignmentId]);
  });

  test("an item inside the horizon alone causes no message", () => {
    expect(planReminder([dueIn(now, 24 * H + 10 * MIN)], settings(), now)).toEqual({ action: "NONE" });
  });

  test("submitted or already reminded items do not ride along", () => {
    const first = dueIn(now, 23 * H);
    const submitted = dueIn(now, 24 * H + 10 * MIN, { submitted: true });
    const reminded = dueIn(now, 24 * H + 10 * MIN, { alreadyReminded: true });
    const plan = planReminder([first, submitted, reminded], settings(), now);
    expect(plan.action === "SEND" && ids(plan.items)).toEqual([first.assignmentId]);
  });

  test("the items keep their extra fields", () => {
    const withSlug = { ...dueIn(now, H), slug: "physics", enrollmentId: "e1" };
    const plan = planReminder([withSlug], settings(), now);
    expect(plan.action === "SEND" && plan.items[0].slug).toBe("physics");
  });
});

describe("quiet hours: which instants are quiet", () => {
  test.each([
    // zone, start, end, instant, expected [start, end] or null
    ["Europe/Berlin", hm(22), hm(7), "2026-01-15T22:00:00Z", ["2026-01-15T21:00:00.000Z", "2026-01-16T06:00:00.000Z"]], // 23:00 CET
    ["Europe/Berlin", hm(22), hm(7), "2026-01-16T05:59:00Z", ["2026-01-15T21:00:00.000Z", "2026-01-16T06:00:00.000Z"]], // 06:59
    ["Europe/Berlin", hm(22), hm(7), "2026-01-15T21:00:00Z", ["2026-01-15T21:00:00.000Z", "2026-01-16T06:00:00.000Z"]], // exactly 22:00: quiet
    ["Europe/Berlin", hm(22), hm(7), "2026-01-16T06:00:00Z", null], // exactly 07:00: not quiet
    ["Europe/Berlin", hm(22), hm(7), "2026-01-15T20:59:00Z", null], // 21:59
    ["Europe/Berlin", hm(22), hm(7), "2026-01-15T11:00:00Z", null], // noon
    ["Europe/Berlin", hm(13), hm(15), "2026-01-15T13:00:00Z", ["2026-01-15T12:00:00.000Z", "2026-01-15T14:00:00.000Z"]], // 14:00, no wrap
    ["Europe/Berlin", hm(13), hm(15), "2026-01-15T14:00:00Z", null], // 15:00
    ["Europe/Berlin", hm(0), hm(6), "2026-01-14T23:00:00Z", ["2026-01-14T23:00:00.000Z", "2026-01-15T05:00:00.000Z"]], // midnight start
    ["UTC", hm(22), hm(7), "2026-01-15T23:30:00Z", ["2026-01-15T22:00:00.000Z", "2026-01-16T07:00:00.000Z"]],
    ["UTC", hm(7), hm(6, 59), "2026-01-16T06:59:00Z", null], // the one free minute of a 23:59 window
    // Berlin spring forward (29 March 2026, 02:00 CET → 03:00 CEST): an 8-hour night
    ["Europe/Berlin", hm(22), hm(7), "2026-03-28T23:00:00Z", ["2026-03-28T21:00:00.000Z", "2026-03-29T05:00:00.000Z"]],
    // quiet hours ending in the gap: 02:30 moves forward by the gap to 03:30 CEST
    ["Europe/Berlin", hm(22), hm(2, 30), "2026-03-29T01:10:00Z", ["2026-03-28T21:00:00.000Z", "2026-03-29T01:30:00.000Z"]],
    // quiet hours starting in the gap start at 03:30 CEST, so 03:10 CEST is not quiet yet
    ["Europe/Berlin", hm(2, 30), hm(6), "2026-03-29T01:10:00Z", null],
    ["Europe/Berlin", hm(2, 30), hm(6), "2026-03-29T01:30:00Z", ["2026-03-29T01:30:00.000Z", "2026-03-29T04:00:00.000Z"]],
    // Berlin fall back (25 October 2026, 03:00 CEST → 02:00 CET): a 10-hour night
    ["Europe/Berlin", hm(22), hm(7), "2026-10-25T01:30:00Z", ["2026-10-24T20:00:00.000Z", "2026-10-25T06:00:00.000Z"]],
    // New York spring forward (8 March 2026): 22:00 EST → 07:00 EDT, 8 hours
    ["America/New_York", hm(22), hm(7), "2026-03-08T08:00:00Z", ["2026-03-08T03:00:00.000Z", "2026-03-08T11:00:00.000Z"]],
    // New York fall back (1 November 2026, 02:00 EDT → 01:00 EST): 23:00 EDT → 07:00 EST, 9 hours
    ["America/New_York", hm(23), hm(7), "2026-11-01T04:30:00Z", ["2026-11-01T03:00:00.000Z", "2026-11-01T12:00:00.000Z"]],
    ["America/New_York", hm(23), hm(7), "2026-11-01T11:30:00Z", ["2026-11-01T03:00:00.000Z", "2026-11-01T12:00:00.000Z"]], // 06:30 EST
    // an end in the repeated hour is its first occurrence: 01:15 EDT is quiet, 01:15 EST is not
    ["America/New_York", hm(22), hm(1, 30), "2026-11-01T05:15:00Z", ["2026-11-01T02:00:00.000Z", "2026-11-01T05:30:00.000Z"]],
    ["America/New_York", hm(22), hm(1, 30), "2026-11-01T06:15:00Z", null],
  ])("%s %i–%i at %s", (timeZone, start, end, instant, expected) => {
    expect(iso(quietPeriodAt(d(instant), settings({ timeZone, quietStartMinute: start, quietEndMinute: end })))).toEqual(expected);
  });

  test.each([
    [null, null],
    [hm(22), null],
    [null, hm(7)],
    [hm(7), hm(7)], // empty window
    [1440, hm(7)],
    [-1, hm(7)],
    [hm(22) + 0.5, hm(7)],
  ])("start %s, end %s → no quiet hours", (quietStartMinute, quietEndMinute) => {
    const s = settings({ quietStartMinute, quietEndMinute });
    expect(quietMinutes(s)).toBeNull();
    expect(quietPeriodAt(d("2026-01-15T23:00:00Z"), s)).toBeNull();
  });
});

describe("quiet hours: planning", () => {
  test("inside quiet hours the reminder waits until they end, then goes", () => {
    const at23 = d("2026-01-15T22:00:00Z"); // 23:00 CET
    const due = d("2026-01-16T11:00:00Z"); // 12:00 CET, window opened at noon the day before
    const i = item(due, at23);
    expect(planReminder([i], berlinNights, at23)).toEqual({ action: "WAIT", items: [i], nextAllowedAt: d("2026-01-16T06:00:00Z") });
    expect(planReminder([i], berlinNights, d("2026-01-16T05:59:59Z")).action).toBe("WAIT");
    expect(planReminder([i], berlinNights, d("2026-01-16T06:00:00Z"))).toEqual({ action: "SEND", items: [i], duringQuietHours: false });
  });

  test("a window that opens in quiet hours and outlasts them starts when they end", () => {
    const due = d("2026-01-16T08:00:00Z"); // 09:00 CET; lead 3 h → 06:00 CET, quiet until 07:00
    const s = { ...berlinNights, leadHours: 3 };
    expect(reminderStartsAt(due, s)).toEqual(d("2026-01-16T05:00:00Z"));
    expect(planReminder([item(due, d("2026-01-16T05:00:00Z"))], s, d("2026-01-16T05:00:00Z")).action).toBe("WAIT");
    expect(planReminder([item(due, d("2026-01-16T06:00:00Z"))], s, d("2026-01-16T06:00:00Z")).action).toBe("SEND");
  });

  test("inside quiet hours, an item due before they end is sent now (later would be useless)", () => {
    const at23 = d("2026-01-15T22:00:00Z"); // 23:00 CET
    const early = item(d("2026-01-16T05:00:00Z"), at23); // due 06:00 CET, before quiet hours end at 07:00
    const later = item(d("2026-01-16T11:00:00Z"), at23);
    const plan = planReminder([later, early], berlinNights, at23);
    expect(plan).toEqual({ action: "SEND", items: [early, later], duringQuietHours: true });
  });

  test("due exactly when quiet hours end counts as due before they end", () => {
    const at23 = d("2026-01-15T22:00:00Z");
    expect(planReminder([item(d("2026-01-16T06:00:00Z"), at23)], berlinNights, at23).action).toBe("SEND");
  });

  test.each([
    // lead, due (local Berlin in a comment), reminder starts at
    [1, "2026-01-16T02:00:00Z", "2026-01-15T20:00:00Z"], // due 03:00 CET → 21:00 CET, the hour before quiet hours
    [6, "2026-01-16T04:00:00Z", "2026-01-15T20:00:00Z"], // window 23:00–05:00 CET is all quiet → 21:00 CET
    [1, "2026-01-15T21:30:00Z", "2026-01-15T20:30:00Z"], // due 22:30 CET: the window opens at 21:30, before quiet hours → unchanged
    [1, "2026-01-16T06:30:00Z", "2026-01-16T05:30:00Z"], // due 07:30, window opens 06:30 in quiet, outlasts them → unchanged
    [24, "2026-01-16T02:00:00Z", "2026-01-15T02:00:00Z"], // window opens in last night's quiet hours and outlasts them → unchanged
    [9, "2026-01-16T06:00:00Z", "2026-01-15T20:00:00Z"], // window 22:00–07:00 exactly the quiet period → before it
  ])("lead %i h, due %s → reminder from %s", (leadHours, due, expected) => {
    expect(reminderStartsAt(d(due), { ...berlinNights, leadHours })).toEqual(d(expected));
  });

  test("a window entirely inside quiet hours is reminded in the hour before they start", () => {
    const due = d("2026-01-16T02:00:00Z"); // 03:00 CET, lead 1 h
    const s = { ...berlinNights, leadHours: 1 };
    const plan = (now: string) => planReminder([item(due, d(now))], s, d(now));
    expect(plan("2026-01-15T19:59:00Z").action).toBe("NONE"); // 20:59 CET
    expect(plan("2026-01-15T20:00:00Z")).toMatchObject({ action: "SEND", duringQuietHours: false }); // 21:00 CET
    expect(plan("2026-01-15T20:55:00Z")).toMatchObject({ action: "SEND", duringQuietHours: false });
    // the scan before quiet hours was missed (e.g. the assignment was created at 22:30): send anyway
    expect(plan("2026-01-15T21:30:00Z")).toMatchObject({ action: "SEND", duringQuietHours: true });
    expect(plan("2026-01-16T02:00:00Z").action).toBe("NONE"); // due now
  });

  test("Berlin spring forward: waiting ends at 07:00 CEST, an hour sooner in UTC", () => {
    const due = d("2026-03-29T08:00:00Z"); // 10:00 CEST, lead 6 h → 04:00 CEST (quiet)
    const s = { ...berlinNights, leadHours: 6 };
    expect(planReminder([item(due, d("2026-03-29T02:00:00Z"))], s, d("2026-03-29T02:00:00Z"))).toMatchObject({
      action: "WAIT",
      nextAllowedAt: d("2026-03-29T05:00:00Z"),
    });
    expect(planReminder([item(due, d("2026-03-29T05:00:00Z"))], s, d("2026-03-29T05:00:00Z")).action).toBe("SEND");
  });

  test("Berlin fall back: waiting ends at 07:00 CET, not 07:00 CEST", () => {
    const due = d("2026-10-25T11:00:00Z"); // 12:00 CET
    const now = d("2026-10-25T01:30:00Z"); // 02:30 CET (second pass)
    expect(planReminder([item(due, now)], berlinNights, now)).toMatchObject({ action: "WAIT", nextAllowedAt: d("2026-10-25T06:00:00Z") });
    expect(planReminder([item(due, d("2026-10-25T05:30:00Z"))], berlinNights, d("2026-10-25T05:30:00Z")).action).toBe("WAIT"); // 06:30 CET
    expect(planReminder([item(due, d("2026-10-25T06:00:00Z"))], berlinNights, d("2026-10-25T06:00:00Z")).action).toBe("SEND");
  });

  test("New York fall back: a 23:00–07:00 night lasts 9 hours", () => {
    const s = { ...newYorkNights, quietStartMinute: hm(23) };
    const due = d("2026-11-01T14:00:00Z"); // 09:00 EST
    const now = d("2026-11-01T05:30:00Z"); // 01:30 EDT
    expect(planReminder([item(due, now)], s, now)).toMatchObject({ action: "WAIT", nextAllowedAt: d("2026-11-01T12:00:00Z") });
    expect(planReminder([item(due, d("2026-11-01T11:30:00Z"))], s, d("2026-11-01T11:30:00Z")).action).toBe("WAIT"); // 06:30 EST
    expect(planReminder([item(due, d("2026-11-01T12:00:00Z"))], s, d("2026-11-01T12:00:00Z")).action).toBe("SEND");
  });

  test("New York spring forward: a window inside the short night goes at 21:00 EST", () => {
    const due = d("2026-03-08T08:00:00Z"); // 04:00 EDT, lead 1 h → 03:00 EDT, inside 22:00 EST–07:00 EDT
    const s = { ...newYorkNights, leadHours: 1 };
    expect(reminderStartsAt(due, s)).toEqual(d("2026-03-08T02:00:00Z"));
    expect(planReminder([item(due, d("2026-03-08T02:00:00Z"))], s, d("2026-03-08T02:00:00Z"))).toMatchObject({ action: "SEND", duringQuietHours: false });
  });

  test("72 h lead: quiet hours only shift when the window opens", () => {
    const due = d("2026-01-18T11:00:00Z"); // Sunday noon CET; window opens Thursday 12:00 CET
    const s = { ...berlinNights, leadHours: 72 };
    expect(reminderStartsAt(due, s)).toEqual(d("2026-01-15T11:00:00Z"));
    expect(planReminder([item(due, d("2026-01-15T22:00:00Z"))], s, d("2026-01-15T22:00:00Z")).action).toBe("WAIT");
  });

  test("grouping inside quiet hours: waiting items are listed; the message after quiet hours has them all", () => {
    const at23 = d("2026-01-15T22:00:00Z");
    const a = item(d("2026-01-16T11:00:00Z"), at23);
    const b = item(d("2026-01-16T15:00:00Z"), at23);
    const wait = planReminder([a, b], berlinNights, at23);
    expect(wait.action === "WAIT" && ids(wait.items)).toEqual([a.assignmentId, b.assignmentId]);
    const send = planReminder([a, b], berlinNights, d("2026-01-16T06:05:00Z"));
    expect(send.action === "SEND" && ids(send.items)).toEqual([a.assignmentId, b.assignmentId]);
  });
});
