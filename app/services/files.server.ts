import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { loadCourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

/**
 * A stored file the actor may download: staff of its course always; students
 * only when it belongs to a published item of a published module (or a video
 * of one). Locked-item rules are enforced on the item pages themselves.
 */
export async function getFileForViewer(actor: Actor, fileId: string) {
  const db = getDb();
  const file = await db.storedFile.findUnique({
    where: { id: fileId },
    select: { id: true, key: true, filename: true, contentType: true, size: true, courseId: true, ownerId: true },
  });
  if (!file) throw notFound("file");
  const access = await loadCourseAccess(actor, { id: file.courseId });
  if (access.isStaff) return file;
  if (!access.role) throw forbidden("Enroll in this course to open its files.");
  // A learner's own uploads (submission files) are always theirs to download.
  if (file.ownerId === actor.id) return file;
  const visible = await db.moduleItem.count({
    where: {
      courseId: file.courseId,
      published: true,
      module: { published: true },
      OR: [{ fileId }, { video: { OR: [{ fileId }, { captionsFileId: fileId }] } }],
    },
  });
  if (visible === 0) throw notFound("file");
  return file;
}
