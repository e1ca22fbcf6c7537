/**
 * What's due and the iCal feed keep each student's resolved deadlines per process, keyed on a
 * version read from the database on every request (services/deadline-version.server.ts). These
 * tests prove the cache is really used (a cached call is one query) and never serves stale data:
 * every kind of change shows on the very next call, both while the change is recent (the copy is
 * then not kept) and once it has settled (the copy is rebuilt and kept).
 *
 * The clock (Date only) is faked so that "settled" can be reached without waiting.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { DateRule } from "~/domain/schedule";
import { getDb, queryCounter } from "~/lib/db.server";
import { loader as dueLoader } from "~/routes/due";
import { whatsDue, WHATS_DUE_LOOKBACK_DAYS } from "~/services/calendar.server";
import { DeadlineCache } from "~/services/deadline-version.server";
import { loadIcalFeed, rotateIcalToken } from "~/services/ical-feed.server";
import type { Actor } from "~/services/users.server";
import { createAssignment, createCourseWithCast, createSection, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const at = (s: string): DateRule => ({ type: "ABSOLUTE", at: new Date(s) });
const json = (rule: DateRule) => JSON.stringify(rule);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-02T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock past the settle window, so a newly built copy is kept. */
const settle = () => vi.setSystemTime(new Date(Date.now() + 60_000));

async function queriesOf<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const before = queryCounter.count;
  const result = await fn();
  return [result, queryCounter.count - before];
}

type Row = { title: string; dueAt: string | null; badge: string };
async function dueRows(user: Actor): Promise<Row[]> {
  const groups = await whatsDue(user, new Date(), { days: 60 });
  return groups.flatMap((g) => g.items).map((i) => ({ title: i.assignment.title, dueAt: i.dueAt?.toISOString() ?? null, badge: i.badge.text }));
}
const rowOf = (rows: Row[], title: string) => rows.find((r) => r.title === title);

/**
 * After a change: the next call shows it (while recent), again once settled, and then the cache
 * answers with one query and the same rows.
 */
async function expectFresh(user: Actor, what: string, check: (rows: Row[]) => void) {
  const recent = await dueRows(user);
  check(recent);
  settle();
  const rebuilt = await dueRows(user);
  check(rebuilt);
  const [cached, queries] = await queriesOf(() => dueRows(user));
  expect(queries, `${what}: cached call`).toBe(1);
  expect(cached, what).toEqual(rebuilt);
}

