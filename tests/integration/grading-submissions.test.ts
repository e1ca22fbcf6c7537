/**
 * File and link submissions through the routes, drafts, and the 300-submission burst.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as draftsAction, loader as draftsLoader } from "~/routes/api.drafts";
import { action as submitAction } from "~/routes/api.submissions.$assignmentId";
import { action as pageAction } from "~/routes/courses.$slug.assignments.$assignmentId._index";
import { getAssignmentView, submitAssignment } from "~/services/assignments.server";
import { getGradingView, queueFilterSchema } from "~/services/grading-queue.server";
import { parseSubmissionUrl } from "~/services/submission-uploads.server";
import { createAssignment, createCourseWithCast, createUser } from "../factories";
import { args, cookieFor } from "../factories/requests";

const storageDir = resolve(`tests/.tmp/grading-${randomBytes(4).toString("hex")}`);
Object.assign(process.env, { STORAGE_DIR: storageDir });
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

const BASE = "http://localhost:3000";
const storedFiles = () => {
  try {
    return readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
};
async function unwrap(result: unknown): Promise<{ status: number; body: any }> {
  if (result instanceof Response) return { status: result.status, body: await result.json() };
  const r = result as { init?: { status?: number } | null; data?: unknown };
  if (r && "init" in r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}
function multipart(path: string, cookie: string, parts: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.set(name, value);
  return new Request(`${BASE}${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}
function multipartFiles(path: string, cookie: string, files: File[], fields: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  for (const file of files) body.append("file", file);
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { Cookie: cookie } });
}
const pdf = (name: string, bytes = 6) => new File([new Uint8Array(bytes).fill(37)], name, { type: "application/pdf" });
const form = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" } });

async function setup(types: string, extra: { allowedFileTypes?: string; maxFileMb?: number } = {}) {
  const cast = await createCourseWithCast();
  const assignment = await createAssignment(cast.course.id, { maxAttempts: null });
  await getDb().assignment.update({ where: { id: assignment.id }, data: { submissionTypes: types, ...extra } });
  return { ...cast, assignment, cookie: await cookieFor(cast.student.id) };
}

test("a FILE submission streams to storage and is linked to the attempt", async () => {
  const { assignment, cookie, student } = await setup("FILE", { allowedFileTypes: "pdf" });
  const file = new File([new Uint8Array([37, 80, 68, 70, 45, 49])], "essay.pdf", { type: "application/pdf" });
  const res = await unwrap(await submitAction(args(multipart(`/api/submissions/${assignment.id}`, cookie, { file }), { assignmentId: assignment.id })));
  expect(res.status).toBe(200);
  expect(res.body.notice).toMatch(/^Attempt 1 submitted on time/);
  const sub = await getDb().submission.findFirstOrThrow({ where: { assignmentId: assignment.id }, include: { files: true } });
  expect(sub.files).toHaveLength(1);
  const stored = await getDb().storedFile.findUniqueOrThrow({ where: { id: sub.files[0].fileId } });
  expect(stored).toMatchObject({ filename: "essay.pdf", ownerId: student.id, size: 6 });
  expect(storedFiles()).toHaveLength(1);
});

test("wrong file types answer 415 and oversize files 413, with clear messages and nothing stored", async () => {
  const { assignment, cookie } = await setup("FILE", { allowedFileTypes: "pdf", maxFileMb: 1 });
  const before = storedFiles().length;
  const exe = new File([new Uint8Array(10)], "virus.exe", { type: "application/x-msdownload" });
  const r415 = await unwrap(await submitAction(args(multipart(`/api/submissions/${assignment.id}`, cookie, { file: exe }), { assignmentId: assignment.id })));
  expect(r415.status).toBe(415);
  expect(r415.body.message).toBe('"virus.exe" is not an accepted file type. Upload one of: pdf.');
  // Right type, wrong extension: still 415 and removed.
  const renamed = new File([new Uint8Array(10)], "notes.txt", { type: "application/pdf" });
  const r415b = await unwrap(await submitAction(args(multipart(`/api/submissions/${assignment.id}`, cookie, { file: renamed }), { assignmentId: assignment.id })));
  expect(r415b.status).toBe(415);
  const big = new File([new Uint8Array(1024 * 1024 + 10)], "big.pdf", { type: "application/pdf" });
  const r413 = await unwrap(await pageAction(args(multipart(`/courses/x/assignments/${assignment.id}`, cookie, { file: big }), { assignmentId: assignment.id, slug: "x" })));
  expect(r413.status).toBe(413);
  expect(r413.body.message).toBe('"big.pdf" is too large. The limit for this assignment is 1 MB a file.');
  expect(storedFiles().length).toBe(before);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(0);
  expect(await getDb().storedFile.count({ where: { courseId: assignment.courseId } })).toBe(0);
});

test("one attempt holds several files: all stored, linked, listed for the student and the grader", async () => {
  const { assignment, cookie, instructor, student } = await setup("FILE", { allowedFileTypes: "pdf,png" });
  const before = storedFiles().length;
  const png = new File([new Uint8Array([137, 80, 78, 71])], "diagram.png", { type: "image/png" });
  const files = [pdf("essay.pdf", 10), png, pdf("appendix.pdf", 2048)];
  const res = await unwrap(await submitAction(args(multipartFiles(`/api/submissions/${assignment.id}`, cookie, files), { assignmentId: assignment.id })));
  expect(res.status).toBe(200);
  expect(res.body.notice).toMatch(/^Attempt 1 submitted/);
  const subs = await getDb().submission.findMany({ where: { assignmentId: assignment.id }, include: { files: true } });
  expect(subs).toHaveLength(1);
  expect(subs[0].files).toHaveLength(3);
  const stored = await getDb().storedFile.findMany({ where: { id: { in: subs[0].files.map((f) => f.fileId) } } });
  expect(stored.map((f) => [f.filename, f.size, f.ownerId]).sort()).toEqual([["appendix.pdf", 2048, student.id], ["diagram.png", 4, student.id], ["essay.pdf", 10, student.id]]);
  expect(storedFiles().length).toBe(before + 3);
  // The student's own page and the grader's view both list every file.
  const view = await getAssignmentView(student, assignment.id, new Date());
  expect(view.student!.submissions[0].files.map((f) => f.filename).sort()).toEqual(["appendix.pdf", "diagram.png", "essay.pdf"]);
  const enrollmentId = (await getDb().enrollment.findFirstOrThrow({ where: { userId: student.id, courseId: assignment.courseId } })).id;
  const graded = await getGradingView(instructor, assignment.id, enrollmentId, queueFilterSchema.parse({}), new Date());
  expect(JSON.stringify(graded)).toContain("appendix.pdf");
  expect(JSON.stringify(graded)).toContain("diagram.png");
});

test("when the third file is too large the attempt is refused with 413 naming it, and nothing is stored", async () => {
  const { assignment, cookie } = await setup("FILE", { allowedFileTypes: "pdf", maxFileMb: 1 });
  const before = storedFiles().length;
  const files = [pdf("one.pdf", 100), pdf("two.pdf", 200), pdf("three.pdf", 1024 * 1024 + 1)];
  const res = await unwrap(await submitAction(args(multipartFiles(`/api/submissions/${assignment.id}`, cookie, files), { assignmentId: assignment.id })));
  expect(res.status).toBe(413);
  expect(res.body.message).toBe('"three.pdf" is too large. The limit for this assignment is 1 MB a file.');
  expect(res.body.fieldErrors.file).toEqual(["At most 1 MB a file."]);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(0);
  expect(await getDb().submissionFile.count({ where: { submission: { assignmentId: assignment.id } } })).toBe(0);
  expect(await getDb().storedFile.count({ where: { courseId: assignment.courseId } })).toBe(0);
  expect(storedFiles().length).toBe(before);
});

test("a wrong type among several files is a 415 naming it; more than 10 files is a 400; nothing is stored", async () => {
  const { assignment, cookie } = await setup("FILE", { allowedFileTypes: "pdf" });
  const before = storedFiles().length;
  const mixed = [pdf("a.pdf"), new File([new Uint8Array(4)], "notes.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })];
  const r415 = await unwrap(await submitAction(args(multipartFiles(`/api/submissions/${assignment.id}`, cookie, mixed), { assignmentId: assignment.id })));
  expect(r415.status).toBe(415);
  expect(r415.body.message).toBe('"notes.docx" is not an accepted file type. Upload one of: pdf.');
  const eleven = Array.from({ length: 11 }, (_, i) => pdf(`part-${i + 1}.pdf`));
  const r400 = await unwrap(await submitAction(args(multipartFiles(`/api/submissions/${assignment.id}`, cookie, eleven), { assignmentId: assignment.id })));
  expect(r400.status).toBe(400);
  expect(r400.body.message).toBe('You can hand in at most 10 files per attempt; "part-11.pdf" is one too many.');
  expect(storedFiles().length).toBe(before);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(0);
  expect(await getDb().storedFile.count({ where: { courseId: assignment.courseId } })).toBe(0);
});

test("several files refused by the attempt rules (closed window) leave nothing stored", async () => {
  const { assignment, cookie } = await setup("FILE", { allowedFileTypes: "pdf" });
  await getDb().assignment.update({ where: { id: assignment.id }, data: { closeRule: JSON.stringify({ type: "ABSOLUTE", at: "2020-01-01T00:00:00.000Z" }) } });
  const before = storedFiles().length;
  const res = await unwrap(await submitAction(args(multipartFiles(`/api/submissions/${assignment.id}`, cookie, [pdf("a.pdf"), pdf("b.pdf")]), { assignmentId: assignment.id })));
  expect(res.status).toBe(409);
  expect(storedFiles().length).toBe(before);
  expect(await getDb().storedFile.count({ where: { courseId: assignment.courseId } })).toBe(0);
});

test("a file for a text-only assignment is refused before anything is stored", async () => {
  const { assignment, cookie } = await setup("TEXT");
  const before = storedFiles().length;
  const file = new File([new Uint8Array(10)], "a.pdf", { type: "application/pdf" });
  const res = await unwrap(await submitAction(args(multipart(`/api/submissions/${assignment.id}`, cookie, { file, body: "hi" }), { assignmentId: assignment.id })));
  expect(res.status).toBe(400);
  expect(storedFiles().length).toBe(before);
});

test("URL submissions accept only http(s) links with a real host", async () => {
  expect(parseSubmissionUrl(" https://example.org/work ")).toBe("https://example.org/work");
  expect(parseSubmissionUrl("http://sub.example.org/a?b=1")).toBe("http://sub.example.org/a?b=1");
  for (const bad of ["javascript:alert(1)", "ftp://example.org/x", "example.org", "https://", "data:text/html,hi"]) {
    expect(() => parseSubmissionUrl(bad)).toThrow(AppError);
  }
  const { assignment, cookie } = await setup("URL");
  const bad = await unwrap(await pageAction(args(form(`/c/${assignment.id}`, cookie, { url: "javascript:alert(1)" }), { assignmentId: assignment.id, slug: "c" })));
  expect(bad.status).toBe(400);
  expect(bad.body.fieldErrors.url[0]).toMatch(/https:\/\//);
  const textOnUrl = await unwrap(await pageAction(args(form(`/c/${assignment.id}`, cookie, { body: "words" }), { assignmentId: assignment.id, slug: "c" })));
  expect(textOnUrl.status).toBe(400);
  const ok = await unwrap(await pageAction(args(form(`/c/${assignment.id}`, cookie, { url: "https://github.com/me/repo" }), { assignmentId: assignment.id, slug: "c" })));
  expect(ok.status).toBe(200);
  expect((await getDb().submission.findFirstOrThrow({ where: { assignmentId: assignment.id } })).url).toBe("https://github.com/me/repo");
});

test("drafts are saved per person, restored, and cleared by submitting", async () => {
  const { assignment, cookie, student2 } = await setup("TEXT");
  const key = `assignment:${assignment.id}`;
  expect((await unwrap(await draftsAction(args(form("/api/drafts", cookie, { key, body: "half an essay" }))))).status).toBe(200);
  const restored = await unwrap(await draftsLoader(args(new Request(`${BASE}/api/drafts?key=${key}`, { headers: { Cookie: cookie } }))));
  expect(restored.body.draft.body).toBe("half an essay");
  const other = await unwrap(await draftsLoader(args(new Request(`${BASE}/api/drafts?key=${key}`, { headers: { Cookie: await cookieFor(student2.id) } }))));
  expect(other.body.draft).toBeNull();
  expect((await unwrap(await draftsAction(args(form("/api/drafts", cookie, { key: "../../etc", body: "x" }))))).status).toBe(400);
  await pageAction(args(form(`/c/${assignment.id}`, cookie, { body: "the whole essay" }), { assignmentId: assignment.id, slug: "c" }));
  const after = await unwrap(await draftsLoader(args(new Request(`${BASE}/api/drafts?key=${key}`, { headers: { Cookie: cookie } }))));
  expect(after.body.draft).toBeNull();
});

test("burst: 300 students submitting to one assignment at once are all stored, with zero errors", async () => {
  const { course, assignment } = await setup("TEXT");
  const students = [];
  for (let i = 0; i < 300; i++) students.push(await createUser());
  await getDb().enrollment.createMany({ data: students.map((s) => ({ courseId: course.id, userId: s.id, role: "STUDENT" as const })) });
  const now = new Date();
  const results = await Promise.allSettled(students.map((s, i) => submitAssignment(s, assignment.id, { body: `answer ${i}` }, now)));
  const failed = results.filter((r) => r.status === "rejected");
  expect(failed.map((f) => String((f as PromiseRejectedResult).reason)).slice(0, 3)).toEqual([]);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(300);
}, 120_000);

test("the form sends back the attempt number it offered: a stale one is a 409, a malformed one a 400, and nothing is stored", async () => {
  const { assignment, cookie } = await setup("TEXT");
  const submit = async (fields: Record<string, string>) =>
    unwrap(await pageAction(args(form(`/c/${assignment.id}`, cookie, { body: "my essay", ...fields }), { assignmentId: assignment.id, slug: "c" })));
  expect((await submit({ attempt: "1" })).status).toBe(200);
  const stale = await submit({ attempt: "1" });
  expect(stale.status).toBe(409);
  expect(stale.body.message).toMatch(/already submitted \(perhaps from another tab\)/);
  const malformed = await submit({ attempt: "two" });
  expect(malformed.status).toBe(400);
  expect(malformed.body.fieldErrors.attempt[0]).toBe("The attempt number must be a whole number.");
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(1);
  expect((await submit({ attempt: "2" })).status).toBe(200);
});
