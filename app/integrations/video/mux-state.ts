/**
 * Pure mapping from what the Mux API says about an upload and its asset to our
 * VideoAsset state. No I/O: the webhook handler reads the truth from Mux and
 * applies the result with a conditional update on `from`, so a stale read can
 * never move a READY video back to PREPARING or ERRORED.
 */
export type VideoStatus = "WAITING" | "PREPARING" | "READY" | "ERRORED";

/** The fields we read from Mux's Upload object. */
export type MuxUploadTruth = {
  id: string;
  status: "waiting" | "asset_created" | "errored" | "cancelled" | "timed_out";
  asset_id?: string;
  error?: { type?: string; message?: string };
};

/** The fields we read from Mux's Asset object. */
export type MuxAssetTruth = {
  id: string;
  status: "preparing" | "ready" | "errored";
  upload_id?: string;
  duration?: number;
  playback_ids?: Array<{ id: string; policy: string }>;
  errors?: { type?: string; messages?: string[] };
};

export type VideoStateChange = {
  /** Only rows currently in one of these states are updated. */
  from: VideoStatus[];
  data: {
    status: VideoStatus;
    muxAssetId?: string;
    muxPlaybackId?: string | null;
    durationSeconds?: number | null;
    errorMessage?: string | null;
  };
};

const UPLOAD_FAILURES: Record<string, string> = {
  errored: "The upload to Mux failed.",
  cancelled: "The upload was cancelled before it finished.",
  timed_out: "The upload did not finish in time. Please upload the video again.",
};

/** The state change the Mux truth calls for, or null when there is nothing to record yet. */
export function videoStateFromMux(
  truth: { upload: MuxUploadTruth | null; asset: MuxAssetTruth | null },
  playbackPolicy: string,
): VideoStateChange | null {
  const { upload, asset } = truth;
  if (asset) {
    if (asset.status === "ready") {
      const ids = asset.playback_ids ?? [];
      const playback = ids.find((p) => p.policy === playbackPolicy) ?? null;
      if (!playback) {
        return {
          from: ["WAITING", "PREPARING"],
          data: {
            status: "ERRORED",
            muxAssetId: asset.id,
            errorMessage: `Mux finished the video but it has no ${playbackPolicy} playback id.`,
          },
        };
      }
      // READY -> READY refreshes the playback id and duration (idempotent).
      return {
        from: ["WAITING", "PREPARING", "ERRORED", "READY"],
        data: {
          status: "READY",
          muxAssetId: asset.id,
          muxPlaybackId: playback.id,
          durationSeconds: typeof asset.duration === "number" ? asset.duration : null,
          errorMessage: null,
        },
      };
    }
    if (asset.status === "errored") {
      const detail = asset.errors?.messages?.filter(Boolean).join(" ");
      return {
        from: ["WAITING", "PREPARING"],
        data: { status: "ERRORED", muxAssetId: asset.id, errorMessage: detail || "Mux could not process this video." },
      };
    }
    return { from: ["WAITING"], data: { status: "PREPARING", muxAssetId: asset.id } };
  }
  if (upload && upload.status in UPLOAD_FAILURES) {
    return {
      from: ["WAITING"],
      data: { status: "ERRORED", errorMessage: upload.error?.message || UPLOAD_FAILURES[upload.status] },
    };
  }
  if (upload?.status === "asset_created") {
    // The asset exists but could not be read; it is at least being prepared.
    return { from: ["WAITING"], data: { status: "PREPARING", ...(upload.asset_id ? { muxAssetId: upload.asset_id } : {}) } };
  }
  return null;
}
