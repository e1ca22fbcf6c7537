import { z } from "zod";
import { getStorage } from "~/integrations/storage/storage.server";
import { getMux, muxPlaybackUrl, muxStreamUrl } from "~/integrations/video/mux.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { AppError, badRequest, conflict, forbidden, notFound } from "~/lib/errors";
import { parseInput } from "~/lib/http.server";
import type { StoredUpload } from "~/lib/uploads.server";
import { loadCourseAccess, requireCourseRole } from "./permissions.server";
import type { Actor } from "./users.server";

/**
 * Videos of VIDEO module items. Without Mux credentials (the default) the file
 * is stored locally and served by /files/<id> with Range support; with them,
 * the browser uploads straight to Mux and webhooks (video-webhook.server.ts)
 * move the asset to READY. Captions (.vtt) are always stored here and served
 * from our origin, for both providers.
 */

export type VideoStatus = "WAITING" | "PREPARING" | "READY" | "ERRORED";

export type VideoForViewer = {
  videoId: string;
  status: VideoStatus;
  provider: "local" | "mux";
  /** Null until the video is READY (or when playback is not possible on this server). */
  src: string | null;
  /** MIME type for <source type>: the stored file's type, or HLS for Mux. */
  type: string | null;
  captionsSrc: string | null;
  durationSeconds: number | null;
  /** Why processing failed; shown to staff only. */
  errorMessage: string | null;
};

/** What the uploader may offer on this server (pass to <VideoUploader {...options}>). */
export function getVideoUploadOptions(): { mux: boolean; signedPlayback: boolean } {
  const mux = getMux();
  return { mux: Boolean(mux), signedPlayback: Boolean(mux?.settings.signing) };
}

async function loadItemForAuthoring(actor: Actor, itemId: string) {
  const item = await getDb().moduleItem.findUnique({
    where: { id: itemId },
    select: { id: true, courseId: true, kind: true },
  });
  if (!item) throw notFound("lesson");
  await requireCourseRole(actor, { id: item.courseId }, ["INSTRUCTOR"], "Only the course's instructors can upload videos.");
  if (item.kind !== "VIDEO") throw badRequest("This item is not a video lesson, so it cannot hold a video.");
  return item;
}

/**
 * Checks that the actor may upload a video to the item before any bytes are
 * stored; returns the course the upload's files belong to.
 */
export async function prepareVideoUpload(actor: Actor, itemId: string): Promise<{ courseId: string }> {
  const item = await loadItemForAuthoring(actor, itemId);
  return { courseId: item.courseId };
}

async function discardUploads(uploads: Array<StoredUpload | undefined>) {
  for (const upload of uploads) if (upload) await getStorage().remove(upload.key);
}

/** A captions file must be WebVTT: its first line starts with "WEBVTT" (after an optional BOM). */
async function assertWebVtt(upload: StoredUpload) {
  let head = "";
  for await (const chunk of getStorage().read(upload.key, { start: 0, end: 15 })) head += Buffer.from(chunk).toString("utf8");
  if (!/^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(head)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `"${upload.filename}" is not a WebVTT captions file: its first line must be WEBVTT. Export captions as .vtt and try again.`,
    );
  }
}

const fileData = (courseId: string, ownerId: string, upload: StoredUpload) => ({
  courseId,
  ownerId,
  key: upload.key,
  filename: upload.filename.slice(0, 255),
  contentType: upload.contentType,
  size: upload.size,
});

/**
 * Attaches an uploaded (already stored) video, and optional captions, to a
 * VIDEO item as a READY local video. Instructors only. The item's previous
 * video is removed with its files. On any failure the uploaded files are
 * deleted from storage.
 */
