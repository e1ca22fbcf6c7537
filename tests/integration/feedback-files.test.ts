/**
 * Feedback files: a file attached to a comment on a learner's work, through the grading
 * page's and the assignment page's actions, and who may download it (`/files/:id`).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as assignmentAction } from "~/routes/courses.$slug.assignments.$assignmentId._index";
import { action as gradeAction } from "~/routes/courses.$slug.assignments.$assignmentId.grade.$enrollmentId";
import { loader as fileLoader } from "~/routes/files.$fileId";
import { listComments } from "~/services/comments.server";
import { getFileForViewer } from "~/services/files.server";
import { postGrades, saveGrade } from "~/services/grades.server";
import type { Actor } from "~/services/users.server";
import { createAssignment, createCourseWithCast, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const storageDir = resolve(`tests/.tmp/feedback-files-${randomBytes(4).toString("hex")}`);
Object.assign(process.env, { STORAGE_DIR: storageDir });
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));
const storedNames = () => {
  try {
    return readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
};

const BASE = "http://localhost:3000";
const now = new Date("2026-12-01T12:00:00Z");
const pdf = (name: string, bytes = 64) => new File([new Uint8Array(bytes).fill(37)], name, { type: "application/pdf" });

async function setup(postPolicy: "AUTOMATIC" | "MANUAL") {
  const cast = await createCourseWithCast();
  const db = getDb();
  const assignment = await createAssignment(cast.course.id, { points: 10 });
  await db.assignment.update({ where: { id: assignment.id }, data: { postPolicy } });
  const enrollmentOf = async (userId: string) => (await db.enrollment.findFirstOrThrow({ where: { courseId: cast.course.id, userId } })).id;
  return { ...cast, db, assignment, e1: await enrollmentOf(cast.student.id), e2: await enrollmentOf(cast.student2.id) };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function unwrap(result: unknown): Promise<{ status: number; body: any }> {
  if (result instanceof Response) return { status: result.status, body: await result.json() };
  const r = result as { init?: { status?: number } | null; data?: unknown };
  if (r && "init" in r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}

async function request(actor: Actor, path: string, parts: Record<string, string | File>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(parts)) body.set(name, value);
  return new Request(`${BASE}${path}?intent=comment`, { method: "POST", body, headers: { Cookie: await cookieFor(actor.id) } });
}

/** A grader's comment from the grading page. */
async function graderComment(c: Setup, actor: Actor, enrollmentId: string, parts: Record<string, string | File>) {
  const params = { slug: c.course.slug, assignmentId: c.assignment.id, enrollmentId };
  return unwrap(await gradeAction(args(await request(actor, `/courses/${c.course.slug}/assignments/${c.assignment.id}/grade/${enrollmentId}`, parts), params)));
}

/** A learner's comment from the assignment page. */
async function learnerComment(c: Setup, actor: Actor, parts: Record<string, string | File>) {
  const params = { slug: c.course.slug, assignmentId: c.assignment.id };
  return unwrap(await assignmentAction(args(await request(actor, `/courses/${c.course.slug}/assignments/${c.assignment.id}`, parts), params)));
}

const outcome = (actor: Actor, fileId: string) =>
  getFileForViewer(actor, fileId, now).then(
    () => "ok" as const,
    (e: AppError) => e.status,
  );

test("a grader attaches a marked-up PDF; the learner downloads it, nobody else outside grading does", async () => {
  const c = await setup("AUTOMATIC");
  const res = await graderComment(c, c.instructor, c.e1, { body: "See my notes in the margin.", file: pdf("notes.pdf") });
  expect(res).toMatchObject({ status: 200, body: { ok: true, notice: "Comment posted." } });

  const [comment] = await listComments(c.student, c.assignment.id, c.e1);
  expect(comment).toMatchObject({ body: "See my notes in the margin.", byStaff: true, file: { filename: "notes.pdf", size: 64 } });
  const fileId = comment.file!.id;
  const rows: Array<[string, Actor, "ok" | number]> = [
    ["the learner", c.student, "ok"],
    ["another student", c.student2, 404],
    ["the TA", c.ta, "ok"],
    ["the instructor", c.instructor, "ok"],
    ["an admin", c.admin, "ok"],
    ["a non-member", c.outsider, 403],
  ];
  const actual = await Promise.all(rows.map(async ([name, actor]) => [name, await outcome(actor, fileId)]));
  expect(actual).toEqual(rows.map(([name, , expected]) => [name, expected]));

  const download = await fileLoader(args(new Request(`${BASE}/files/${fileId}`, { headers: { Cookie: await cookieFor(c.student.id) } }), { fileId }));
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).length).toBe(64);
});

