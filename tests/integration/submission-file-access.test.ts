/**
 * Who may download a submission file (`/files/:id`): the student who handed it in, the
 * course's instructors and TAs — a TA of a section-scoped course only for their own section's
 * students — and nobody else.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as submitAction } from "~/routes/api.submissions.$assignmentId";
import { loader as fileLoader } from "~/routes/files.$fileId";
import { getFileForViewer } from "~/services/files.server";
import type { Actor } from "~/services/users.server";
import { createAssignment, createCourseWithCast, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const storageDir = resolve(`tests/.tmp/file-access-${randomBytes(4).toString("hex")}`);
Object.assign(process.env, { STORAGE_DIR: storageDir });
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

const BASE = "http://localhost:3000";

async function submitFile(assignmentId: string, user: Actor, name: string): Promise<string> {
  const body = new FormData();
  body.append("file", new File([new TextEncoder().encode(`work of ${name}`)], name, { type: "application/pdf" }));
  const request = new Request(`${BASE}/api/submissions/${assignmentId}`, { method: "POST", body, headers: { Cookie: await cookieFor(user.id) } });
  const res = (await submitAction(args(request, { assignmentId }))) as Response;
  expect(res.status).toBe(200);
  const sub = await getDb().submission.findFirstOrThrow({ where: { assignmentId, enrollment: { userId: user.id } }, include: { files: true } });
  return sub.files[0].fileId;
}

async function build(scoped: boolean) {
  const cast = await createCourseWithCast();
  const db = getDb();
  const assignment = await createAssignment(cast.course.id, { maxAttempts: null });
  await db.assignment.update({ where: { id: assignment.id }, data: { submissionTypes: "FILE", allowedFileTypes: "pdf" } });
  // The TA is in the "Morning" section, with `student`; `student2` has no section.
  await db.enrollment.updateMany({ where: { courseId: cast.course.id, userId: cast.ta.id }, data: { sectionId: cast.section.id } });
  await db.course.update({ where: { id: cast.course.id }, data: { taSectionScoped: scoped } });
  const otherTa = await createUser({ displayName: "Nell No-section TA" });
  await enroll(otherTa, cast.course.id, "TA");
  const inSection = await submitFile(assignment.id, cast.student, "sam.pdf");
  const outOfSection = await submitFile(assignment.id, cast.student2, "sia.pdf");
  return { ...cast, otherTa, inSection, outOfSection };
}

const outcome = (actor: Actor, fileId: string) =>
  getFileForViewer(actor, fileId, new Date()).then(
    () => "ok" as const,
    (e: AppError) => e.status,
  );

test("section-scoped course: each role's access to submission files", async () => {
  const c = await build(true);
  const rows: Array<[string, Actor, string, "ok" | number]> = [
    ["own student", c.student, c.inSection, "ok"],
    ["other student", c.student, c.outOfSection, 404],
    ["other student (reverse)", c.student2, c.inSection, 404],
    ["scoped TA, student in their section", c.ta, c.inSection, "ok"],
    ["scoped TA, student outside their section", c.ta, c.outOfSection, 403],
    ["scoped TA without a section", c.otherTa, c.inSection, 403],
    ["instructor", c.instructor, c.outOfSection, "ok"],
    ["admin", c.admin, c.outOfSection, "ok"],
    ["non-member", c.outsider, c.inSection, 403],
  ];
  const actual = await Promise.all(rows.map(async ([name, actor, file]) => [name, await outcome(actor, file)]));
  expect(actual).toEqual(rows.map(([name, , , expected]) => [name, expected]));
  const denied = (await getFileForViewer(c.ta, c.outOfSection, new Date()).catch((e) => e)) as AppError;
  expect(denied.message).toBe("You see only the work of your own section's students.");
});

test("unscoped course: every TA sees every student's files; students still only their own", async () => {
  const c = await build(false);
  expect(await outcome(c.ta, c.outOfSection)).toBe("ok");
  expect(await outcome(c.otherTa, c.inSection)).toBe("ok");
  expect(await outcome(c.student2, c.inSection)).toBe(404);
  expect(await outcome(c.student2, c.outOfSection)).toBe("ok");
});

test("the download route streams the file to its owner and refuses the scoped TA outside the section", async () => {
  const c = await build(true);
  const get = async (user: Actor, fileId: string) => {
    const request = new Request(`${BASE}/files/${fileId}`, { headers: { Cookie: await cookieFor(user.id) } });
    try {
      return (await fileLoader(args(request, { fileId }))) as Response;
    } catch (thrown) {
      const t = thrown as { init?: { status?: number }; status?: number };
      return { status: t.init?.status ?? t.status ?? 500 } as Response;
    }
  };
  const own = await get(c.student, c.inSection);
  expect(own.status).toBe(200);
  expect(await own.text()).toBe("work of sam.pdf");
  expect(own.headers.get("content-disposition")).toContain("attachment");
  expect((await get(c.ta, c.outOfSection)).status).toBe(403);
  expect((await get(c.student, c.outOfSection)).status).toBe(404);
});
