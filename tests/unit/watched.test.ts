import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_MAX_SPAN_SECONDS,
  addRange,
  formatRanges,
  parseRanges,
  watchedPercent,
  watchedSeconds,
  type WatchedRange,
} from "../../app/domain/watched.js";

const r = (start: number, end: number): WatchedRange => ({ start, end });

describe("parseRanges / formatRanges", () => {
  test.each<[string | null | undefined, WatchedRange[]]>([
    ["", []],
    [null, []],
    [undefined, []],
    ["   ", []],
    ["0-10", [r(0, 10)]],
    ["0-10,20-30", [r(0, 10), r(20, 30)]],
    ["20-30,0-10", [r(0, 10), r(20, 30)]], // unsorted
    ["0-10,5-15", [r(0, 15)]], // overlapping
    ["0-10,10-20", [r(0, 20)]], // adjacent (half-open) join
    ["0-10,11-20", [r(0, 10), r(11, 20)]], // one-second gap stays
    ["0-30,5-10", [r(0, 30)]], // contained
    [" 0-10 , 20-30 ", [r(0, 10), r(20, 30)]], // whitespace
    ["007-010", [r(7, 10)]],
    // malformed pieces are dropped, the rest kept
    ["abc", []],
    ["0-10,x-5,20-30", [r(0, 10), r(20, 30)]],
    ["10-5,5-5,0-2", [r(0, 2)]], // reversed and empty
    ["-5-10,1.5-3,3-4", [r(3, 4)]], // negative and fractional
    ["0-10,,20-30,", [r(0, 10), r(20, 30)]], // empty pieces
    ["0-10-20,1-2", [r(1, 2)]],
    ["99999999999-99999999999", []], // too many digits
    ["0-1e3,NaN-5,Infinity-9", []],
  ])("parseRanges(%j)", (s, expected) => {
    expect(parseRanges(s)).toEqual(expected);
  });

  test("formatRanges normalises and round-trips", () => {
    expect(formatRanges([r(20, 30), r(0, 10), r(10, 12), r(5, 5), r(-1, 4), r(1.5, 3), r(8, 2)])).toBe("0-12,20-30");
    expect(formatRanges([])).toBe("");
    for (const s of ["0-12,20-30", "5-6", ""]) expect(formatRanges(parseRanges(s))).toBe(s);
  });
});

describe("addRange", () => {
  test.each<[string, string, number, number, number, string]>([
    ["first report", "", 0, 10, 100, "0-10"],
    ["continues and merges adjacent", "0-10", 10, 20, 100, "0-20"],
    ["overlap merges", "0-10", 5, 15, 100, "0-15"],
    ["fills a gap", "0-10,20-30", 10, 20, 100, "0-30"],
    ["separate range stays separate", "0-10", 40, 50, 100, "0-10,40-50"],
    ["fractional endpoints round to nearest second", "", 10.4, 20.6, 100, "10-21"],
    ["contiguous fractional reports join", "10-21", 20.6, 30.2, 100, "10-30"],
    ["clamped below zero", "", -5, 5, 100, "0-5"],
    ["clamped to the duration", "", 95, 120, 100, "95-100"],
    ["last partial second counts", "", 100, 101, 100.4, "100-101"],
    ["ending exactly at a fractional duration reaches the end", "", 90.2, 100.4, 100.4, "90-101"],
    ["ending just before a fractional duration rounds", "", 90.2, 100.3, 100.4, "90-100"],
    ["beyond the end adds nothing", "0-10", 200, 210, 100, "0-10"],
    ["skip to the end: one huge report is clamped to maxSpan ending at end", "", 0, 3600, 3600, "3570-3600"],
    ["huge report past the end: clamp first, then maxSpan", "", 0, 9999, 600, "570-600"],
    ["exactly maxSpan is kept", "", 10, 40, 100, "10-40"],
    ["reversed is ignored", "0-10", 30, 20, 100, "0-10"],
    ["empty is ignored", "0-10", 30, 30, 100, "0-10"],
    ["NaN start is ignored", "0-10", NaN, 20, 100, "0-10"],
    ["Infinity end is ignored", "0-10", 10, Infinity, 100, "0-10"],
    ["zero duration is ignored", "0-10", 10, 20, 0, "0-10"],
    ["NaN duration is ignored", "0-10", 10, 20, NaN, "0-10"],
    ["malformed stored string is cleaned", "garbage,0-5,9-3", 5, 10, 100, "0-10"],
  ])("%s", (_label, stored, start, end, duration, expected) => {
    expect(addRange(stored, start, end, duration)).toBe(expected);
  });

  test("custom maxSpan; invalid maxSpan falls back to the default", () => {
    expect(addRange("", 0, 100, 100, 60)).toBe("40-100");
    expect(addRange("", 0, 100, 100, 0)).toBe("");
    expect(addRange("", 0, 100, 100, NaN)).toBe(`${100 - DEFAULT_MAX_SPAN_SECONDS}-100`);
    expect(addRange("", 0, 100, 100, -1)).toBe(`${100 - DEFAULT_MAX_SPAN_SECONDS}-100`);
  });

  test("skipping to the end does not count as watching", () => {
    let s = addRange("", 0, 10, 600); // watched 10 s, then seeked to 590
    s = addRange(s, 590, 600, 600);
    expect(s).toBe("0-10,590-600");
    expect(watchedPercent(s, 600)).toBe(3.3);
  });

  test("watching a whole video in 10-second reports reaches exactly 100 %", () => {
    let s = "";
    for (let t = 0; t < 125.3; t += 10) s = addRange(s, t, Math.min(t + 10, 125.3), 125.3);
    expect(s).toBe("0-126"); // the end (125.3) credits the last partial second
    expect(watchedPercent(s, 125.3)).toBe(100);
    expect(watchedPercent("0-125", 125.3)).toBe(99.7); // stopping at 125.0 is not the end
  });
});

