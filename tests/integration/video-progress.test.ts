/**
 * Video progress saves that overlap in time (two tabs, a retried request, the page-hide beacon
 * racing a periodic save) must all be kept: the merge of watched ranges is atomic on both
 * databases. Also the answers the progress API gives to bad input, drafts and non-students.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as progressAction } from "~/routes/api.items.$itemId.progress";
import { createItem, createModule, updateItem, updateModule } from "~/services/modules.server";
import { getCourseHomePlan, openItem } from "~/services/study.server";
import { saveVideoProgress } from "~/services/video-progress.server";
import { createCourseWithCast } from "../factories";
import { args, cookieFor } from "../factories/requests";

const now = new Date("2026-11-26T10:00:00Z");
const BASE = "http://localhost:3000";

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.status} ${e.message}` : Promise.reject(e)),
  );
}

const video = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  kind: "VIDEO" as const,
  body: "",
  published: true,
  completionRule: "WATCH" as const,
  completionThreshold: 90,
  assignmentId: null,
  ...extra,
});

/** A published module holding one published 600-s video (WATCH, 90 %). */
async function build() {
  const cast = await createCourseWithCast();
  const m = await createModule(cast.instructor, cast.course.id, { title: "Talks" });
  const v = await createItem(cast.instructor, m.id, video("Keynote"));
  await updateModule(cast.instructor, m.id, { title: "Talks", published: "on" }, []);
  return { ...cast, m, v };
}

const progressOf = (itemId: string) => getDb().itemProgress.findMany({ where: { itemId } });

/** 20 reports of disjoint 30-s spans that together cover the whole 600-s video, in a shuffled order. */
function disjointReports() {
  const reports = Array.from({ length: 20 }, (_, i) => ({ position: i * 30 + 30, from: i * 30, to: i * 30 + 30, duration: 600 }));
  return reports.map((r, i) => reports[(i * 7) % 20]);
}

const fivePercentSteps = Array.from({ length: 20 }, (_, i) => (i + 1) * 5);

test("20 concurrent saves of disjoint spans, before any progress row exists, keep every span and cross the threshold once", async () => {
  const { student, course, v } = await build();
  const reports = disjointReports();
  const answers = await Promise.all(reports.map((r) => saveVideoProgress(student, v.id, r, now)));

  const rows = await progressOf(v.id);
  expect(rows).toHaveLength(1);
  expect(rows[0].watchedRanges).toBe("0-600");
  expect(rows[0].watchedPercent).toBe(100);
  expect(reports.map((r) => r.position)).toContain(rows[0].positionSeconds);
  // Each save merged into everything saved before it: the answers are 5 %, 10 %, … 100 %, each
  // once, so exactly one save is the one that took the video past its 90 % threshold.
  expect(answers.map((a) => a.watchedPercent).sort((a, b) => a - b)).toEqual(fivePercentSteps);
  expect(answers.filter((a) => a.watchedPercent >= 90 && a.watchedPercent - 5 < 90)).toHaveLength(1);
  const plan = await getCourseHomePlan(student, course.id, now);
  expect(plan.modules[0].items.map((i) => i.state)).toEqual(["COMPLETE"]);
  expect(plan.completedAt).not.toBeNull();
});

test("concurrent saves on an existing row keep every span, the viewing date and the ranges of earlier saves", async () => {
  const { student, v } = await build();
  await openItem(student, v.id, now);
  await saveVideoProgress(student, v.id, { position: 600, from: 590, to: 600, duration: 600 }, now);
  // Two tabs and a retried request: overlapping and repeated spans, plus 18 disjoint ones.
  const reports = [...disjointReports().slice(0, 18), { position: 12, from: 0, to: 12, duration: 600 }, { position: 12, from: 0, to: 12, duration: 600 }];
  const answers = await Promise.all(reports.map((r) => saveVideoProgress(student, v.id, r, now)));

  const [row] = await progressOf(v.id);
  const expected = new Set<number>();
  for (const r of [...reports, { from: 590, to: 600 }]) for (let s = r.from; s < r.to; s++) expected.add(s);
  const watched = row.watchedRanges.split(",").reduce((n, piece) => n + Number(piece.split("-")[1]) - Number(piece.split("-")[0]), 0);
  expect(watched).toBe(expected.size);
  expect(row.watchedPercent).toBe(Math.floor((expected.size * 1000) / 600) / 10);
  expect(Math.max(...answers.map((a) => a.watchedPercent))).toBe(row.watchedPercent);
  expect(row.viewedAt).toEqual(now);
  expect(row.completedAt).toBeNull();
});

