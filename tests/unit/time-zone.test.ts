import { describe, test, expect } from "vitest";
import {
  addLocalDays,
  epochMsFromWallClock,
  instantFromZoned,
  isValidTimeZone,
  localDateKey,
  parseLocalDate,
  parseTimeOfDay,
  wallClockMs,
  zoneOffsetMs,
  zonedPartsOf,
} from "../../app/domain/time-zone.js";

const iso = (s: string) => new Date(s);
const H = 3_600_000;

describe("isValidTimeZone", () => {
  test.each([
    ["Europe/Berlin", true],
    ["America/New_York", true],
    ["Australia/Sydney", true],
    ["Etc/GMT+12", true],
    ["Pacific/Kiritimati", true],
    ["America/Argentina/Buenos_Aires", true],
    ["America/Port-au-Prince", true],
    ["UTC", true],
    ["", false],
    ["Mars/Olympus_Mons", false],
    ["+05:00", false],
    ["Europe/Berlin ", false],
    ["Europe/../Berlin", false],
  ])("%j → %s", (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });

  test("functions throw RangeError for an unknown zone", () => {
    expect(() => zonedPartsOf(new Date(0), "Nowhere/Land")).toThrow(RangeError);
    expect(() => instantFromZoned({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, "Nowhere/Land")).toThrow(RangeError);
  });

  test("invalid instants throw", () => {
    expect(() => zonedPartsOf(new Date(NaN), "UTC")).toThrow(RangeError);
  });
});

describe("zonedPartsOf", () => {
  test.each([
    // 2026-03-29 is a Sunday (weekday 0)
    ["2026-03-29T00:59:59Z", "Europe/Berlin", [2026, 3, 29, 1, 59, 59, 0]],
    ["2026-03-29T01:00:00Z", "Europe/Berlin", [2026, 3, 29, 3, 0, 0, 0]],
    ["2026-10-25T00:30:00Z", "Europe/Berlin", [2026, 10, 25, 2, 30, 0, 0]],
    ["2026-10-25T01:30:00Z", "Europe/Berlin", [2026, 10, 25, 2, 30, 0, 0]],
    ["2026-03-08T06:59:59Z", "America/New_York", [2026, 3, 8, 1, 59, 59, 0]],
    ["2026-03-08T07:00:00Z", "America/New_York", [2026, 3, 8, 3, 0, 0, 0]],
    ["2026-04-04T15:59:59Z", "Australia/Sydney", [2026, 4, 5, 2, 59, 59, 0]],
    ["2026-04-04T16:00:00Z", "Australia/Sydney", [2026, 4, 5, 2, 0, 0, 0]],
    // same instant, two days apart on the calendar: UTC-12 vs UTC+14
    ["2026-03-13T10:30:00Z", "Etc/GMT+12", [2026, 3, 12, 22, 30, 0, 4]],
    ["2026-03-13T10:30:00Z", "Pacific/Kiritimati", [2026, 3, 14, 0, 30, 0, 6]],
    ["2026-01-01T00:00:00Z", "UTC", [2026, 1, 1, 0, 0, 0, 4]],
  ] as const)("%s in %s", (at, zone, [year, month, day, hour, minute, second, weekday]) => {
    expect(zonedPartsOf(iso(at), zone)).toEqual({ year, month, day, hour, minute, second, weekday });
  });
});

describe("zoneOffsetMs around transitions (exact to the millisecond)", () => {
  test.each([
    ["2026-03-29T00:59:59.999Z", "Europe/Berlin", 1],
    ["2026-03-29T01:00:00.000Z", "Europe/Berlin", 2],
    ["2026-10-25T00:59:59.999Z", "Europe/Berlin", 2],
    ["2026-10-25T01:00:00.000Z", "Europe/Berlin", 1],
    ["2026-03-08T06:59:59.999Z", "America/New_York", -5],
    ["2026-03-08T07:00:00.000Z", "America/New_York", -4],
    ["2026-11-01T05:59:59.999Z", "America/New_York", -4],
    ["2026-11-01T06:00:00.000Z", "America/New_York", -5],
    ["2026-04-04T15:59:59.999Z", "Australia/Sydney", 11],
    ["2026-04-04T16:00:00.000Z", "Australia/Sydney", 10],
    ["2026-10-03T15:59:59.999Z", "Australia/Sydney", 10],
    ["2026-10-03T16:00:00.000Z", "Australia/Sydney", 11],
    ["2026-07-01T00:00:00.000Z", "Etc/GMT+12", -12],
    ["2026-07-01T00:00:00.000Z", "Pacific/Kiritimati", 14],
  ] as const)("%s %s → UTC%+d", (at, zone, hours) => {
    expect(zoneOffsetMs(iso(at), zone)).toBe(hours * H);
  });
});

describe("instantFromZoned", () => {
  const at = (y: number, mo: number, d: number, h: number, mi: number, zone: string) =>
    instantFromZoned({ year: y, month: mo, day: d, hour: h, minute: mi }, zone).toISOString();

  test.each([
    // ordinary times
    [[2026, 1, 15, 9, 0], "Europe/Berlin", "2026-01-15T08:00:00.000Z"],
    [[2026, 7, 15, 9, 0], "Europe/Berlin", "2026-07-15T07:00:00.000Z"],
    // spring-forward gaps: the wall time moves forward by the gap (02:30 → 03:30 summer time)
    [[2026, 3, 29, 2, 0], "Europe/Berlin", "2026-03-29T01:00:00.000Z"],
    [[2026, 3, 29, 2, 30], "Europe/Berlin", "2026-03-29T01:30:00.000Z"],
    [[2026, 3, 29, 3, 0], "Europe/Berlin", "2026-03-29T01:00:00.000Z"],
    [[2026, 3, 8, 2, 30], "America/New_York", "2026-03-08T07:30:00.000Z"],
    [[2026, 10, 4, 2, 30], "Australia/Sydney", "2026-10-03T16:30:00.000Z"],
    // fall-back overlaps: the earlier instant (still summer time)
    [[2026, 10, 25, 2, 30], "Europe/Berlin", "2026-10-25T00:30:00.000Z"],
    [[2026, 10, 25, 3, 0], "Europe/Berlin", "2026-10-25T02:00:00.000Z"],
    [[2026, 11, 1, 1, 30], "America/New_York", "2026-11-01T05:30:00.000Z"],
    [[2026, 4, 5, 2, 30], "Australia/Sydney", "2026-04-04T15:30:00.000Z"],
    // extreme offsets
    [[2026, 3, 13, 23, 59], "Pacific/Kiritimati", "2026-03-13T09:59:00.000Z"],
    [[2026, 3, 13, 23, 59], "Etc/GMT+12", "2026-03-14T11:59:00.000Z"],
    // fields roll over like Date.UTC
    [[2026, 1, 32, 0, 0], "UTC", "2026-02-01T00:00:00.000Z"],
    [[2026, 12, 31, 24, 0], "UTC", "2027-01-01T00:00:00.000Z"],
  ] as const)("%j in %s → %s", ([y, mo, d, h, mi], zone, expected) => {
    expect(at(y, mo, d, h, mi, zone)).toBe(expected);
  });

  test("seconds and milliseconds are kept", () => {
    const d = instantFromZoned({ year: 2026, month: 6, day: 1, hour: 12, minute: 0, second: 5, millisecond: 7 }, "Europe/Berlin");
    expect(d.toISOString()).toBe("2026-06-01T10:00:05.007Z");
  });

  test("years below 100 are literal", () => {
    expect(instantFromZoned({ year: 50, month: 1, day: 1, hour: 0, minute: 0 }, "UTC").getUTCFullYear()).toBe(50);
  });

  test("wallClockMs / epochMsFromWallClock round-trip outside transitions", () => {
    const t = Date.parse("2026-05-05T05:05:05.005Z");
    for (const zone of ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Etc/GMT+12", "Pacific/Kiritimati"])
      expect(epochMsFromWallClock(wallClockMs(t, zone), zone)).toBe(t);
  });
});

describe("addLocalDays keeps the wall-clock time across DST", () => {
  test.each([
    // 23:59 the day before spring-forward + 1 day = 23:59 next day, only 23 h later
    ["2026-03-28T22:59:00Z", 1, "Europe/Berlin", "2026-03-29T21:59:00.000Z", 23],
    ["2026-10-24T21:59:00Z", 1, "Europe/Berlin", "2026-10-25T22:59:00.000Z", 25],
    ["2026-03-07T17:00:00Z", 1, "America/New_York", "2026-03-08T16:00:00.000Z", 23],
    ["2026-10-31T16:00:00Z", 1, "America/New_York", "2026-11-01T17:00:00.000Z", 25],
    ["2026-04-03T23:00:00Z", 1, "Australia/Sydney", "2026-04-05T00:00:00.000Z", 25],
    ["2026-10-02T23:00:00Z", 1, "Australia/Sydney", "2026-10-03T22:00:00.000Z", 23],
    ["2026-03-29T21:59:00Z", -1, "Europe/Berlin", "2026-03-28T22:59:00.000Z", -23],
    ["2026-03-01T12:00:00Z", 0, "Europe/Berlin", "2026-03-01T12:00:00.000Z", 0],
    // 02:30 lands in the gap on the 29th → 03:30 CEST
    ["2026-03-28T01:30:00Z", 1, "Europe/Berlin", "2026-03-29T01:30:00.000Z", 24],
  ] as const)("%s %+d day(s) in %s → %s", (start, days, zone, expected, hours) => {
    const result = addLocalDays(iso(start), days, zone);
    expect(result.toISOString()).toBe(expected);
    expect((result.getTime() - iso(start).getTime()) / H).toBe(hours);
  });

  test("rejects fractional days", () => {
    expect(() => addLocalDays(iso("2026-01-01T00:00:00Z"), 1.5, "UTC")).toThrow(RangeError);
  });
});

describe("localDateKey", () => {
  test.each([
    ["2026-03-13T10:30:00Z", "Etc/GMT+12", "2026-03-12"],
    ["2026-03-13T10:30:00Z", "Pacific/Kiritimati", "2026-03-14"],
    ["2026-03-13T10:30:00Z", "UTC", "2026-03-13"],
    ["2026-03-28T23:30:00Z", "Europe/Berlin", "2026-03-29"],
    ["2026-03-28T22:59:59Z", "Europe/Berlin", "2026-03-28"],
    ["0099-06-01T12:00:00Z", "UTC", "0099-06-01"],
  ])("%s in %s → %s", (at, zone, expected) => {
    expect(localDateKey(iso(at), zone)).toBe(expected);
  });
});

describe("parsers", () => {
  test.each([
    ["00:00", 0],
    ["23:59", 1439],
    ["09:05", 545],
    ["24:00", null],
    ["12:60", null],
    ["7:00", null],
    ["07:00:00", null],
    ["", null],
    [undefined, null],
  ])("parseTimeOfDay(%j) → %j", (input, expected) => {
    expect(parseTimeOfDay(input)).toBe(expected);
  });

  test.each([
    ["2026-03-13", Date.UTC(2026, 2, 13)],
    ["2028-02-29", Date.UTC(2028, 1, 29)],
    ["2026-02-29", null],
    ["2026-13-01", null],
    ["2026-04-31", null],
    ["26-01-01", null],
    ["2026-1-1", null],
    ["0000-01-01", null],
    [42, null],
  ])("parseLocalDate(%j) → %j", (input, expected) => {
    expect(parseLocalDate(input)).toBe(expected);
  });
});

describe("caching keeps a hot loop fast", () => {
  test("200k conversions across zones and transitions well under a second", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Kiritimati"];
    const base = Date.parse("2026-03-01T00:00:00Z");
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 200_000; i++) {
      const zone = zones[i & 3];
      const wall = wallClockMs(base + (i % 5000) * 15 * 60_000, zone);
      sum += epochMsFromWallClock(wall, zone) & 1;
    }
    expect(sum).toBeGreaterThanOrEqual(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