describe("watchedSeconds / watchedPercent", () => {
  test.each<[string, number]>([
    ["", 0],
    ["0-10", 10],
    ["0-10,20-25", 15],
    ["0-10,5-15", 15], // overlap counted once
    ["bad,0-10,x", 10],
  ])("watchedSeconds(%j) = %d", (s, expected) => {
    expect(watchedSeconds(s)).toBe(expected);
  });

  test.each<[string, number, number]>([
    ["", 100, 0],
    ["0-50", 100, 50],
    ["0-1", 3, 33.3], // 33.33… floored
    ["0-2", 3, 66.6], // 66.66… floored, not rounded up
    ["0-899", 1000, 89.9],
    ["0-8999", 10000, 89.9], // 89.99 must not pass a 90 % threshold
    ["0-29", 100, 29], // binary error absorbed
    ["0-57", 100, 57],
    ["0-100", 100, 100],
    ["0-200", 100, 100], // capped
    ["0-50,150-200", 100, 50], // seconds past the end do not count
    ["0-101", 100.4, 100], // last partial second completes
    ["0-50", 0, 0],
    ["0-50", -10, 0],
    ["0-50", NaN, 0],
    ["0-50", Infinity, 0],
    ["0-10,junk", 20, 50],
  ])("watchedPercent(%j, %d) = %d", (s, duration, expected) => {
    expect(watchedPercent(s, duration)).toBe(expected);
  });
});

describe("properties", () => {
  const report = fc.tuple(
    fc.oneof(fc.double({ min: -100, max: 5000, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity)),
    fc.oneof(fc.double({ min: -100, max: 5000, noNaN: true }), fc.constantFrom(NaN, Infinity)),
  );
  const duration = fc.oneof(fc.integer({ min: 1, max: 4000 }), fc.double({ min: 0.1, max: 4000, noNaN: true }));

  test("seconds never exceed the duration's second grid; percent stays in 0..100 and never decreases", () => {
    fc.assert(
      fc.property(duration, fc.array(report, { maxLength: 40 }), (d, reports) => {
        let s = "";
        let prevPercent = 0;
        let prevSeconds = 0;
        for (const [a, b] of reports) {
          const nextS = addRange(s, a, b, d);
          const seconds = watchedSeconds(nextS);
          const percent = watchedPercent(nextS, d);
          expect(seconds).toBeLessThanOrEqual(Math.ceil(d));
          if (Number.isInteger(d)) expect(seconds).toBeLessThanOrEqual(d);
          expect(seconds - prevSeconds).toBeLessThanOrEqual(DEFAULT_MAX_SPAN_SECONDS);
          expect(percent).toBeGreaterThanOrEqual(prevPercent);
          expect(percent).toBeLessThanOrEqual(100);
          expect(Math.round(percent * 10) / 10).toBe(percent);
          expect(formatRanges(parseRanges(nextS))).toBe(nextS); // always stored normalised
          s = nextS;
          prevPercent = percent;
          prevSeconds = seconds;
        }
      }),
    );
  });

  // services/study.server.ts merges concurrent saves by compare-and-set on the stored string and
  // retries: that is only right if the merge keeps every earlier second and the result does not
  // depend on which save lands first.
  test("merging never drops a stored second, and the order of the reports does not matter", () => {
    const covered = (s: string) => new Set(parseRanges(s).flatMap((x) => Array.from({ length: x.end - x.start }, (_, i) => x.start + i)));
    fc.assert(
      fc.property(duration, fc.array(report, { maxLength: 20 }), fc.nat(), (d, reports, seed) => {
        let inOrder = "";
        for (const [a, b] of reports) {
          const next = addRange(inOrder, a, b, d);
          const after = covered(next);
          for (const second of covered(inOrder)) expect(after.has(second)).toBe(true);
          inOrder = next;
        }
        const shuffled = reports.map((x, i) => ({ x, k: (i * 7919 + seed) % 1009 })).sort((p, q) => p.k - q.k).map((p) => p.x);
        let other = "";
        for (const [a, b] of shuffled) other = addRange(other, a, b, d);
        expect(other).toBe(inOrder);
      }),
    );
  });

  test("parse never throws and always returns sorted, disjoint, non-touching ranges", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.tuple(fc.nat(200), fc.nat(200))).map((p) => p.map(([a, b]) => `${a}-${b}`).join(","))), (s) => {
        const ranges = parseRanges(s);
        for (let i = 0; i < ranges.length; i++) {
          expect(ranges[i].start).toBeLessThan(ranges[i].end);
          if (i > 0) expect(ranges[i].start).toBeGreaterThan(ranges[i - 1].end);
        }
      }),
    );
  });
});
