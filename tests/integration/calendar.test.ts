/**
 * Deadlines across courses: "What's due", the instructor calendar and the iCal feed, all
 * resolved by the schedule engine per learner (zones, overrides, extensions).
 */
import { gunzipSync } from "node:zlib";
import ICAL from "ical.js";
import { expect, test } from "vitest";
import type { DateRule } from "~/domain/schedule";
import type { LatePolicy } from "~/domain/late-policy";
import { getDb, queryCounter } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { hashToken } from "~/lib/tokens.server";
import { loader as icsLoader } from "~/routes/calendar.$token[.ics]";
import { loader as courseCalendarLoader } from "~/routes/courses.$slug.calendar";
import { loader as dueLoader } from "~/routes/due";
import { action as feedAction, loader as feedLoader } from "~/routes/settings.calendar";
import { courseCalendar, whatsDue } from "~/services/calendar.server";
import { getIcalFeed, hasIcalFeed, loadIcalFeed, revokeIcalToken, rotateIcalToken } from "~/services/ical-feed.server";
import type { Actor } from "~/services/users.server";
import { createAssignment, createCourse, createCourseWithCast, createSection, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const now = new Date("2026-03-02T00:00:00Z");
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const local = (date: string, time: string, zone?: "COURSE" | "LEARNER"): DateRule => ({ type: "LOCAL", date, time, ...(zone ? { zone } : {}) });
const at = (s: string): DateRule => ({ type: "ABSOLUTE", at: new Date(s) });
const json = (rule: DateRule | null) => JSON.stringify(rule);

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e) => (e instanceof AppError ? e.code : Promise.reject(e)),
  );
}

const enrollmentOf = (user: Actor, courseId: string) => getDb().enrollment.findFirstOrThrow({ where: { userId: user.id, courseId } });

async function sectionOverride(assignmentId: string, sectionId: string, dates: { open?: DateRule | null; due?: DateRule | null; close?: DateRule | null }) {
  return getDb().dateOverride.create({
    data: {
      assignmentId,
      scope: "SECTION",
      sectionId,
      openRule: dates.open === undefined ? null : json(dates.open),
      dueRule: dates.due === undefined ? null : json(dates.due),
      closeRule: dates.close === undefined ? null : json(dates.close),
    },
  });
}

async function learnerOverride(assignmentId: string, enrollmentId: string, due: DateRule) {
  return getDb().dateOverride.create({ data: { assignmentId, scope: "LEARNER", enrollmentId, dueRule: json(due) } });
}

async function extension(assignmentId: string, enrollmentId: string, minutes: number, status: "APPROVED" | "PENDING" | "DENIED" = "APPROVED") {
  return getDb().extensionRequest.create({
    data: { assignmentId, enrollmentId, status, source: "INSTRUCTOR", requestedMinutes: minutes, grantedMinutes: status === "APPROVED" ? minutes : 0 },
  });
}

async function submit(assignmentId: string, enrollmentId: string, submittedAt: Date) {
  return getDb().submission.create({ data: { assignmentId, enrollmentId, attempt: 1, submittedAt } });
}

const items = (groups: Awaited<ReturnType<typeof whatsDue>>) => groups.flatMap((g) => g.items);
const itemOf = async (user: Actor, assignmentId: string, when = now) => items(await whatsDue(user, when)).find((i) => i.assignment.id === assignmentId);

