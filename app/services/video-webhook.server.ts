import { NotFoundError } from "@mux/mux-node";
import { z } from "zod";
import { getMux, verifyMuxSignature, type MuxConnection } from "~/integrations/video/mux.server";
import { videoStateFromMux, type MuxAssetTruth, type MuxUploadTruth } from "~/integrations/video/mux-state";
import { getDb } from "~/lib/db.server";

/**
 * Mux webhooks (POST /webhooks/mux). The signature is checked on the raw body;
 * only the event types below are acted on; the payload is trusted for ids only
 * and the upload/asset is re-read from the Mux API; the event id is recorded in
 * the same transaction as the state change, so a repeated delivery changes
 * nothing; the state change is conditional, so events in any order end in the
 * state Mux reports.
 */
export const HANDLED_MUX_EVENTS = [
  "video.upload.asset_created",
  "video.upload.errored",
  "video.upload.cancelled",
  "video.asset.ready",
  "video.asset.errored",
] as const;

const MAX_BODY_BYTES = 1_000_000;

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  data: z.looseObject({ id: z.string().min(1).max(200) }),
});

type Outcome = "processed" | "duplicate" | "ignored" | "unknown-video";

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

export async function handleMuxWebhook(request: Request, now = new Date()): Promise<Response> {
  const mux = getMux();
  if (!mux?.settings.webhookSecret) {
    console.warn("Mux webhook received, but MUX_TOKEN_ID/MUX_TOKEN_SECRET/MUX_WEBHOOK_SECRET are not all set.");
    return reply(404, { ok: false, message: "Mux webhooks are not configured on this server." });
  }
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) {
    return reply(413, { ok: false, message: "Webhook body too large." });
  }
  const body = await request.text();
  try {
    await verifyMuxSignature(mux, body, request.headers);
  } catch {
    return reply(400, { ok: false, message: "Missing or invalid Mux signature." });
  }
  let event: z.infer<typeof eventSchema>;
  try {
    const parsed = eventSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return reply(400, { ok: false, message: "Not a Mux event." });
    event = parsed.data;
  } catch {
    return reply(400, { ok: false, message: "Body is not JSON." });
  }
  const outcome = await processMuxEvent(mux, event, now);
  return reply(200, { ok: true, outcome });
}

async function processMuxEvent(mux: MuxConnection, event: z.infer<typeof eventSchema>, now: Date): Promise<Outcome> {
  if (!(HANDLED_MUX_EVENTS as readonly string[]).includes(event.type)) return "ignored";
  const db = getDb();
  // Cheap early exit for a redelivery; the insert below is what guarantees it.
  if (await db.webhookEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate";

  const truth = await readTruth(mux, event.type, event.data.id);
  const uploadId = truth.upload?.id ?? truth.asset?.upload_id ?? null;
  const assetId = truth.asset?.id ?? truth.upload?.asset_id ?? null;
  const matches = [uploadId ? { muxUploadId: uploadId } : null, assetId ? { muxAssetId: assetId } : null].filter(
    (m): m is NonNullable<typeof m> => m !== null,
  );

  try {
    return await db.$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: { id: event.id, provider: "mux", type: event.type, processedAt: now } });
      if (!matches.length) return "unknown-video";
      const video = await tx.videoAsset.findFirst({
        where: { provider: "mux", OR: matches },
        select: { id: true, playbackPolicy: true },
      });
      if (!video) return "unknown-video";
      const change = videoStateFromMux(truth, video.playbackPolicy);
      if (change) await tx.videoAsset.updateMany({ where: { id: video.id, status: { in: change.from } }, data: change.data });
      return "processed";
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return "duplicate";
    throw error;
  }
}

/**
 * The upload and asset as Mux reports them now. A 404 (deleted in Mux) reads as
 * absent; any other API failure throws, the event is not recorded, and Mux
 * retries the delivery later.
 */
async function readTruth(mux: MuxConnection, type: string, id: string) {
  const orNull = <T>(promise: Promise<T>) =>
    promise.catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  let upload: MuxUploadTruth | null = null;
  let asset: MuxAssetTruth | null = null;
  if (type.startsWith("video.upload.")) {
    upload = await orNull(mux.client.video.uploads.retrieve(id));
    if (upload?.asset_id) asset = await orNull(mux.client.video.assets.retrieve(upload.asset_id));
  } else {
    asset = await orNull(mux.client.video.assets.retrieve(id));
  }
  return { upload, asset };
}