test("under manual posting, a staff feedback file stays hidden (404) until grades are posted", async () => {
  const c = await setup("MANUAL");
  await graderComment(c, c.instructor, c.e1, { body: "", file: pdf("rubric-notes.pdf") });
  const hidden = await c.db.submissionComment.findFirstOrThrow({ where: { enrollmentId: c.e1 }, select: { fileId: true } });
  expect(await listComments(c.student, c.assignment.id, c.e1)).toEqual([]);
  expect(await outcome(c.student, hidden.fileId!)).toBe(404);
  expect(await outcome(c.ta, hidden.fileId!)).toBe("ok");

  await saveGrade(c.instructor, { assignmentId: c.assignment.id, enrollmentId: c.e1, rawScore: 8 }, now);
  await postGrades(c.instructor, c.assignment.id, now);
  expect(await outcome(c.student, hidden.fileId!)).toBe("ok");
  expect((await listComments(c.student, c.assignment.id, c.e1))[0]).toMatchObject({ body: "", file: { filename: "rubric-notes.pdf" } });
});

test("the learner attaches a file to their own thread; under manual posting it is theirs to open at once", async () => {
  const c = await setup("MANUAL");
  const res = await learnerComment(c, c.student, { body: "Here is the page that was missing.", file: pdf("page-3.pdf", 10) });
  expect(res).toMatchObject({ status: 200, body: { ok: true } });
  const [mine] = await listComments(c.student, c.assignment.id, c.e1);
  expect(mine).toMatchObject({ mine: true, byStaff: false, file: { filename: "page-3.pdf" } });
  expect(await outcome(c.student, mine.file!.id)).toBe("ok");
  expect(await outcome(c.instructor, mine.file!.id)).toBe("ok");
  expect(await outcome(c.student2, mine.file!.id)).toBe(404);
});

test("a section-scoped TA opens feedback files of their own section's students only", async () => {
  const c = await setup("AUTOMATIC");
  await c.db.enrollment.updateMany({ where: { courseId: c.course.id, userId: c.ta.id }, data: { sectionId: c.section.id } });
  await c.db.course.update({ where: { id: c.course.id }, data: { taSectionScoped: true } });
  await graderComment(c, c.instructor, c.e2, { body: "For Sia", file: pdf("sia.pdf") });
  const { fileId } = await c.db.submissionComment.findFirstOrThrow({ where: { enrollmentId: c.e2 }, select: { fileId: true } });
  expect(await outcome(c.ta, fileId!)).toBe(403);
  const otherTa = await createUser();
  await enroll(otherTa, c.course.id, "TA", c.section.id);
  expect(await outcome(otherTa, fileId!)).toBe(403);
  expect(await outcome(c.student2, fileId!)).toBe("ok");
});

test("refused feedback files leave nothing behind: wrong type 415, empty 400, no words and no file 400, outsiders 404", async () => {
  const c = await setup("AUTOMATIC");
  const before = storedNames().length;
  const exe = new File([new Uint8Array(10)], "grader.exe", { type: "application/x-msdownload" });
  const r415 = await graderComment(c, c.instructor, c.e1, { body: "x", file: exe });
  expect(r415.status).toBe(415);
  expect(r415.body.message).toMatch(/"grader.exe" is a application\/x-msdownload file; a feedback file must be one of: pdf/);

  const empty = await graderComment(c, c.instructor, c.e1, { body: "x", file: pdf("blank.pdf", 0) });
  expect(empty).toMatchObject({ status: 400, body: { message: '"blank.pdf" is empty. Choose the file again.', fieldErrors: { file: ["The file is empty."] } } });

  const nothing = await graderComment(c, c.instructor, c.e1, { body: "   " });
  expect(nothing).toMatchObject({ status: 400, body: { fieldErrors: { body: ["Write a comment first."] } } });

  const tooLong = await graderComment(c, c.instructor, c.e1, { body: "y".repeat(10_001), file: pdf("ok.pdf") });
  expect(tooLong).toMatchObject({ status: 400, body: { fieldErrors: { body: ["Keep comments under 10,000 characters."] } } });

  // Another student cannot write into Sam's thread, even through the grading page.
  const intruder = await graderComment(c, c.student2, c.e1, { body: "hi", file: pdf("spam.pdf") });
  expect(intruder.status).toBe(404);

  expect(storedNames().length).toBe(before);
  expect(await c.db.submissionComment.count({ where: { assignmentId: c.assignment.id } })).toBe(0);
  expect(await c.db.storedFile.count({ where: { courseId: c.course.id } })).toBe(0);
});

test("an oversized feedback file answers 413 and stores nothing", async () => {
  const c = await setup("AUTOMATIC");
  const big = new File([new Uint8Array(25 * 1024 * 1024 + 1)], "scan.pdf", { type: "application/pdf" });
  const res = await graderComment(c, c.instructor, c.e1, { body: "x", file: big });
  expect(res.status).toBe(413);
  expect(res.body.message).toBe('"scan.pdf" is larger than the 25 MB limit for a feedback file.');
  expect(await c.db.storedFile.count({ where: { courseId: c.course.id } })).toBe(0);
  expect(await c.db.submissionComment.count({ where: { assignmentId: c.assignment.id } })).toBe(0);
});