/** ICAL parse of a feed → its events as plain values. */
function eventsOf(text: string) {
  const vcal = new ICAL.Component(ICAL.parse(text));
  return vcal.getAllSubcomponents("vevent").map((e) => ({
    uid: String(e.getFirstPropertyValue("uid")),
    start: (e.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString(),
    summary: String(e.getFirstPropertyValue("summary")),
    url: String(e.getFirstPropertyValue("url")),
    lastModified: (e.getFirstPropertyValue("last-modified") as ICAL.Time | null)?.toJSDate().toISOString() ?? null,
  }));
}

const tokenOf = (url: string) => /\/calendar\/([^/]+)\.ics$/.exec(url)![1];


// ---- What's due ----------------------------------------------------------------------------

test("a learner-zone date is the same wall time on each student's own day (Auckland and Los Angeles)", async () => {
  const instructor = await createUser();
  const course = await createCourse(instructor);
  const nz = await createUser({ timeZone: "Pacific/Auckland" });
  const la = await createUser({ timeZone: "America/Los_Angeles" });
  const started = new Date("2026-03-01T00:00:00Z"); // 13:00 on 1 March in Auckland, 16:00 on 28 February in LA
  await enroll(nz, course.id, "STUDENT", null, started);
  await enroll(la, course.id, "STUDENT", null, started);
  const essay = await createAssignment(course.id, { title: "Essay", due: local("2026-03-06", "23:59", "LEARNER") });
  const quiz = await createAssignment(course.id, { title: "Quiz", due: { type: "RELATIVE_DAYS", days: 2, time: "09:00", zone: "LEARNER" } });

  const nzDue = await whatsDue(nz, now);
  expect(nzDue.map((g) => [g.day, g.items.map((i) => [i.assignment.title, iso(i.dueAt)])])).toEqual([
    ["2026-03-03", [["Quiz", "2026-03-02T20:00:00.000Z"]]], // 09:00 NZDT, two days after the start day
    ["2026-03-06", [["Essay", "2026-03-06T10:59:00.000Z"]]], // 23:59 NZDT
  ]);
  const laDue = await whatsDue(la, now);
  expect(laDue.map((g) => [g.day, g.items.map((i) => [i.assignment.title, iso(i.dueAt)])])).toEqual([
    ["2026-03-02", [["Quiz", "2026-03-02T17:00:00.000Z"]]], // 09:00 PST
    ["2026-03-06", [["Essay", "2026-03-07T07:59:00.000Z"]]], // 23:59 PST
  ]);
  expect(nzDue[1].label).toBe("Fri, 6 Mar 2026");
  expect(laDue[1].label).toBe("Fri, 6 Mar 2026");
  expect(nzDue[1].items[0]).toMatchObject({ href: `/courses/${course.slug}/assignments/${essay.id}`, course: { title: course.title, slug: course.slug } });
  expect(laDue[0].items[0].assignment.id).toBe(quiz.id);
});

test("section and learner overrides show up, each for the right student", async () => {
  const { instructor, course, section, student, student2 } = await createCourseWithCast();
  const sameAsDefault = await createSection(course.id, "Evening");
  const third = await createUser();
  await enroll(third, course.id, "STUDENT", section.id);
  const a = await createAssignment(course.id, { title: "Lab report", due: local("2026-03-10", "17:00"), close: local("2026-03-12", "17:00") });
  await sectionOverride(a.id, section.id, { due: local("2026-03-12", "17:00"), close: local("2026-03-14", "17:00") });
  await sectionOverride(a.id, sameAsDefault.id, { due: local("2026-03-10", "17:00") });
  await learnerOverride(a.id, (await enrollmentOf(third, course.id)).id, local("2026-03-15", "12:00"));

  expect(iso((await itemOf(student, a.id))!.dueAt)).toBe("2026-03-12T17:00:00.000Z"); // section
  expect(iso((await itemOf(student, a.id))!.closeAt)).toBe("2026-03-14T17:00:00.000Z");
  expect(iso((await itemOf(student2, a.id))!.dueAt)).toBe("2026-03-10T17:00:00.000Z"); // no section: default
  const thirds = (await itemOf(third, a.id))!;
  expect([iso(thirds.dueAt), iso(thirds.closeAt)]).toEqual(["2026-03-15T12:00:00.000Z", "2026-03-15T12:00:00.000Z"]); // learner due; close moved up to due

  const calendar = await courseCalendar(instructor, course.id, now);
  const row = calendar.assignments.find((r) => r.id === a.id)!;
  expect(iso(row.dates.dueAt)).toBe("2026-03-10T17:00:00.000Z");
  expect(row.rules.dueAt).toBe("Tue 10 Mar 2026, 17:00 course time (UTC)");
  expect(row.learnerOverrides).toBe(1);
  expect(row.sections.map((s) => [s.name, iso(s.dates.dueAt), s.differs])).toEqual([
    ["Evening", "2026-03-10T17:00:00.000Z", []],
    ["Morning", "2026-03-12T17:00:00.000Z", ["dueAt", "closeAt"]],
  ]);
  expect(row.sections[1].rules).toEqual({ dueAt: "Thu 12 Mar 2026, 17:00 course time (UTC)", closeAt: "Sat 14 Mar 2026, 17:00 course time (UTC)" });
});

test("an approved extension moves the due date; pending and denied ones do not", async () => {
  const { instructor, course, student, student2 } = await createCourseWithCast();
  const percent: LatePolicy = { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP" };
  const a = await createAssignment(course.id, { title: "Problem set", points: 20, due: at("2026-03-01T12:00:00Z"), latePolicy: percent });
  const before = (await itemOf(student, a.id))!;
  expect(before).toMatchObject({ state: "LATE", penaltyNowPercent: 10, badge: { tone: "late", text: "Late — submitting now costs 10 %" } });

  const mine = await enrollmentOf(student, course.id);
  await extension(a.id, mine.id, 1440);
  await extension(a.id, mine.id, 600, "PENDING");
  await extension(a.id, (await enrollmentOf(student2, course.id)).id, 1440, "DENIED");
  const after = (await itemOf(student, a.id))!;
  expect(iso(after.dueAt)).toBe("2026-03-02T12:00:00.000Z");
  expect(after).toMatchObject({ state: "DUE_SOON", penaltyNowPercent: null, badge: { tone: "soon", text: "Due soon" } });
  expect(iso((await itemOf(student2, a.id))!.dueAt)).toBe("2026-03-01T12:00:00.000Z");

  const row = (await courseCalendar(instructor, course.id, now)).assignments[0];
  expect(row.approvedExtensions).toBe(1);
  expect(iso(row.dates.dueAt)).toBe("2026-03-01T12:00:00.000Z"); // the course's date is unchanged
});

test("what's due sorts by deadline and groups by the viewer's local day across courses", async () => {
  const viewer = await createUser({ timeZone: "Pacific/Auckland" });
  const owner = await createUser();
  const art = await createCourse(owner, { title: "Art" });
  const bio = await createCourse(owner, { title: "Biology" });
  await enroll(viewer, art.id);
  await enroll(viewer, bio.id);
  const make = (courseId: string, title: string, rules: Parameters<typeof createAssignment>[1] = {}) => createAssignment(courseId, { title, ...rules });
  await make(art.id, "Sketch", { due: at("2026-03-03T10:30:00Z") }); // 23:30 Tue NZDT
  await make(bio.id, "Cells", { due: at("2026-03-03T11:30:00Z") }); // 00:30 Wed NZDT
  await make(art.id, "Colour", { due: at("2026-03-03T09:00:00Z") }); // 22:00 Tue
  await make(bio.id, "Survey", { close: at("2026-03-03T10:00:00Z") }); // close only: 23:00 Tue
  await make(bio.id, "Tie A", { due: at("2026-03-03T09:00:00Z") }); // same instant as Colour: course title decides
  await make(art.id, "Reading", {}); // no dates: never listed
  await make(art.id, "Far away", { due: at("2026-05-02T00:00:00Z") }); // > 60 days ahead
  await make(art.id, "Next term", { open: at("2026-04-01T00:00:00Z"), due: at("2026-04-20T00:00:00Z") });
  await make(art.id, "Closed long ago", { due: at("2026-02-20T00:00:00Z"), close: at("2026-02-21T23:00:00Z") }); // closed > 7 days
  await make(art.id, "Closed lately", { due: at("2026-02-24T00:00:00Z"), close: at("2026-02-25T00:00:00Z") });
  await make(art.id, "Still late", { due: at("2026-01-15T00:00:00Z") }); // no close: late forever, unsubmitted
  const doneLongAgo = await make(art.id, "Done long ago", { due: at("2026-01-20T00:00:00Z") });
  const doneRecently = await make(bio.id, "Done recently", { due: at("2026-03-01T00:00:00Z") });
  await submit(doneLongAgo.id, (await enrollmentOf(viewer, art.id)).id, new Date("2026-01-19T00:00:00Z"));
  await submit(doneRecently.id, (await enrollmentOf(viewer, bio.id)).id, new Date("2026-02-28T00:00:00Z"));

  const groups = await whatsDue(viewer, now);
  expect(groups.map((g) => [g.day, g.label, g.items.map((i) => `${i.course.title}/${i.assignment.title}`)])).toEqual([
    ["2026-01-15", "Thu, 15 Jan 2026", ["Art/Still late"]],
    ["2026-02-24", "Tue, 24 Feb 2026", ["Art/Closed lately"]],
    ["2026-03-01", "Sun, 1 Mar 2026", ["Biology/Done recently"]],
    ["2026-03-03", "Tue, 3 Mar 2026", ["Art/Colour", "Biology/Tie A", "Biology/Survey", "Art/Sketch"]],
    ["2026-03-04", "Wed, 4 Mar 2026", ["Biology/Cells"]],
    ["2026-04-20", "Mon, 20 Apr 2026", ["Art/Next term"]],
  ]);
  const byTitle = Object.fromEntries(items(groups).map((i) => [i.assignment.title, i]));
  expect(byTitle["Still late"].badge.text).toBe("Late — no penalty if you submit now");
  expect(byTitle["Closed lately"]).toMatchObject({ state: "CLOSED", badge: { text: "Closed" } });
  expect(byTitle["Done recently"]).toMatchObject({ submitted: true, badge: { tone: "submitted", text: "Submitted" } });
  expect(byTitle["Next term"].badge.text).toBe("Not open yet — opens Wed, 1 Apr 2026, 13:00 GMT+13");
  expect(byTitle["Survey"]).toMatchObject({ dueAt: null, state: "OPEN", badge: { text: "Open" } });
  expect((await whatsDue(viewer, now, { days: 90 })).flatMap((g) => g.items).map((i) => i.assignment.title)).toContain("Far away");
});

test("a student never sees other courses, unpublished work, draft courses or removed enrollments; courses they teach come as teaching events", async () => {
  const student = await createUser();
  const owner = await createUser();
  const mine = await createCourse(owner);
  const other = await createCourse(owner);
  const draft = await createCourse(owner, { status: "DRAFT" });
  const left = await createCourse(owner);
  const teaching = await createCourse(student);
  await enroll(student, mine.id);
  await enroll(student, draft.id);
  await getDb().enrollment.update({ where: { id: (await enroll(student, left.id)).id }, data: { status: "REMOVED" } });
  const due = { due: at("2026-03-05T12:00:00Z") };
  const visible = await createAssignment(mine.id, { title: "Visible", ...due });
  await createAssignment(mine.id, { title: "Unpublished", published: false, ...due });
  for (const c of [other, draft, left, teaching]) await createAssignment(c.id, { title: `In ${c.title}`, ...due });

  expect(items(await whatsDue(student, now)).map((i) => i.assignment.id)).toEqual([visible.id]);
  const { url } = await rotateIcalToken(student);
  const feed = eventsOf(await getIcalFeed(tokenOf(url), now));
  expect(feed.map((e) => e.summary).sort()).toEqual([`In ${teaching.title} due (${teaching.title})`, `Visible due (${mine.title})`].sort());
  // The taught course's deadline is the teaching side's (ical-teaching.test.ts), not a learner's.
  expect(feed.find((e) => e.summary.startsWith("In "))!.uid).toMatch(/^teaching-/);
});

test("a graded discussion's reply-by checkpoint is listed in What's due and the feed, marked once the student replied", async () => {
  const { instructor, course, student, student2 } = await createCourseWithCast();
  const db = getDb();
  const assignment = await createAssignment(course.id, { title: "Week 3: lenses", points: 10, due: at("2026-03-04T12:00:00Z") });
  const discussion = await db.discussion.create({
    data: { courseId: course.id, authorId: instructor.id, title: "Week 3: lenses", assignmentId: assignment.id, replyByRule: json(at("2026-03-06T12:00:00Z")) },
  });
  await db.assignment.update({ where: { id: assignment.id }, data: { discussionId: discussion.id, submissionTypes: "DISCUSSION" } });
  const token = tokenOf((await rotateIcalToken(student)).url);
  const titled = async () => Object.fromEntries(items(await whatsDue(student, now)).map((i) => [i.assignment.title, i]));

  const before = await titled();
  expect(before["Reply by: Week 3: lenses"]).toMatchObject({ dueAt: new Date("2026-03-06T12:00:00Z"), href: `/courses/${course.slug}/discussions/${discussion.id}`, badge: { text: "Open" } });
  expect(before["Week 3: lenses"].dueAt).toEqual(new Date("2026-03-04T12:00:00Z"));
  const feed = eventsOf(await getIcalFeed(token, now));
  expect(feed.map((e) => [e.summary, e.start])).toEqual([
    [`Week 3: lenses due (${course.title})`, "2026-03-04T12:00:00.000Z"],
    [`Reply by: Week 3: lenses (${course.title})`, "2026-03-06T12:00:00.000Z"],
  ]);
  expect(feed[1].uid).toBe(`reply-by-${discussion.id}-${student.id}@coursework`);

  // A reply to a classmate counts; a reply by someone else does not.
  const classmate = await db.post.create({ data: { discussionId: discussion.id, authorId: student2.id, body: "First!" } });
  expect((await titled())["Reply by: Week 3: lenses"].badge.text).toBe("Open");
  await db.post.create({ data: { discussionId: discussion.id, authorId: student.id, body: "Good point.", parentId: classmate.id, depth: 1 } });
  expect((await titled())["Reply by: Week 3: lenses"]).toMatchObject({ submitted: true, badge: { tone: "submitted", text: "Replied" } });

  // Moving the checkpoint moves the feed's event.
  await db.discussion.update({ where: { id: discussion.id }, data: { replyByRule: json(at("2026-03-07T12:00:00Z")) } });
  expect(eventsOf(await getIcalFeed(token, now))[1].start).toBe("2026-03-07T12:00:00.000Z");
});

// ---- Instructor calendar -------------------------------------------------------------------

test("the course calendar is for staff: 403 for a student, 404 for an outsider, all assignments for staff", async () => {
  const { instructor, ta, student, outsider, admin, course, section } = await createCourseWithCast();
  await getDb().course.update({ where: { id: course.id }, data: { timeZone: "Europe/Berlin", startsAt: new Date("2026-03-02T00:00:00Z") } });
  const weekly = await createAssignment(course.id, { title: "Week 1", due: { type: "RELATIVE_DAYS", days: 7, time: "23:59" } });
  const draft = await createAssignment(course.id, { title: "Draft", published: false, position: 1 });
  await sectionOverride(weekly.id, section.id, { due: { type: "RELATIVE_DAYS", days: 9, time: "23:59" } });

  expect(await codeOf(courseCalendar(student, course.id, now))).toBe("FORBIDDEN");
  expect(await codeOf(courseCalendar(outsider, course.id, now))).toBe("NOT_FOUND");
  for (const actor of [instructor, ta, admin]) expect(await codeOf(courseCalendar(actor, course.id, now))).toBe("ok");

  const calendar = await courseCalendar(ta, course.id, now);
  expect(calendar.referenceIsCourseStart).toBe(true);
  expect(calendar.sections.map((s) => s.name)).toEqual(["Morning"]);
  expect(calendar.assignments.map((a) => [a.title, a.published])).toEqual([
    ["Week 1", true],
    ["Draft", false],
  ]);
  const [row, draftRow] = calendar.assignments;
  // Course start 2 March 01:00 CET → start day 2 March; +7 days at 23:59 CET.
  expect(iso(row.dates.dueAt)).toBe("2026-03-09T22:59:00.000Z");
  expect(row.rules.dueAt).toBe("7 days after each learner starts, 23:59 course time (Europe/Berlin)");
  expect(row.sections).toMatchObject([{ name: "Morning", differs: ["dueAt"], rules: { dueAt: "9 days after each learner starts, 23:59 course time (Europe/Berlin)" } }]);
  expect(iso(row.sections[0].dates.dueAt)).toBe("2026-03-11T22:59:00.000Z");
  expect(draftRow).toMatchObject({ id: draft.id, rules: { openAt: "No limit", dueAt: "No limit", closeAt: "No limit" }, sections: [] });

  await getDb().course.update({ where: { id: course.id }, data: { startsAt: null } });
  const undated = await courseCalendar(instructor, course.id, now);
  expect(undated.referenceIsCourseStart).toBe(false);
  expect(iso(undated.referenceStart)).toBe(iso(now));
});

test("the calendar page answers 403 to a student and lists section differences to staff", async () => {
  const { instructor, student, course, section } = await createCourseWithCast();
  const a = await createAssignment(course.id, { title: "Essay", due: local("2026-03-10", "17:00") });
  await sectionOverride(a.id, section.id, { due: local("2026-03-11", "17:00") });
  const request = async (user: Actor) =>
    new Request(`${BASE}/courses/${course.slug}/calendar`, { headers: { Cookie: await cookieFor(user.id) } });
  const refused = await courseCalendarLoader(args(await request(student), { slug: course.slug })).then(
    () => null,
    (e: any) => e,
  );
  expect(refused?.init?.status).toBe(403);
  const page = await courseCalendarLoader(args(await request(instructor), { slug: course.slug }));
  expect(page.calendar.assignments[0].sections[0]).toMatchObject({ name: "Morning", differs: ["dueAt"] });
});

// ---- iCal feed -----------------------------------------------------------------------------

test("the iCal feed parses, has one event per dated assignment, and follows overrides with a stable UID", async () => {
  const { course, student } = await createCourseWithCast();
  await getDb().user.update({ where: { id: student.id }, data: { timeZone: "Pacific/Auckland" } });
  const essay = await createAssignment(course.id, { title: "Essay; part 1, draft", due: local("2026-03-06", "23:59", "LEARNER") });
  const survey = await createAssignment(course.id, { title: "Survey", close: at("2026-03-20T12:00:00Z") });
  await createAssignment(course.id, { title: "Reading" }); // no dates
  await createAssignment(course.id, { title: "Hidden", published: false, due: at("2026-03-07T00:00:00Z") });
  expect(await hasIcalFeed(student)).toBe(false);
  const { url } = await rotateIcalToken(student);
  expect(url).toMatch(/^http:\/\/localhost:3000\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  expect(await hasIcalFeed(student)).toBe(true);
  const token = tokenOf(url);

  const first = eventsOf(await getIcalFeed(token, now));
  expect(first).toHaveLength(2);
  const resolved = Object.fromEntries(items(await whatsDue({ ...student, timeZone: "Pacific/Auckland" }, now)).map((i) => [i.assignment.id, i]));
  expect(first[0]).toMatchObject({
    uid: `assignment-${essay.id}-${student.id}@coursework`,
    start: iso(resolved[essay.id].dueAt),
    summary: `Essay; part 1, draft due (${course.title})`,
    url: `${BASE}/courses/${course.slug}/assignments/${essay.id}`,
  });
  expect(first[0].start).toBe("2026-03-06T10:59:00.000Z"); // 23:59 in Auckland
  expect(first[1]).toMatchObject({ uid: `assignment-${survey.id}-${student.id}@coursework`, start: "2026-03-20T12:00:00.000Z", summary: `Survey closes (${course.title})` });

  const again = eventsOf(await getIcalFeed(token, new Date(now.getTime() + 3_600_000)));
  expect(again.map((e) => e.uid)).toEqual(first.map((e) => e.uid));

  const override = await learnerOverride(essay.id, (await enrollmentOf(student, course.id)).id, local("2026-03-09", "09:00", "LEARNER"));
  const moved = eventsOf(await getIcalFeed(token, now));
  expect(moved[0].uid).toBe(first[0].uid);
  expect(moved[0].start).toBe("2026-03-08T20:00:00.000Z"); // 09:00 NZDT
  expect(moved[0].lastModified).toBe(new Date(Math.floor(override.updatedAt.getTime() / 1000) * 1000).toISOString());
  expect(moved[0].lastModified! >= first[0].lastModified!).toBe(true);
});

test("the feed route answers text/calendar with private caching, and 404 for a rotated or revoked token", async () => {
  const { course, student } = await createCourseWithCast();
  await createAssignment(course.id, { due: at("2026-03-05T12:00:00Z") });
  const get = (token: string) => icsLoader(args(new Request(`${BASE}/calendar/${token}.ics`), { token }));

  const old = tokenOf((await rotateIcalToken(student)).url);
  const ok: Response = await get(old);
  expect(ok.status).toBe(200);
  expect(ok.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(ok.headers.get("Cache-Control")).toBe("private, max-age=300");
  const body = await ok.text();
  expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(eventsOf(body)).toHaveLength(1);

  const fresh = tokenOf((await rotateIcalToken(student)).url);
  const gone: Response = await get(old);
  expect(gone.status).toBe(404);
  expect(gone.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  expect(await gone.text()).toMatch(/does not work any more/);
  expect((await get(fresh)).status).toBe(200);

  await revokeIcalToken(student);
  expect((await get(fresh)).status).toBe(404);
  expect(await hasIcalFeed(student)).toBe(false);
  expect((await get("")).status).toBe(404);
  expect(await codeOf(getIcalFeed("not-a-token", now))).toBe("NOT_FOUND");
});

test("the feed is rebuilt exactly when something it shows changes, and a known ETag gets a 304", async () => {
  const { course, section, student, student2 } = await createCourseWithCast();
  const essay = await createAssignment(course.id, { title: "Essay", due: at("2026-03-05T12:00:00Z") });
  const token = tokenOf((await rotateIcalToken(student)).url);
  const enrollment = await enrollmentOf(student, course.id);
  const db = getDb();

  const first = await loadIcalFeed(token, now);
  expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  // Nothing changed: the same version (and the same text, built at the first request).
  const later = await loadIcalFeed(token, new Date(now.getTime() + 3_600_000));
  expect(later).toEqual(first);
  // Another student's own changes are not this feed's business.
  await learnerOverride(essay.id, (await enrollmentOf(student2, course.id)).id, at("2026-03-09T12:00:00Z"));
  expect((await loadIcalFeed(token, now)).etag).toBe(first.etag);

  const changes: [string, () => Promise<unknown>, (text: string) => void][] = [
    ["assignment renamed", () => db.assignment.update({ where: { id: essay.id }, data: { title: "Essay, revised" } }), (t) => expect(t).toContain("Essay\\, revised due")],
    ["section override", () => sectionOverride(essay.id, section.id, { due: at("2026-03-06T12:00:00Z") }), (t) => expect(eventsOf(t)[0].start).toBe("2026-03-06T12:00:00.000Z")],
    ["learner override", () => learnerOverride(essay.id, enrollment.id, at("2026-03-07T12:00:00Z")), (t) => expect(eventsOf(t)[0].start).toBe("2026-03-07T12:00:00.000Z")],
    ["extension approved", () => extension(essay.id, enrollment.id, 60), (t) => expect(eventsOf(t)[0].start).toBe("2026-03-07T13:00:00.000Z")],
    ["new assignment", () => createAssignment(course.id, { title: "Quiz", due: at("2026-03-20T12:00:00Z") }), (t) => expect(eventsOf(t)).toHaveLength(2)],
    ["course renamed", () => db.course.update({ where: { id: course.id }, data: { title: "Renamed course" } }), (t) => expect(t).toContain("(Renamed course)")],
    ["time zone changed", () => db.user.update({ where: { id: student.id }, data: { timeZone: "Asia/Tokyo" } }), (t) => expect(t).toContain("GMT+9")],
    ["learner overrides removed", () => db.dateOverride.deleteMany({ where: { enrollmentId: enrollment.id } }), (t) => expect(eventsOf(t)[0].start).toBe("2026-03-06T13:00:00.000Z")],
    ["assignment deleted", () => db.assignment.deleteMany({ where: { title: "Quiz" } }), (t) => expect(eventsOf(t)).toHaveLength(1)],
    ["left the course", () => db.enrollment.update({ where: { id: enrollment.id }, data: { status: "REMOVED" } }), (t) => expect(eventsOf(t)).toHaveLength(0)],
  ];
  const seen = new Set([first.etag]);
  for (const [what, change, check] of changes) {
    await change();
    const feed = await loadIcalFeed(token, now);
    expect(seen.has(feed.etag), what).toBe(false);
    seen.add(feed.etag);
    check(feed.text);
  }

  // The route sends the version as the ETag and answers a conditional request with 304, no body.
  const get = (headers: Record<string, string> = {}) => icsLoader(args(new Request(`${BASE}/calendar/${token}.ics`, { headers }), { token }));
  const full: Response = await get();
  const etag = full.headers.get("ETag")!;
  expect(etag).toBe((await loadIcalFeed(token, now)).etag);
  const notModified: Response = await get({ "If-None-Match": `"other", W/${etag}` });
  expect(notModified.status).toBe(304);
  expect(await notModified.text()).toBe("");
  expect(notModified.headers.get("ETag")).toBe(etag);
  expect(((await get({ "If-None-Match": '"stale"' })) as Response).status).toBe(200);

  // A client that takes gzip gets the version's ready-made gzip, under its own ETag.
  const zipped: Response = await get({ "Accept-Encoding": "gzip, deflate, br" });
  expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
  expect(zipped.headers.get("Vary")).toBe("Accept-Encoding");
  expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString("utf8")).toBe(await full.text());
  const zippedTag = zipped.headers.get("ETag")!;
  expect(zippedTag).not.toBe(etag);
  expect(((await get({ "Accept-Encoding": "gzip", "If-None-Match": zippedTag })) as Response).status).toBe(304);
  expect(((await get({ "If-None-Match": zippedTag })) as Response).status).toBe(200);
  expect(((await get({ "Accept-Encoding": "gzip;q=0" })) as Response).headers.get("Content-Encoding")).toBeNull();
});

test("the settings page creates a link once, a new link replaces it, and turning off revokes it", async () => {
  const user = await createUser();
  const cookie = await cookieFor(user.id);
  const post = (intent: string) =>
    feedAction(
      args(
        new Request(`${BASE}/settings/calendar`, {
          method: "POST",
          body: new URLSearchParams({ intent }),
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: BASE },
        }),
      ),
    );
  const page = () => feedLoader(args(new Request(`${BASE}/settings/calendar`, { headers: { Cookie: cookie } })));
  expect((await page()).hasFeed).toBe(false);
  const created = (await post("rotate")) as { url: string };
  expect(created.url).toMatch(/\/calendar\/.+\.ics$/);
  expect((await page()).hasFeed).toBe(true);
  const stored = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { icalTokenHash: true } });
  expect(stored.icalTokenHash).toBe(hashToken(tokenOf(created.url))); // only the hash is kept
  const replaced = (await post("rotate")) as { url: string };
  expect(replaced.url).not.toBe(created.url);
  expect(await codeOf(getIcalFeed(tokenOf(created.url), now))).toBe("NOT_FOUND");
  expect(await post("revoke")).toMatchObject({ ok: true, revoked: true });
  expect((await page()).hasFeed).toBe(false);
  const bad = (await post("explode")) as any;
  expect(bad.init.status).toBe(400);
});

test("the what's due page loads the viewer's groups", async () => {
  const { course, student } = await createCourseWithCast();
  await createAssignment(course.id, { title: "Soon", due: at(new Date(Date.now() + 3_600_000).toISOString()) });
  const result = await dueLoader(args(new Request(`${BASE}/due`, { headers: { Cookie: await cookieFor(student.id) } })));
  expect(result.zone).toBe("UTC");
  expect(result.groups.flatMap((g) => g.items).map((i) => [i.title, i.badge.text])).toEqual([["Soon", "Due soon"]]);
  expect(result).toMatchObject({ days: 14, show: 30, total: 1, shown: 1 });
});

test("the what's due page shows the soonest 30 deadlines of the chosen window and offers more", async () => {
  const { course, student } = await createCourseWithCast();
  const hour = 3_600_000;
  for (let i = 0; i < 40; i++) {
    await createAssignment(course.id, { title: `Soon ${String(i).padStart(2, "0")}`, position: i, due: at(new Date(Date.now() + (i + 1) * 6 * hour).toISOString()) });
  }
  await createAssignment(course.id, { title: "In three weeks", due: at(new Date(Date.now() + 21 * 24 * hour).toISOString()) });
  const cookie = await cookieFor(student.id);
  const load = (query: string) => dueLoader(args(new Request(`${BASE}/due${query}`, { headers: { Cookie: cookie } })));
  const titles = (r: Awaited<ReturnType<typeof load>>) => r.groups.flatMap((g) => g.items).map((i) => i.title);

  const first = await load("");
  expect(first).toMatchObject({ days: 14, show: 30, total: 40, shown: 30 });
  expect(titles(first)).toEqual(Array.from({ length: 30 }, (_, i) => `Soon ${String(i).padStart(2, "0")}`));
  const item = first.groups[0].items[0];
  expect(item.dates).toEqual([{ label: "Due", iso: expect.any(String), text: expect.stringContaining("UTC") }]);

  const more = await load("?days=14&show=60");
  expect(more).toMatchObject({ total: 40, shown: 40 });
  const month = await load("?days=30");
  expect(month).toMatchObject({ days: 30, total: 41, shown: 30 });
  expect(titles(await load("?days=30&show=60"))).toContain("In three weeks");

  for (const bad of ["?days=13", "?days=soon", "?show=0", "?show=1.5", "?show=5000"]) {
    const error = await load(bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, bad).toMatchObject({ init: { status: 400 } });
  }
});

// ---- Query counts --------------------------------------------------------------------------

async function studentIn(courses: number, assignments: number) {
  const student = await createUser();
  const owner = await createUser();
  for (let c = 0; c < courses; c++) {
    const course = await createCourse(owner);
    const section = await createSection(course.id, "Morning");
    const enrollment = await enroll(student, course.id, "STUDENT", section.id);
    for (let i = 0; i < assignments; i++) {
      const a = await createAssignment(course.id, { position: i, due: local("2026-03-10", "23:59", "LEARNER"), close: { type: "RELATIVE_DAYS", days: 20, time: "12:00" } });
      if (i % 3 === 0) await sectionOverride(a.id, section.id, { due: local("2026-03-11", "23:59") });
      if (i % 3 === 1) await learnerOverride(a.id, enrollment.id, local("2026-03-12", "23:59"));
      if (i % 4 === 0) await extension(a.id, enrollment.id, 60);
      if (i % 5 === 0) await submit(a.id, enrollment.id, now);
    }
  }
  return { student, owner };
}

async function queriesOf(fn: () => Promise<unknown>) {
  await fn();
  const before = queryCounter.count;
  await fn();
  return queryCounter.count - before;
}

test("what's due and the feed run the same number of queries for 2 × 3 and 6 × 10 assignments", async () => {
  const small = await studentIn(2, 3);
  const big = await studentIn(6, 10);
  expect(items(await whatsDue(small.student, now))).toHaveLength(6);
  expect(items(await whatsDue(big.student, now))).toHaveLength(60);
  const smallCount = await queriesOf(() => whatsDue(small.student, now));
  const bigCount = await queriesOf(() => whatsDue(big.student, now));
  expect(bigCount).toBe(smallCount);
  expect(smallCount).toBeGreaterThan(0);
  expect(smallCount).toBeLessThanOrEqual(8); // today's count: enrollments (+ user, course), assignments, overrides, extensions, submissions, graded discussions

  const feed = async (student: Actor) => {
    const token = tokenOf((await rotateIcalToken(student)).url);
    return queriesOf(() => getIcalFeed(token, now));
  };
  expect(await feed(big.student)).toBe(await feed(small.student));
});

test("the course calendar runs the same number of queries for a small and a large course", async () => {
  const build = async (sections: number, assignments: number) => {
    const { instructor, course } = await createCourseWithCast();
    const ids = [];
    for (let s = 0; s < sections; s++) ids.push((await createSection(course.id, `S${s}`)).id);
    for (let i = 0; i < assignments; i++) {
      const a = await createAssignment(course.id, { position: i, due: { type: "RELATIVE_DAYS", days: i, time: "23:59" } });
      await sectionOverride(a.id, ids[i % ids.length], { due: { type: "RELATIVE_DAYS", days: i + 1, time: "23:59" } });
    }
    return () => courseCalendar(instructor, course.id, now);
  };
  const small = await queriesOf(await build(2, 3));
  const big = await queriesOf(await build(5, 20));
  expect(big).toBe(small);
});
