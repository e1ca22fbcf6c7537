import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonAction } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { receiveUploads, UPLOAD_POLICIES } from "~/lib/uploads.server";
import { attachLocalVideo, prepareVideoUpload } from "~/services/videos.server";

/**
 * POST multipart (`file` = the video, optional `captions` = .vtt): stores the
 * files locally and attaches them to the VIDEO item. JSON { ok, videoId }, or
 * { ok: false, message } with 400/403/404/413/415.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const itemId = params.itemId ?? "";
  return jsonAction(async () => {
    const { courseId } = await prepareVideoUpload(user, itemId);
    const { files } = await receiveUploads(request, courseId, [UPLOAD_POLICIES.video, UPLOAD_POLICIES.captions]);
    const { videoId } = await attachLocalVideo(user, itemId, { video: files.file, captions: files.captions });
    return { ok: true as const, videoId };
  });
}
