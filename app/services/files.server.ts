import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { isLinkedFromVisibleLesson } from "./lesson-uploads.server";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

/**
 * A stored file the actor may download.
 * - A submission file: the student who submitted it, the course's instructors, and its TAs —
 *   but a TA of a course that limits TAs to their sections (`taSectionScoped`) only for
 *   students of their own section (403 otherwise). Other students get a 404.
 * - Course content: staff always; students only when it belongs to a published item of a
 *   published module (or a video of one), or a published lesson there links it (lesson images
 *   and attachments). Locked-item rules are enforced on the item pages.
 * Non-members get a 403.
 */
export async function getFileForViewer(actor: Actor, fileId: string) {
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
  if (access.isStaff) return file;
  // Any other upload of the learner's own (not a submission) stays theirs to download.
  if (file.ownerId === actor.id) return file;
  const visible = await db.moduleItem.count({
    where: {
      courseId: file.courseId,
      published: true,
      module: { published: true },
      OR: [{ fileId }, { video: { OR: [{ fileId }, { captionsFileId: fileId }] } }],
    },
  });
  if (visible === 0 && !(await isLinkedFromVisibleLesson(file.courseId, fileId))) throw notFound("file");
  return file;
}