test("What's due answers from the cache and shows every kind of change on the next call", async () => {
  const { instructor, course, section, student, student2 } = await createCourseWithCast();
  const db = getDb();
  const evening = await createSection(course.id, "Evening");
  const user = await db.user.update({ where: { id: student.id }, data: { timeZone: "Europe/Berlin" }, select: { id: true, timeZone: true } });
  const me = { ...student, ...user };
  const enrollment = await db.enrollment.findFirstOrThrow({ where: { userId: student.id, courseId: course.id } });
  const essay = await createAssignment(course.id, { title: "Essay", due: at("2026-03-10T12:00:00Z") });
  const drift = await createAssignment(course.id, { title: "Drift", due: { type: "RELATIVE_DAYS", days: 3, time: "09:00", zone: "LEARNER" } });
  const local = await createAssignment(course.id, { title: "Local", due: { type: "LOCAL", date: "2026-03-20", time: "18:00", zone: "LEARNER" } });

  settle();
  await dueRows(me); // builds and keeps
  const [first, queries] = await queriesOf(() => dueRows(me));
  expect(queries).toBe(1);
  expect(rowOf(first, "Essay")).toEqual({ title: "Essay", dueAt: "2026-03-10T12:00:00.000Z", badge: "Open" });
  expect(rowOf(first, "Local")!.dueAt).toBe("2026-03-20T17:00:00.000Z"); // 18:00 in Berlin

  const changes: [string, () => Promise<unknown>, (rows: Row[]) => void][] = [
    [
      "assignment date edited",
      () => db.assignment.update({ where: { id: essay.id }, data: { dueRule: json(at("2026-03-11T12:00:00Z")) } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-11T12:00:00.000Z"),
    ],
    ["new assignment", () => createAssignment(course.id, { title: "Quiz", due: at("2026-03-15T12:00:00Z") }), (rows) => expect(rowOf(rows, "Quiz")).toBeDefined()],
    ["assignment deleted", () => db.assignment.deleteMany({ where: { courseId: course.id, title: "Quiz" } }), (rows) => expect(rowOf(rows, "Quiz")).toBeUndefined()],
    [
      "assignment unpublished",
      () => db.assignment.update({ where: { id: local.id }, data: { published: false } }),
      (rows) => expect(rowOf(rows, "Local")).toBeUndefined(),
    ],
    ["assignment published again", () => db.assignment.update({ where: { id: local.id }, data: { published: true } }), (rows) => expect(rowOf(rows, "Local")).toBeDefined()],
    [
      "section override",
      () => db.dateOverride.create({ data: { assignmentId: essay.id, scope: "SECTION", sectionId: section.id, dueRule: json(at("2026-03-12T12:00:00Z")) } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-12T12:00:00.000Z"),
    ],
    [
      "moved to another section (without the override)",
      () => db.enrollment.update({ where: { id: enrollment.id }, data: { sectionId: evening.id } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-11T12:00:00.000Z"),
    ],
    [
      "moved back",
      () => db.enrollment.update({ where: { id: enrollment.id }, data: { sectionId: section.id } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-12T12:00:00.000Z"),
    ],
    [
      "learner override",
      () => db.dateOverride.create({ data: { assignmentId: essay.id, scope: "LEARNER", enrollmentId: enrollment.id, dueRule: json(at("2026-03-13T12:00:00Z")) } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-13T12:00:00.000Z"),
    ],
    [
      "pending extension (no change)",
      () =>
        db.extensionRequest.create({
          data: { assignmentId: essay.id, enrollmentId: enrollment.id, status: "PENDING", source: "REQUEST", requestedMinutes: 60, grantedMinutes: 0 },
        }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-13T12:00:00.000Z"),
    ],
    [
      "extension approved",
      () => db.extensionRequest.updateMany({ where: { enrollmentId: enrollment.id }, data: { status: "APPROVED", grantedMinutes: 60 } }),
      (rows) => expect(rowOf(rows, "Essay")!.dueAt).toBe("2026-03-13T13:00:00.000Z"),
    ],
    [
      "enrollment start moved",
      () => db.enrollment.update({ where: { id: enrollment.id }, data: { startedAt: new Date("2026-03-05T12:00:00Z") } }),
      (rows) => expect(rowOf(rows, "Drift")!.dueAt).toBe("2026-03-08T08:00:00.000Z"), // 09:00 Berlin, 3 days after 5 March
    ],
    [
      "user time zone changed",
      () => db.user.update({ where: { id: student.id }, data: { timeZone: "Asia/Tokyo" } }),
      (rows) => expect(rowOf(rows, "Local")!.dueAt).toBe("2026-03-20T09:00:00.000Z"), // 18:00 in Tokyo
    ],
    [
      "course end (a clamped rule)",
      async () => {
        await db.assignment.update({ where: { id: drift.id }, data: { dueRule: json({ type: "RELATIVE_DAYS", days: 30, time: "09:00", clampToCourseEnd: true }) } });
        await db.course.update({ where: { id: course.id }, data: { endsAt: new Date("2026-03-25T00:00:00Z") } });
      },
      (rows) => expect(rowOf(rows, "Drift")!.dueAt).toBe("2026-03-25T00:00:00.000Z"),
    ],
    [
      "a submission",
      () => db.submission.create({ data: { assignmentId: essay.id, enrollmentId: enrollment.id, attempt: 1, submittedAt: new Date() } }),
      (rows) => expect(rowOf(rows, "Essay")!.badge).toBe("Submitted"),
    ],
    [
      "the submission removed",
      () => db.submission.deleteMany({ where: { enrollmentId: enrollment.id } }),
      (rows) => expect(rowOf(rows, "Essay")!.badge).toBe("Open"),
    ],
    [
      "left the course",
      () => db.enrollment.update({ where: { id: enrollment.id }, data: { status: "REMOVED" } }),
      (rows) => expect(rows).toEqual([]),
    ],
    ["back in the course", () => db.enrollment.update({ where: { id: enrollment.id }, data: { status: "ACTIVE" } }), (rows) => expect(rows).toHaveLength(3)],
  ];
  for (const [what, change, check] of changes) {
    await change();
    await expectFresh(me, what, check);
  }

  // Another student's changes leave this student's copy alone (still one query, same rows).
  const other = await db.enrollment.findFirstOrThrow({ where: { userId: student2.id, courseId: course.id } });
  const before = await dueRows(me);
  await db.dateOverride.create({ data: { assignmentId: essay.id, scope: "LEARNER", enrollmentId: other.id, dueRule: json(at("2026-03-30T12:00:00Z")) } });
  await db.submission.create({ data: { assignmentId: essay.id, enrollmentId: other.id, attempt: 1, submittedAt: new Date() } });
  const [after, queries2] = await queriesOf(() => dueRows(me));
  expect(queries2).toBe(1);
  expect(after).toEqual(before);
  expect(instructor.id).not.toBe(student.id);
});

test("a reply in a graded discussion, and a changed reply-by date, show on the next call", async () => {
  const { instructor, course, student, student2 } = await createCourseWithCast();
  const db = getDb();
  const assignment = await createAssignment(course.id, { title: "Week 3", points: 10, due: at("2026-03-04T12:00:00Z") });
  const discussion = await db.discussion.create({
    data: { courseId: course.id, authorId: instructor.id, title: "Week 3", assignmentId: assignment.id, replyByRule: json(at("2026-03-06T12:00:00Z")) },
  });
  const classmate = await db.post.create({ data: { discussionId: discussion.id, authorId: student2.id, body: "First!" } });
  settle();
  await dueRows(student);
  const [rows, queries] = await queriesOf(() => dueRows(student));
  expect(queries).toBe(1);
  expect(rowOf(rows, "Reply by: Week 3")).toEqual({ title: "Reply by: Week 3", dueAt: "2026-03-06T12:00:00.000Z", badge: "Open" });

  // A top-level post is not a reply; a reply is (the post also touches nothing the version reads but the discussion).
  await db.post.create({ data: { discussionId: discussion.id, authorId: student.id, body: "My own thread." } });
  expect(rowOf(await dueRows(student), "Reply by: Week 3")!.badge).toBe("Open");
  const reply = await db.post.create({ data: { discussionId: discussion.id, authorId: student.id, body: "Good point.", parentId: classmate.id, depth: 1 } });
  await expectFresh(student, "reply", (r) => expect(rowOf(r, "Reply by: Week 3")!.badge).toBe("Replied"));
  await db.post.update({ where: { id: reply.id }, data: { deletedAt: new Date() } });
  await expectFresh(student, "reply deleted", (r) => expect(rowOf(r, "Reply by: Week 3")!.badge).toBe("Open"));

  await db.discussion.update({ where: { id: discussion.id }, data: { replyByRule: json(at("2026-03-07T12:00:00Z")) } });
  await expectFresh(student, "reply-by moved", (r) => expect(rowOf(r, "Reply by: Week 3")!.dueAt).toBe("2026-03-07T12:00:00.000Z"));
});

test("states come from the clock on every call, not from the cached copy", async () => {
  const { course, student } = await createCourseWithCast();
  const late = await createAssignment(course.id, {
    title: "Lab",
    points: 10,
    due: at("2026-03-03T12:00:00Z"),
    close: at("2026-03-20T12:00:00Z"),
    latePolicy: { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP" },
  });
  settle(); // 2 March, 00:01
  await dueRows(student);
  expect(rowOf(await dueRows(student), "Lab")!.badge).toBe("Due soon");
  vi.setSystemTime(new Date("2026-03-04T13:00:00Z"));
  await dueRows(student);
  const [rows, queries] = await queriesOf(() => dueRows(student));
  expect(queries).toBe(1);
  expect(rowOf(rows, "Lab")!.badge).toBe("Late — submitting now costs 20 %");
  vi.setSystemTime(new Date(new Date("2026-03-20T12:00:00Z").getTime() + (WHATS_DUE_LOOKBACK_DAYS + 1) * 86_400_000));
  expect(rowOf(await dueRows(student), "Lab")).toBeUndefined(); // closed more than a week ago
  expect(late.id).toBeTruthy();
});

test("the page loader and the iCal feed each read the version in one query when nothing changed", async () => {
  const { course, student } = await createCourseWithCast();
  await createAssignment(course.id, { title: "Soon", due: at("2026-03-03T12:00:00Z") });
  const token = /\/calendar\/([^/]+)\.ics$/.exec((await rotateIcalToken(student)).url)![1];
  const cookie = await cookieFor(student.id);
  settle();
  const load = () => dueLoader(args(new Request(`${BASE}/due`, { headers: { Cookie: cookie } })));
  await load();
  const [page, pageQueries] = await queriesOf(load);
  expect(page.groups.flatMap((g) => g.items).map((i) => [i.title, i.badge.text])).toEqual([["Soon", "Due soon"]]);
  expect(pageQueries).toBe(2); // the session with its user, then the version

  await loadIcalFeed(token, new Date());
  const [feed, feedQueries] = await queriesOf(() => loadIcalFeed(token, new Date()));
  expect(feed.text).toContain("SUMMARY:Soon due");
  expect(feedQueries).toBe(2); // the token's user, the version
});

test("a student with no courses has nothing due, and enrolling shows the course at once", async () => {
  const student = await createUser();
  const { course } = await createCourseWithCast();
  await createAssignment(course.id, { title: "Intro", due: at("2026-03-05T12:00:00Z") });
  settle();
  expect(await dueRows(student)).toEqual([]);
  await enroll(student, course.id);
  expect((await dueRows(student)).map((r) => r.title)).toEqual(["Intro"]);
});

test("the cache keeps at most its weight, dropping the least recently used first", () => {
  const cache = new DeadlineCache<{ version: string; weight: number }>(10);
  cache.set("a", { version: "1", weight: 4 });
  cache.set("b", { version: "1", weight: 4 });
  expect(cache.get("a", "1")).toBeDefined(); // a is now the most recent
  cache.set("c", { version: "1", weight: 4 });
  expect(cache.get("b", "1")).toBeUndefined();
  expect(cache.get("a", "1")).toBeDefined();
  expect(cache.weight).toBe(8);
  expect(cache.get("a", "2")).toBeUndefined(); // another version: gone
  expect(cache.weight).toBe(4);
  cache.set("d", { version: "1", weight: 11 }); // heavier than the budget: not kept
  expect(cache.get("d", "1")).toBeUndefined();
  expect(cache.weight).toBe(4);
});
