/**
 * The teaching side of the personal iCal feed: instructors and TAs get their courses' deadlines,
 * each section's own dates, and the feed follows changes (a new version, a new text).
 */
import ICAL from "ical.js";
import { expect, test } from "vitest";
import type { DateRule } from "~/domain/schedule";
import { getDb } from "~/lib/db.server";
import {
  getIcalFeed,
  loadIcalFeed,
  rotateIcalToken,
} from "~/services/ical-feed.server";
import type { Actor } from "~/services/users.server";
import {
  createAssignment,
  createCourse,
  createCourseWithCast,
  createSection,
  createUser,
} from "../factories";

const now = new Date("2026-03-02T00:00:00Z");
const at = (s: string): DateRule => ({ type: "ABSOLUTE", at: new Date(s) });
const tokenOf = (url: string) => /\/calendar\/([^/]+)\.ics$/.exec(url)![1];
const sectionDue = (assignmentId: string, sectionId: string, due: string) =>
  getDb().dateOverride.create({
    data: {
      assignmentId,
      scope: "SECTION",
      sectionId,
      dueRule: JSON.stringify(at(due)),
    },
  });
const feedToken = async (user: Actor) =>
  tokenOf((await rotateIcalToken(user)).url);

function eventsOf(text: string) {
  const vcal = new ICAL.Component(ICAL.parse(text));
  return vcal
    .getAllSubcomponents("vevent")
    .map((e) => ({
      uid: String(e.getFirstPropertyValue("uid")),
      start: (e.getFirstPropertyValue("dtstart") as ICAL.Time)
        .toJSDate()
        .toISOString(),
      summary: String(e.getFirstPropertyValue("summary")),
      description: String(e.getFirstPropertyValue("description")),
    }))
    .sort(
      (a, b) =>
        a.start.localeCompare(b.start) || a.summary.localeCompare(b.summary)
    );
}

test("an instructor's and a TA's feeds hold the taught course's deadlines, with a section's own date as its own event", async () => {
  const { instructor, ta, student, course, section } =
    await createCourseWithCast();
  const lab = await createAssignment(course.id, {
    title: "Lab report",
    due: at("2026-03-10T17:00:00Z"),
    close: at("2026-03-12T17:00:00Z"),
  });
  await createAssignment(course.id, {
    title: "Quiz",
    close: at("2026-03-08T09:00:00Z"),
  });
  await createAssignment(course.id, {
    title: "Draft essay",
    due: at("2026-03-09T09:00:00Z"),
    published: false,
  });
  await createAssignment(course.id, { title: "No dates" });
  await sectionDue(lab.id, section.id, "2026-03-11T17:00:00Z");

  for (const teacher of [instructor, ta]) {
    const events = eventsOf(await getIcalFeed(await feedToken(teacher), now));
    expect(events.map((e) => [e.summary, e.start])).toEqual([
      [`Quiz closes (${course.title})`, "2026-03-08T09:00:00.000Z"],
      [`Lab report due (${course.title})`, "2026-03-10T17:00:00.000Z"],
      [
        `Lab report due — Morning (${course.title})`,
        "2026-03-11T17:00:00.000Z",
      ],
    ]);
    expect(events[1].uid).toBe(
      `teaching-${lab.id}-default-${teacher.id}@coursework`
    );
    expect(events[2].uid).toBe(
      `teaching-${lab.id}-section-${section.id}-${teacher.id}@coursework`
    );
    expect(events[1].description).toContain(
      "For: every section without its own dates"
    );
    expect(events[2].description).toContain("For: section Morning");
  }
  // The student's feed is unchanged: their own dates only (the Morning section's).
  const mine = eventsOf(await getIcalFeed(await feedToken(student), now));
  expect(mine.map((e) => [e.summary, e.start])).toEqual([
    [`Quiz closes (${course.title})`, "2026-03-08T09:00:00.000Z"],
    [`Lab report due (${course.title})`, "2026-03-11T17:00:00.000Z"],
  ]);
  expect(mine.every((e) => e.uid.startsWith("assignment-"))).toBe(true);
});

test("relative deadlines are shown for a learner starting on the course's start date, and left out without one", async () => {
  const instructor = await createUser({ timeZone: "Europe/Berlin" });
  const dated = await createCourse(instructor, { title: "Dated" });
  await getDb().course.update({
    where: { id: dated.id },
    data: { startsAt: new Date("2026-03-01T00:00:00Z") },
  });
  const undated = await createCourse(instructor, { title: "Undated" });
  const relative: DateRule = { type: "RELATIVE", minutes: 7 * 24 * 60 };
  await createAssignment(dated.id, { title: "Week one", due: relative });
  await createAssignment(undated.id, { title: "Week one too", due: relative });
  await createAssignment(undated.id, {
    title: "Fixed",
    due: at("2026-03-20T12:00:00Z"),
  });

  const events = eventsOf(await getIcalFeed(await feedToken(instructor), now));
  expect(events.map((e) => [e.summary, e.start])).toEqual([
    ["Week one due (Dated)", "2026-03-08T00:00:00.000Z"],
    ["Fixed due (Undated)", "2026-03-20T12:00:00.000Z"],
  ]);
  expect(events[0].description).toContain("Counts from each learner's start");
  // Written in the teacher's own zone.
  expect(events[1].description).toContain("13:00 CET");
});

test("the teaching feed follows edits, new sections' overrides and a lost role, through its version", async () => {
  const { instructor, ta, course } = await createCourseWithCast();
  const token = await feedToken(ta);
  const a = await createAssignment(course.id, {
    title: "Essay",
    due: at("2026-03-10T17:00:00Z"),
  });
  const first = await loadIcalFeed(token, now);
  expect(eventsOf(first.text).map((e) => e.start)).toEqual([
    "2026-03-10T17:00:00.000Z",
  ]);
  expect((await loadIcalFeed(token, now)).etag).toBe(first.etag);

  await getDb().assignment.update({
    where: { id: a.id },
    data: { dueRule: JSON.stringify(at("2026-03-11T17:00:00Z")) },
  });
  const moved = await loadIcalFeed(token, now);
  expect(moved.etag).not.toBe(first.etag);
  expect(eventsOf(moved.text).map((e) => e.start)).toEqual([
    "2026-03-11T17:00:00.000Z",
  ]);

  const evening = await createSection(course.id, "Evening");
  await sectionDue(a.id, evening.id, "2026-03-13T17:00:00Z");
  expect(
    eventsOf((await loadIcalFeed(token, now)).text).map((e) => e.summary)
  ).toEqual([
    `Essay due (${course.title})`,
    `Essay due — Evening (${course.title})`,
  ]);

  // No longer teaching the course: its deadlines leave the feed.
  await getDb().enrollment.updateMany({
    where: { userId: ta.id, courseId: course.id },
    data: { status: "REMOVED" },
  });
  expect(eventsOf((await loadIcalFeed(token, now)).text)).toEqual([]);
  // The instructor still has them.
  expect(
    eventsOf(await getIcalFeed(await feedToken(instructor), now))
  ).toHaveLength(2);
});