test("a later report only moves the resume position; a video unpublished afterwards takes no more progress (404)", async () => {
  const { instructor, student, v, m } = await build();
  await saveVideoProgress(student, v.id, { position: 30, from: 0, to: 30, duration: 600 }, now);
  await saveVideoProgress(student, v.id, { position: 5, from: 5, to: 5, duration: 600 }, now);
  let [row] = await progressOf(v.id);
  expect(row).toMatchObject({ positionSeconds: 5, watchedRanges: "0-30", watchedPercent: 5 });

  await updateItem(instructor, v.id, video("Keynote", { published: false }));
  expect(await codeOf(saveVideoProgress(student, v.id, { position: 60, from: 30, to: 60, duration: 600 }, now))).toMatch(/^404 We couldn't find that video\./);
  await updateItem(instructor, v.id, video("Keynote"));
  await updateModule(instructor, m.id, { title: "Talks" }, []);
  expect(await codeOf(saveVideoProgress(student, v.id, { position: 60, from: 30, to: 60, duration: 600 }, now))).toMatch(/^404 We couldn't find that video\./);
  [row] = await progressOf(v.id);
  expect(row).toMatchObject({ positionSeconds: 5, watchedRanges: "0-30" });
});

test("staff and outsiders record nothing", async () => {
  const { instructor, ta, outsider, v } = await build();
  expect(await saveVideoProgress(instructor, v.id, { position: 30, from: 0, to: 30, duration: 600 }, now)).toEqual({ watchedPercent: 0 });
  expect(await saveVideoProgress(ta, v.id, { position: 30, from: 0, to: 30, duration: 600 }, now)).toEqual({ watchedPercent: 0 });
  expect(await codeOf(saveVideoProgress(outsider, v.id, { position: 30, from: 0, to: 30, duration: 600 }, now))).toBe("ok");
  expect(await progressOf(v.id)).toHaveLength(0);
});

async function post(userId: string, itemId: string, fields: Record<string, string>) {
  const request = new Request(`${BASE}/api/items/${itemId}/progress`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieFor(userId), Origin: BASE },
  });
  // A JSON Response: the video player calls this route with fetch.
  const response = await progressAction(args(request, { itemId }));
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return { status: response.status, body: await response.json() };
}

test("the progress API answers 400 with a message for each bad field and stores nothing", async () => {
  const { student, v } = await build();
  const ok = { position: "42.5", from: "37.5", to: "42.5", duration: "600" };
  expect(await post(student.id, v.id, ok)).toEqual({ status: 200, body: { ok: true, watchedPercent: 0.8 } });

  const cases: [Record<string, string>, string, RegExp][] = [
    [{ from: "-5" }, "from", /cannot be negative/],
    [{ position: "-1" }, "position", /cannot be negative/],
    [{ to: "abc" }, "to", /number of seconds/],
    [{ to: "NaN" }, "to", /number of seconds/],
    [{ duration: "Infinity" }, "duration", /number of seconds/],
    [{ from: "50", to: "40" }, "to", /cannot end before it starts/],
    [{ duration: "0" }, "duration", /longer than 0/],
    [{ duration: "999999" }, "duration", /24 hours/],
    [{ to: "100000" }, "to", /24 hours/],
  ];
  for (const [change, field, message] of cases) {
    const { status, body } = await post(student.id, v.id, { ...ok, ...change });
    expect({ change, status }).toEqual({ change, status: 400 });
    expect(body.message).toBe("Please correct the highlighted fields.");
    expect(body.fieldErrors[field]?.join(" ")).toMatch(message);
  }
  const { status, body } = await post(student.id, v.id, { position: "1" });
  expect(status).toBe(400);
  expect(Object.keys(body.fieldErrors).sort()).toEqual(["duration", "from", "to"]);

  const [row] = await progressOf(v.id);
  expect(row).toMatchObject({ positionSeconds: 42.5, watchedRanges: "38-43" });
});

test("a video locked for the learner takes no first save (403 with the reason); once open, progress saves", async () => {
  const { instructor, student, course, m, v } = await build();
  const intro = await createItem(instructor, m.id, { ...video("Intro"), kind: "LESSON" as const, completionRule: "MARK_DONE" as const, completionThreshold: null });
  // Sequential mode: the lesson moves first, so the keynote opens only once "Intro" is done.
  await getDb().moduleItem.update({ where: { id: intro.id }, data: { position: -1 } });
  await updateModule(instructor, m.id, { title: "Talks", published: "on", sequential: "on" }, []);
  const report = { position: 30, from: 0, to: 30, duration: 600 };

  expect(await codeOf(saveVideoProgress(student, v.id, report, now))).toBe("403 Complete “Intro” first");
  expect(await progressOf(v.id)).toEqual([]);

  const enrollment = await getDb().enrollment.findFirstOrThrow({ where: { userId: student.id, courseId: course.id } });
  await getDb().itemProgress.create({ data: { enrollmentId: enrollment.id, itemId: intro.id, viewedAt: now, completedAt: now } });
  expect(await saveVideoProgress(student, v.id, report, now)).toEqual({ watchedPercent: 5 });
  expect(await progressOf(v.id)).toHaveLength(1);
});

test("a course put back to draft takes no progress from its students (404, as its pages answer), and an unknown video is 404", async () => {
  const { student, course, v } = await build();
  expect(await saveVideoProgress(student, v.id, { position: 30, from: 0, to: 30, duration: 600 }, now)).toEqual({ watchedPercent: 5 });
  await getDb().course.update({ where: { id: course.id }, data: { status: "DRAFT" } });
  expect(await codeOf(saveVideoProgress(student, v.id, { position: 60, from: 30, to: 60, duration: 600 }, now))).toMatch(/^404 We couldn't find that course\./);
  expect(await codeOf(saveVideoProgress(student, "no-such-video", { position: 60, from: 30, to: 60, duration: 600 }, now))).toMatch(/^404 We couldn't find that video\./);
  expect(await progressOf(v.id)).toMatchObject([{ positionSeconds: 30, watchedRanges: "0-30" }]);
});
