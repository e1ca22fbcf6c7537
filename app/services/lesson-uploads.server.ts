/**
 * Images and attachments inside a lesson's Markdown. An instructor uploads a file while editing
 * a LESSON item (streamed to app/integrations/storage by lib/uploads.server.ts); the reply holds
 * the Markdown to insert: `![alt text](/files/<id>)` for an image, `[name](/files/<id>)` for
 * anything else. The file belongs to the course (a StoredFile row, no link column): a student
 * may load it while a published lesson of a published module of that course links to it (see
 * `lessonsLinkingFile`) and that lesson is unlocked for them, so removing the link from the lesson also withdraws the file.
 */
import { getDb } from "~/lib/db.server";
import { badRequest, notFound } from "~/lib/errors";
import type { StoredUpload, UploadPolicy } from "~/lib/uploads.server";
import { getStorage } from "~/integrations/storage/storage.server";
import { requireCourseRole } from "./permissions.server";
import type { Actor } from "./users.server";

export const LESSON_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** 20 MB: pictures and handouts, not videos (VIDEO items take those). */
export const LESSON_UPLOAD_POLICY: UploadPolicy = {
  field: "file",
  label: "lesson image or attachment",
  maxBytes: 20 * 1024 * 1024,
  allowed: [
    ...LESSON_IMAGE_TYPES,
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ],
};

const EDIT = "Only the course's instructors can add files to its lessons.";
const MAX_ALT = 300;

/** Checks, before any byte is read, that the actor may add files to this lesson; returns its course. */
export async function prepareLessonUpload(actor: Actor, itemId: string) {
  const item = await getDb().moduleItem.findUnique({ where: { id: itemId }, select: { courseId: true, kind: true } });
  if (!item) throw notFound("lesson");
  await requireCourseRole(actor, { id: item.courseId }, ["INSTRUCTOR"], EDIT);
  if (item.kind !== "LESSON") throw badRequest("Images and attachments go into lesson text; this item is not a lesson.");
  return { courseId: item.courseId };
}

/** Markdown link text must not break out of its brackets. */
const linkText = (text: string) => text.replace(/[\r\n]+/g, " ").replace(/([[\]\\])/g, "\\$1").trim();

/**
 * Records an upload already streamed to storage. Images need alt text (what the picture shows,
 * for people who cannot see it); a missing one is a 400 and the stored bytes are removed.
 */
export async function recordLessonUpload(actor: Actor, itemId: string, upload: StoredUpload | undefined, altText: string | undefined) {
  try {
    const { courseId } = await prepareLessonUpload(actor, itemId);
    if (!upload) throw badRequest("Choose a file to upload.", { file: ["Choose a file to upload."] });
    const image = LESSON_IMAGE_TYPES.includes(upload.contentType);
    const alt = (altText ?? "").trim();
    if (image && !alt) {
      throw badRequest("Describe the image for people who cannot see it.", { alt: ["Describe the image for people who cannot see it."] });
    }
    if (alt.length > MAX_ALT) throw badRequest(`Keep the description under ${MAX_ALT} characters.`, { alt: [`Keep the description under ${MAX_ALT} characters.`] });
    const file = await getDb().storedFile.create({ data: { ...upload, courseId, ownerId: actor.id }, select: { id: true, filename: true, contentType: true, size: true } });
    const url = `/files/${file.id}`;
    const markdown = image ? `![${linkText(alt)}](${url})` : `[${linkText(upload.filename)}](${url})`;
    return { file, url, image, markdown };
  } catch (error) {
    if (upload) await getStorage().remove(upload.key);
    throw error;
  }
}

/**
 * The published lessons of published modules of the course that link to the file: what lets a
 * student (a member of the course, for whom one of them is unlocked) load a lesson's image or
 * attachment from /files/<id>.
 */
export async function lessonsLinkingFile(courseId: string, fileId: string): Promise<string[]> {
  const lessons = await getDb().moduleItem.findMany({
    where: { courseId, kind: "LESSON", published: true, module: { published: true }, body: { contains: `/files/${fileId}` } },
    select: { id: true },
  });
  return lessons.map((l) => l.id);
}
