import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonAction } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { receiveUploads } from "~/lib/uploads.server";
import { LESSON_UPLOAD_POLICY, prepareLessonUpload, recordLessonUpload } from "~/services/lesson-uploads.server";

/**
 * POST multipart (`file`, and `alt` = the image description) from the lesson editor: streams the
 * file to storage and answers JSON { ok, url, markdown, image } with the Markdown to insert, or
 * { ok: false, message, fieldErrors } with 400/403/404/413/415.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const itemId = params.itemId ?? "";
  return jsonAction(async () => {
    const { courseId } = await prepareLessonUpload(user, itemId);
    const { files, fields } = await receiveUploads(request, courseId, [LESSON_UPLOAD_POLICY]);
    const { url, markdown, image } = await recordLessonUpload(user, itemId, files.file, fields.alt);
    return { ok: true as const, url, markdown, image };
  });
}
