import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { isVisibleFeedbackFile } from "./comments.server";
import { lessonsLinkingFile } from "./lesson-uploads.server";
import { loadCourseAccess } from "./permissions.server";
import { unlockedItemIds } from "./study.server";
import type { Actor } from "./users.server";

/**
 * A stored file the actor may download.
 * - A submission file: the student who submitted it, the course's instructors, and its TAs —
 *   but a TA of a course that limits TAs to their sections (`taSectionScoped`) only for
 *   students of their own section (403 otherwise). Other students get a 404.
 * - Course content: staff always; students only when it belongs to a published item of a
 *   published module (or a video of one), or a published lesson there links it (lesson images
 *   and attachments), and one such item is unlocked for them (release date, prerequisites,
 *   sequential order: a locked item's file answers 403 with the lock's reason, like its page).
 * - A feedback file (attached to a comment on a learner's work): whoever reads that comment
 *   in its thread (comments.server.ts); anyone else a 404, or a 403 for an out-of-section TA.
 * Non-members get a 403.
 */
export async function getFileForViewer(actor: Actor, fileId: string, now: Date) {
  const db = getDb();
  const file = await db.storedFile.findUnique({
    where: { id: fileId },
    select: { id: true, key: true, filename: true, contentType: true, size: true, courseId: true, ownerId: true },
  });
  if (!file) throw notFound("file");
  const access = await loadCourseAccess(actor, { id: file.courseId });
  if (!access.isStaff && !access.role) throw forbidden("Enroll in this course to open its files.");
  const submitted = await db.submissionFile.findFirst({
    where: { fileId },
    select: { submission: { select: { enrollment: { select: { userId: true, sectionId: true, courseId: true } } } } },
  });
  if (submitted) {
    const student = submitted.submission.enrollment;
    if (student.courseId !== file.courseId) throw notFound("file");
    if (student.userId === actor.id) return file;
    if (!access.isStaff) throw notFound("file");
    if (!actor.isAdmin && access.role === "TA" && (!access.sectionId || access.sectionId !== student.sectionId)) {
      const course = await db.course.findUniqueOrThrow({ where: { id: file.courseId }, select: { taSectionScoped: true } });
      if (course.taSectionScoped) throw forbidden("You see only the work of your own section's students.");
    }
    return file;
  }
  if (await isVisibleFeedbackFile(actor, fileId)) return file;
  if (access.isStaff) return file;
  // Any other upload of the learner's own (not a submission) stays theirs to download.
  if (file.ownerId === actor.id) return file;
  const [holders, lessons] = await Promise.all([
    db.moduleItem.findMany({
      where: {
        courseId: file.courseId,
        published: true,
        module: { published: true },
        OR: [{ fileId }, { video: { OR: [{ fileId }, { captionsFileId: fileId }] } }],
      },
      select: { id: true },
    }),
    lessonsLinkingFile(file.courseId, fileId),
  ]);
  const itemIds = [...holders.map((i) => i.id), ...lessons];
  if (itemIds.length === 0) throw notFound("file");
  const { unlocked, lockText } = await unlockedItemIds(actor, file.courseId, itemIds, now);
  if (unlocked.length === 0) throw forbidden(lockText ?? "This file belongs to an item that is locked for you.");
  return file;
}
