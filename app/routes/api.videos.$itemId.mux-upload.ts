import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonAction } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { receiveUploads, UPLOAD_POLICIES } from "~/lib/uploads.server";
import { prepareVideoUpload, startMuxUpload } from "~/services/videos.server";

/**
 * POST multipart (`playbackPolicy` = public | signed, optional `captions` = .vtt):
 * starts a Mux direct upload. JSON { ok, uploadUrl, videoId }; the browser then
 * PUTs the video file to uploadUrl.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const itemId = params.itemId ?? "";
  return jsonAction(async () => {
    const { courseId } = await prepareVideoUpload(user, itemId);
    const { fields, files } = await receiveUploads(request, courseId, [UPLOAD_POLICIES.captions]);
    const started = await startMuxUpload(user, itemId, { playbackPolicy: fields.playbackPolicy, captions: files.captions });
    return { ok: true as const, ...started };
  });
}