export async function attachLocalVideo(
  actor: Actor,
  itemId: string,
  upload: { video?: StoredUpload; captions?: StoredUpload },
): Promise<{ videoId: string }> {
  let result: { videoId: string; replaced: string | null };
  try {
    const item = await loadItemForAuthoring(actor, itemId);
    const video = upload.video;
    if (!video) throw badRequest("Choose a video file to upload.", { file: ["Choose a video file to upload."] });
    if (upload.captions) await assertWebVtt(upload.captions);
    result = await getDb().$transaction(async (tx) => {
      const before = await tx.moduleItem.findUniqueOrThrow({ where: { id: item.id }, select: { videoAssetId: true } });
      const file = await tx.storedFile.create({ data: fileData(item.courseId, actor.id, video), select: { id: true } });
      const captions = upload.captions
        ? await tx.storedFile.create({ data: fileData(item.courseId, actor.id, upload.captions), select: { id: true } })
        : null;
      const asset = await tx.videoAsset.create({
        data: { courseId: item.courseId, provider: "local", status: "READY", fileId: file.id, captionsFileId: captions?.id ?? null },
        select: { id: true },
      });
      await tx.moduleItem.update({ where: { id: item.id }, data: { videoAssetId: asset.id } });
      return { videoId: asset.id, replaced: before.videoAssetId };
    });
  } catch (error) {
    await discardUploads([upload.video, upload.captions]);
    throw error;
  }
  if (result.replaced) await removeVideoAsset(result.replaced);
  return { videoId: result.videoId };
}

const muxUploadSchema = z.object({
  playbackPolicy: z.enum(["public", "signed"], { error: "Choose who can play the video." }).default("public"),
});

/**
 * Starts a Mux direct upload for a VIDEO item: the browser then PUTs the file
 * to `uploadUrl`, and webhooks move the new VideoAsset from WAITING to READY.
 * Optional captions are stored here. The item's previous video is replaced.
 */
export async function startMuxUpload(
  actor: Actor,
  itemId: string,
  input: { playbackPolicy?: string; captions?: StoredUpload },
): Promise<{ uploadUrl: string; videoId: string }> {
  let result: { uploadUrl: string; videoId: string; replaced: string | null };
  try {
    const item = await loadItemForAuthoring(actor, itemId);
    const mux = getMux();
    if (!mux) throw conflict("Mux video hosting is not set up on this server. Upload the file here instead.");
    const { playbackPolicy } = parseInput(muxUploadSchema, { playbackPolicy: input.playbackPolicy || undefined });
    if (playbackPolicy === "signed" && !mux.settings.signing) {
      throw badRequest("Signed playback is not set up on this server.", {
        playbackPolicy: ["Signed playback needs a Mux signing key (MUX_SIGNING_KEY_ID and MUX_SIGNING_PRIVATE_KEY). Choose public playback."],
      });
    }
    if (input.captions) await assertWebVtt(input.captions);
    const upload = await mux.client.video.uploads.create({
      cors_origin: new URL(getEnv().APP_URL).origin,
      new_asset_settings: { playback_policies: [playbackPolicy], passthrough: item.id },
      timeout: 3600,
    });
    const uploadUrl = upload.url;
    if (!uploadUrl) throw new Error(`Mux returned direct upload ${upload.id} without an upload URL.`);
    const captions = input.captions;
    result = await getDb().$transaction(async (tx) => {
      const before = await tx.moduleItem.findUniqueOrThrow({ where: { id: item.id }, select: { videoAssetId: true } });
      const captionsFile = captions
        ? await tx.storedFile.create({ data: fileData(item.courseId, actor.id, captions), select: { id: true } })
        : null;
      const asset = await tx.videoAsset.create({
        data: {
          courseId: item.courseId,
          provider: "mux",
          status: "WAITING",
          muxUploadId: upload.id,
          playbackPolicy,
          captionsFileId: captionsFile?.id ?? null,
        },
        select: { id: true },
      });
      await tx.moduleItem.update({ where: { id: item.id }, data: { videoAssetId: asset.id } });
      return { uploadUrl, videoId: asset.id, replaced: before.videoAssetId };
    });
  } catch (error) {
    await discardUploads([input.captions]);
    throw error;
  }
  if (result.replaced) await removeVideoAsset(result.replaced);
  return { uploadUrl: result.uploadUrl, videoId: result.videoId };
}

