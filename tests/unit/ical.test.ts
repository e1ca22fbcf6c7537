import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { escapeText, foldLine, formatUtc, writeCalendar, type IcalCalendar } from "~/domain/ical";

const octets = (s: string) => Buffer.byteLength(s, "utf8");
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

const event = {
  uid: "assignment-a1-u1@coursework",
  stamp: new Date("2026-03-01T09:00:00.123Z"),
  start: new Date("2026-03-06T22:59:00Z"),
  summary: "Essay due (History, 101)",
  description: "Line one\nLine two; with a comma, and a backslash \\",
  url: "http://localhost:3000/courses/history/assignments/a1",
  lastModified: new Date("2026-02-27T08:30:00Z"),
};
const calendar: IcalCalendar = { prodId: "-//Coursework//Deadlines//EN", name: "Coursework deadlines", refreshMinutes: 60, events: [event] };

describe("escapeText", () => {
  test("escapes backslash, semicolon, comma and every kind of newline", () => {
    expect(escapeText("a\\b;c,d")).toBe("a\\\\b\\;c\\,d");
    expect(escapeText("one\ntwo\r\nthree\rfour")).toBe("one\\ntwo\\nthree\\nfour");
  });
  test("the backslash is escaped first, so escapes are not doubled", () => {
    expect(escapeText("\\n")).toBe("\\\\n");
    expect(escapeText(";")).toBe("\\;");
  });
  test("drops control characters RFC 5545 does not allow, keeps tabs and text", () => {
    expect(escapeText("a\u0000b\u0007c\u001fd\u007fe\tf")).toBe("abcde\tf");
    expect(escapeText("Ünïcode ✓ 😀")).toBe("Ünïcode ✓ 😀");
  });
});

describe("formatUtc", () => {
  test("writes UTC date-times as YYYYMMDDTHHMMSSZ, dropping milliseconds", () => {
    expect(formatUtc(new Date("2026-03-06T22:59:07.999Z"))).toBe("20260306T225907Z");
    expect(formatUtc(new Date("0999-01-02T03:04:05Z"))).toBe("09990102T030405Z");
  });
  test("refuses an invalid date", () => {
    expect(() => formatUtc(new Date("nope"))).toThrow(RangeError);
  });
});

describe("foldLine", () => {
  test("a line of 75 octets stays whole; 76 folds", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });
  test("continuation lines hold 74 octets after their leading space", () => {
    const lines = foldLine("y".repeat(75 + 74 + 10)).split("\r\n");
    expect(lines.map(octets)).toEqual([75, 75, 11]);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
  });
  test.each([
    ["2-byte", "é"],
    ["3-byte", "✓"],
    ["4-byte (surrogate pair)", "😀"],
  ])("never splits a %s character and stays within 75 octets", (_name, ch) => {
    for (const prefix of ["", "a", "ab", "abc"]) {
      const line = `DESCRIPTION:${prefix}${ch.repeat(60)}`;
      const folded = foldLine(line);
      const lines = folded.split("\r\n");
      for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
      expect(unfold(folded)).toBe(line);
      // Each physical line is valid UTF-8 on its own (a lone surrogate would re-encode as U+FFFD).
      for (const l of lines) expect(Buffer.from(l, "utf8").toString("utf8")).toBe(l);
      expect(lines.every((l) => !/[\uD800-\uDBFF]$/.test(l))).toBe(true);
    }
  });
});

describe("writeCalendar", () => {
  const text = writeCalendar(calendar);

  test("uses CRLF everywhere and ends with CRLF", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
  test("no physical line is longer than 75 octets", () => {
    const long = writeCalendar({ ...calendar, events: [{ ...event, summary: "Ünïcödé ".repeat(30), description: "😀".repeat(100) }] });
    for (const line of long.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });
  test("has the calendar and event properties clients need", () => {
    const lines = unfold(text).split("\r\n");
    for (const expected of [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Coursework//Deadlines//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:Coursework deadlines",
      "REFRESH-INTERVAL;VALUE=DURATION:PT60M",
      "BEGIN:VEVENT",
      "UID:assignment-a1-u1@coursework",
      "DTSTAMP:20260301T090000Z",
      "DTSTART:20260306T225900Z",
      "DTEND:20260306T225900Z",
      "SUMMARY:Essay due (History\\, 101)",
      "DESCRIPTION:Line one\\nLine two\\; with a comma\\, and a backslash \\\\",
      "URL:http://localhost:3000/courses/history/assignments/a1",
      "LAST-MODIFIED:20260227T083000Z",
      "END:VEVENT",
      "END:VCALENDAR",
    ]) {
      expect(lines).toContain(expected);
    }
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });
  test("ical.js parses it back to the same values", () => {
    const long = { ...event, summary: `Ünïcödé; ${"😀, ".repeat(40)}`, end: new Date("2026-03-06T23:14:00Z"), sequence: 3 };
    const vcal = new ICAL.Component(ICAL.parse(writeCalendar({ ...calendar, events: [long, { ...event, uid: "second" }] })));
    expect(vcal.getFirstPropertyValue("version")).toBe("2.0");
    const [first, second] = vcal.getAllSubcomponents("vevent");
    expect(first.getFirstPropertyValue("summary")).toBe(long.summary);
    expect(first.getFirstPropertyValue("description")).toBe(event.description);
    expect((first.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString()).toBe("2026-03-06T22:59:00.000Z");
    expect((first.getFirstPropertyValue("dtend") as ICAL.Time).toJSDate().toISOString()).toBe("2026-03-06T23:14:00.000Z");
    expect(first.getFirstPropertyValue("sequence")).toBe(3);
    expect(second.getFirstPropertyValue("uid")).toBe("second");
  });
  test("an empty calendar is still a valid calendar", () => {
    const vcal = new ICAL.Component(ICAL.parse(writeCalendar({ ...calendar, events: [] })));
    expect(vcal.name).toBe("vcalendar");
    expect(vcal.getAllSubcomponents("vevent")).toHaveLength(0);
  });
});
