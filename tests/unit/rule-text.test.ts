import { describe, expect, test } from "vitest";
import { describeRule } from "~/domain/rule-text";

describe("describeRule", () => {
  test("no rule means no limit", () => {
    expect(describeRule(null)).toBe("No limit");
    expect(describeRule(undefined)).toBe("No limit");
  });

  test("relative days in the course zone, named when known", () => {
    const rule = { type: "RELATIVE_DAYS", days: 7, time: "23:59" } as const;
    expect(describeRule(rule)).toBe("7 days after each learner starts, 23:59 course time");
    expect(describeRule(rule, { courseTimeZone: "America/New_York" })).toBe("7 days after each learner starts, 23:59 course time (America/New York)");
    expect(describeRule({ ...rule, zone: "COURSE" })).toBe("7 days after each learner starts, 23:59 course time");
  });

  test("relative days: one day, the start day itself, the learner's zone, clamped to the course end", () => {
    expect(describeRule({ type: "RELATIVE_DAYS", days: 1, time: "09:00" })).toBe("1 day after each learner starts, 09:00 course time");
    expect(describeRule({ type: "RELATIVE_DAYS", days: 0, time: "17:00" })).toBe("On the day each learner starts, 17:00 course time");
    expect(describeRule({ type: "RELATIVE_DAYS", days: 14, time: "23:59", zone: "LEARNER", clampToCourseEnd: true })).toBe(
      "14 days after each learner starts, 23:59 in each learner's own time zone, or the course end if that is earlier",
    );
  });

  test("relative minutes read as days, hours and minutes", () => {
    expect(describeRule({ type: "RELATIVE", minutes: 0 })).toBe("When each learner starts");
    expect(describeRule({ type: "RELATIVE", minutes: 90 })).toBe("1 hour 30 minutes after each learner starts");
    expect(describeRule({ type: "RELATIVE", minutes: 3 * 1440 + 4 * 60 })).toBe("3 days 4 hours after each learner starts");
    expect(describeRule({ type: "RELATIVE", minutes: 1440, clampToCourseEnd: true })).toBe(
      "1 day after each learner starts, or the course end if that is earlier",
    );
  });

  test("a local date names its weekday and its zone", () => {
    expect(describeRule({ type: "LOCAL", date: "2026-03-03", time: "23:59" })).toBe("Tue 3 Mar 2026, 23:59 course time");
    expect(describeRule({ type: "LOCAL", date: "2026-03-06", time: "23:59", zone: "LEARNER" })).toBe(
      "Fri 6 Mar 2026, 23:59 in each learner's own time zone",
    );
    expect(describeRule({ type: "LOCAL", date: "2028-02-29", time: "12:00", zone: "COURSE" }, { courseTimeZone: "Europe/Berlin" })).toBe(
      "Tue 29 Feb 2028, 12:00 course time (Europe/Berlin)",
    );
  });

  test("an absolute instant is shown on the course's clock, or in UTC", () => {
    const rule = { type: "ABSOLUTE", at: new Date("2026-03-06T22:59:00Z") } as const;
    expect(describeRule(rule)).toBe("Fri 6 Mar 2026, 22:59 UTC");
    expect(describeRule(rule, { courseTimeZone: "Pacific/Auckland" })).toBe("Sat 7 Mar 2026, 11:59 course time (Pacific/Auckland)");
    // Across a DST change: Berlin is UTC+2 in summer.
    expect(describeRule({ type: "ABSOLUTE", at: new Date("2026-07-01T21:59:00Z") }, { courseTimeZone: "Europe/Berlin" })).toBe(
      "Wed 1 Jul 2026, 23:59 course time (Europe/Berlin)",
    );
  });

  test("an unknown rule type does not throw", () => {
    expect(describeRule({ type: "WEEKLY" } as never)).toBe("Unknown rule");
  });
});