/**
 * The item's video as this actor may play it. Staff see any item; students
 * need an active enrollment (403 otherwise) and a published item in a
 * published module (404 otherwise). The caller checks locks (release dates,
 * prerequisites) first. Null when the item has no video yet.
 */
export async function getVideoForViewer(actor: Actor, itemId: string): Promise<VideoForViewer | null> {
  const item = await getDb().moduleItem.findUnique({
    where: { id: itemId },
    select: {
      courseId: true,
      published: true,
      module: { select: { published: true } },
      video: {
        select: {
          id: true,
          provider: true,
          status: true,
          fileId: true,
          captionsFileId: true,
          muxPlaybackId: true,
          playbackPolicy: true,
          durationSeconds: true,
          errorMessage: true,
          file: { select: { contentType: true } },
        },
      },
    },
  });
  if (!item) throw notFound("video");
  const access = await loadCourseAccess(actor, { id: item.courseId });
  if (!access.isStaff) {
    if (!access.role) throw forbidden("Enroll in this course to watch its videos.");
    if (!item.published || !item.module.published) throw notFound("video");
  }
  const video = item.video;
  if (!video) return null;
  const provider = video.provider === "mux" ? "mux" : "local";
  let src: string | null = null;
  let type: string | null = null;
  let problem = video.errorMessage;
  if (video.status === "READY") {
    if (provider === "local" && video.fileId) {
      src = `/files/${video.fileId}`;
      type = video.file?.contentType ?? null;
    } else if (provider === "mux" && video.muxPlaybackId) {
      const policy = video.playbackPolicy === "signed" ? "signed" : "public";
      const mux = getMux();
      if (policy === "public" || mux?.settings.signing) {
        src = mux ? await muxPlaybackUrl(mux, video.muxPlaybackId, policy) : muxStreamUrl(video.muxPlaybackId);
        type = "application/x-mpegURL";
      } else {
        problem = "This video uses signed playback, but no Mux signing key is configured on this server.";
      }
    }
  }
  return {
    videoId: video.id,
    status: video.status,
    provider,
    src,
    type,
    captionsSrc: video.captionsFileId ? `/files/${video.captionsFileId}` : null,
    durationSeconds: video.durationSeconds,
    errorMessage: access.isStaff ? problem : null,
  };
}

/**
 * Removes a video no item uses any more: its row, its stored files (when
 * nothing else references them) and, best effort, the Mux asset or upload.
 */
async function removeVideoAsset(videoId: string) {
  const db = getDb();
  if ((await db.moduleItem.count({ where: { videoAssetId: videoId } })) > 0) return;
  const video = await db.videoAsset.findUnique({
    where: { id: videoId },
    select: { fileId: true, captionsFileId: true, muxAssetId: true, muxUploadId: true },
  });
  if (!video) return;
  await db.videoAsset.delete({ where: { id: videoId } });
  for (const fileId of [video.fileId, video.captionsFileId]) if (fileId) await removeFileIfUnused(fileId);
  const mux = getMux();
  if (!mux) return;
  try {
    if (video.muxAssetId) await mux.client.video.assets.delete(video.muxAssetId);
    else if (video.muxUploadId) await mux.client.video.uploads.cancel(video.muxUploadId);
  } catch (error) {
    // Not fatal: the replacement is in place; an orphaned Mux asset only costs storage.
    console.warn(`Could not delete the replaced Mux video ${video.muxAssetId ?? video.muxUploadId}:`, String(error));
  }
}

async function removeFileIfUnused(fileId: string) {
  const db = getDb();
  const [items, videos] = await Promise.all([
    db.moduleItem.count({ where: { fileId } }),
    db.videoAsset.count({ where: { OR: [{ fileId }, { captionsFileId: fileId }] } }),
  ]);
  if (items + videos > 0) return;
  const file = await db.storedFile.delete({ where: { id: fileId }, select: { key: true } });
  await getStorage().remove(file.key);
}
