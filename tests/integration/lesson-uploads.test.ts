/**
 * Lesson images and attachments: uploaded through the route by instructors only (403 for
 * students and TAs, 413 past the size limit, 415 for other types, 400 for an image without alt
 * text), inserted as Markdown, and loadable by students through /files/<id> only while a
 * visible lesson links to them.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { action as uploadAction } from "~/routes/api.items.$itemId.uploads";
import type { AppError } from "~/lib/errors";
import { encodeRule } from "~/services/date-rules";
import { getFileForViewer } from "~/services/files.server";
import { lessonsLinkingFile, recordLessonUpload } from "~/services/lesson-uploads.server";
import { openItem } from "~/services/study.server";
import { createCourseWithCast } from "../factories";
import { cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const storageDir = resolve(`tests/.tmp/lesson-uploads-${randomBytes(4).toString("hex")}`);
process.env.STORAGE_DIR = storageDir; // before anything reads the (cached) environment
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...new Array(64).fill(1)]);
const storedFiles = () => {
  try {
    return readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  } catch {
    return 0;
  }
};


async function setup(kind: "LESSON" | "VIDEO" = "LESSON") {
  const cast = await createCourseWithCast();
  const db = getDb();
  const module = await db.module.create({ data: { courseId: cast.course.id, title: "Week 1", published: true } });
  const item = await db.moduleItem.create({ data: { courseId: cast.course.id, moduleId: module.id, kind, title: "Optics", body: "# Optics", published: true } });
  return { ...cast, module, item };
}

async function upload(itemId: string, userId: string, parts: Record<string, string | File>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.set(name, value);
  const request = new Request(`${BASE}/api/items/${itemId}/uploads`, { method: "POST", body: form, headers: { Cookie: await cookieFor(userId), ...headers } });
  const res = await uploadAction({ request, params: { itemId }, context: {} } as never);
  return { status: res.status, body: (await res.json()) as { ok: boolean; message?: string; markdown?: string; url?: string; image?: boolean; fieldErrors?: Record<string, string[]> } };
}

test("an instructor uploads an image with alt text and gets the Markdown to insert; a student may load it once a lesson links it", async () => {
  const { instructor, student, course, item } = await setup();
  const res = await upload(item.id, instructor.id, { alt: "A ray [bent] by a lens", file: new File([PNG], "ray diagram.png", { type: "image/png" }) });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ ok: true, image: true });
  expect(res.body.markdown).toBe(`![A ray \\[bent\\] by a lens](${res.body.url})`);
  const fileId = res.body.url!.replace("/files/", "");
  const row = await getDb().storedFile.findUniqueOrThrow({ where: { id: fileId } });
  expect(row).toMatchObject({ courseId: course.id, ownerId: instructor.id, contentType: "image/png", filename: "ray diagram.png", size: PNG.length });

  const now = new Date();
  const studentGets = () => getFileForViewer(student, fileId, now).then((f) => f.id, (e: AppError) => e.status);
  expect(await lessonsLinkingFile(course.id, fileId)).toEqual([]); // not in any lesson yet
  expect(await studentGets()).toBe(404);
  expect((await getFileForViewer(instructor, fileId, now)).id).toBe(fileId);
  await getDb().moduleItem.update({ where: { id: item.id }, data: { body: `# Optics\n\n${res.body.markdown}\n` } });
  expect(await lessonsLinkingFile(course.id, fileId)).toEqual([item.id]);
  expect(await studentGets()).toBe(fileId);
  const opened = await openItem(student, item.id, new Date());
  expect(opened.item.bodyHtml).toContain(`<img src="/files/${fileId}" alt="A ray [bent] by a lens"`);
  // An unpublished lesson does not count.
  await getDb().moduleItem.update({ where: { id: item.id }, data: { published: false } });
  expect(await lessonsLinkingFile(course.id, fileId)).toEqual([]);
  expect(await studentGets()).toBe(404);
});

test("a lesson's file stays closed to a student while the lesson is locked for them (403 with the reason), like the lesson", async () => {
  const { instructor, student, module, item } = await setup();
  const res = await upload(item.id, instructor.id, { file: new File(["%PDF-1.4 week two"], "week2.pdf", { type: "application/pdf" }) });
  const fileId = res.body.url!.replace("/files/", "");
  await getDb().moduleItem.update({ where: { id: item.id }, data: { body: `Read ${res.body.markdown}` } });
  const release = new Date("2030-01-01T09:00:00Z");
  await getDb().module.update({ where: { id: module.id }, data: { releaseRule: encodeRule({ type: "ABSOLUTE", at: release }) } });

  const before = new Date(release.getTime() - 60_000);
  const denied = (await getFileForViewer(student, fileId, before).catch((e) => e)) as AppError;
  expect(denied.status).toBe(403);
  expect(denied.message).toMatch(/2030/);
  expect((await openItem(student, item.id, before).catch((e) => e)).status).toBe(403);
  expect((await getFileForViewer(instructor, fileId, before)).id).toBe(fileId);
  expect((await getFileForViewer(student, fileId, release)).id).toBe(fileId);
});

test("other files become a plain link named after the file; alt text is not required", async () => {
  const { instructor, item } = await setup();
  const res = await upload(item.id, instructor.id, { file: new File(["%PDF-1.4 handout"], "handout.pdf", { type: "application/pdf" }) });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ ok: true, image: false, markdown: `[handout.pdf](${res.body.url})` });
});

test("students and TAs cannot upload (403); nothing is stored", async () => {
  const { student, ta, item } = await setup();
  const before = storedFiles();
  for (const who of [student, ta]) {
    const res = await upload(item.id, who.id, { alt: "x", file: new File([PNG], "a.png", { type: "image/png" }) });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("Only the course's instructors can add files to its lessons.");
  }
  expect(storedFiles()).toBe(before);
});

test("a file over 20 MB is refused with 413 and a clear message; its partial bytes are removed", async () => {
  const { instructor, item } = await setup();
  const before = storedFiles();
  const big = new File([new Uint8Array(20 * 1024 * 1024 + 1)], "poster.png", { type: "image/png" });
  const res = await upload(item.id, instructor.id, { alt: "A poster", file: big });
  expect(res.status).toBe(413);
  expect(res.body.message).toBe('"poster.png" is larger than the 20 MB limit for a lesson image or attachment.');
  expect(storedFiles()).toBe(before);
  expect(await getDb().storedFile.count({ where: { courseId: item.courseId } })).toBe(0);
});

test("a type outside the allow-list is refused with 415 and says what is accepted", async () => {
  const { instructor, item } = await setup();
  const res = await upload(item.id, instructor.id, { file: new File(["<svg onload=alert(1)>"], "x.svg", { type: "image/svg+xml" }) });
  expect(res.status).toBe(415);
  expect(res.body.message).toMatch(/^"x\.svg" is a image\/svg\+xml file; a lesson image or attachment must be one of: png, jpeg, gif, webp, pdf/);
});

test("an image without alt text is refused (400) and its bytes removed; other mistakes are clear too", async () => {
  const { instructor, item, course } = await setup();
  const before = storedFiles();
  const res = await upload(item.id, instructor.id, { alt: "  ", file: new File([PNG], "a.png", { type: "image/png" }) });
  expect(res.status).toBe(400);
  expect(res.body.fieldErrors?.alt).toEqual(["Describe the image for people who cannot see it."]);
  expect(storedFiles()).toBe(before);
  expect(await getDb().storedFile.count({ where: { courseId: course.id } })).toBe(0);

  expect((await upload(item.id, instructor.id, { alt: "nothing" })).body.message).toBe("Choose a file to upload.");
  const video = await setup("VIDEO");
  const wrongKind = await upload(video.item.id, video.instructor.id, { file: new File(["%PDF"], "a.pdf", { type: "application/pdf" }) });
  expect(wrongKind).toMatchObject({ status: 400, body: { message: "Images and attachments go into lesson text; this item is not a lesson." } });
  expect((await upload("no-such-item", instructor.id, { file: new File(["%PDF"], "a.pdf", { type: "application/pdf" }) })).status).toBe(404);
  const crossSite = await upload(item.id, instructor.id, { file: new File(["%PDF"], "a.pdf", { type: "application/pdf" }) }, { Origin: "https://evil.example" });
  expect(crossSite.status).toBe(403);
  await expect(recordLessonUpload(instructor, item.id, undefined, "")).rejects.toThrow("Choose a file to upload.");
});
