import { useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { sendWithProgress, type UploadReply } from "~/lib/upload-request";
import { Button } from "./ui/button";
import { UploadStatus, type UploadPhase } from "./upload-status";

type VideoStatus = "WAITING" | "PREPARING" | "READY" | "ERRORED";

const VIDEO_TYPES = ["video/mp4", "video/webm", "video/quicktime"];
const MAX_VIDEO_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_CAPTIONS_BYTES = 2 * 1024 * 1024;

const STATUS_TEXT: Record<VideoStatus, string> = {
  WAITING: "Waiting for the video file to arrive.",
  PREPARING: "The video is being processed. It can be watched once processing finishes; this page updates by itself.",
  READY: "Ready: students can watch this video.",
  ERRORED: "Processing failed. Upload the video again.",
};


type Reply = UploadReply<{ ok?: boolean; message?: string; uploadUrl?: string }>;


/** A message a person can act on for a failed reply from our server. */
function problem(reply: Reply): string {
  if (reply.body?.message) return reply.body.message;
  if (reply.url.includes("/login")) return "Your session has ended. Sign in again in another tab, then retry the upload.";
  if (reply.status === 413) return "That file is too large to upload.";
  if (reply.status === 415) return "That kind of file cannot be uploaded here.";
  if (reply.status === 403) return "You don't have permission to upload videos to this course.";
  if (reply.status === 404) return "This lesson no longer exists. Reload the page.";
  return "The server could not take the upload right now. Try again in a few minutes.";
}

/** Browsers often give .vtt files no type; label them so the server's allow-list accepts them. */
function asVtt(file: File): File {
  return file.type === "text/vtt" ? file : new File([file], file.name, { type: "text/vtt" });
}

/**
 * Upload (or replace) the video of a VIDEO item, with optional WebVTT captions.
 * Stores the file on this server, or with `mux` sends it straight to Mux via a
 * direct upload. Shows progress in an accessible progress bar with a polite
 * live region, and plain-language errors.
 * Pass `{...getVideoUploadOptions()}` from the loader for `mux`/`signedPlayback`.
 */
export function VideoUploader({
  itemId,
  currentStatus,
  currentError,
  mux = false,
  signedPlayback = false,
}: {
  itemId: string;
  currentStatus: VideoStatus | null;
  currentError?: string | null;
  mux?: boolean;
  signedPlayback?: boolean;
}) {
  const id = useId();
  const { revalidate } = useRevalidator();
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<UploadPhase>({ kind: "idle" });
  const [uploaded, setUploaded] = useState(false);

  // While Mux processes a video uploaded from this page, refresh its status every few seconds.
  const processing = mux && (currentStatus === "PREPARING" || (currentStatus === "WAITING" && uploaded));
  useEffect(() => {
    if (!processing) return;
    const timer = window.setInterval(() => revalidate(), 5000);
    return () => window.clearInterval(timer);
  }, [processing, revalidate]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    const captionsFile = (form.elements.namedItem("captions") as HTMLInputElement).files?.[0];
    const policy = (form.elements.namedItem("playbackPolicy") as RadioNodeList | null)?.value || "public";
    const fail = (message: string) => setPhase({ kind: "error", message });
    if (!file) {
      fileRef.current?.focus();
      return fail("Choose a video file to upload.");
    }
    if (file.type && !VIDEO_TYPES.includes(file.type)) return fail(`"${file.name}" is not an MP4, WebM or QuickTime (.mov) video.`);
    if (file.size > MAX_VIDEO_BYTES) return fail(`"${file.name}" is larger than the 2 GB limit for a video.`);
    if (captionsFile && !/\.vtt$/i.test(captionsFile.name) && captionsFile.type !== "text/vtt") {
      return fail(`"${captionsFile.name}" is not a WebVTT (.vtt) captions file.`);
    }
    if (captionsFile && captionsFile.size > MAX_CAPTIONS_BYTES) return fail(`"${captionsFile.name}" is larger than the 2 MB limit for captions.`);

    const track = (xhr: XMLHttpRequest | null) => {
      xhrRef.current = xhr;
    };
    let shown = -1;
    const progress = (fraction: number) => {
      const percent = Math.min(100, Math.floor(fraction * 100));
      if (percent !== shown) {
        shown = percent;
        setPhase({ kind: "uploading", percent });
      }
    };
    setPhase({ kind: "uploading", percent: 0 });
    let replaced = false;
    try {
      if (mux) {
        const start = new FormData();
        start.set("playbackPolicy", policy);
        if (captionsFile) start.set("captions", asVtt(captionsFile));
        const started = await sendWithProgress<Reply["body"]>("POST", `/api/videos/${encodeURIComponent(itemId)}/mux-upload`, start, { track });
        if (started.status !== 200 || !started.body?.uploadUrl) return fail(problem(started));
        replaced = true;
        revalidate();
        const put = await sendWithProgress<Reply["body"]>("PUT", started.body.uploadUrl, file, { onProgress: progress, track });
        if (put.status < 200 || put.status >= 300) {
          return fail(`The video service did not accept the file (error ${put.status}). Try again in a few minutes.`);
        }
        setUploaded(true);
        setPhase({ kind: "done", message: "Upload complete. The video is being processed; this page shows when it is ready." });
      } else {
        const body = new FormData();
        body.set("file", file);
        if (captionsFile) body.set("captions", asVtt(captionsFile));
        const reply = await sendWithProgress<Reply["body"]>("POST", `/api/videos/${encodeURIComponent(itemId)}/local`, body, { onProgress: progress, track });
        if (reply.status !== 200 || !reply.body?.ok) return fail(problem(reply));
        setPhase({ kind: "done", message: "Upload complete. The video is ready to watch." });
      }
      form.reset();
      revalidate();
    } catch (error) {
      const aborted = (error as Error).message === "aborted";
      if (replaced) {
        fail(`${aborted ? "Upload cancelled" : "The upload was interrupted"}. The lesson has no playable video now; upload the video again.`);
      } else {
        fail(aborted ? "Upload cancelled. Nothing was changed." : "The upload was interrupted. Check your connection and try again.");
      }
    }
  }

  const busy = phase.kind === "uploading";
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-md border border-slate-200 bg-white p-4">
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
        Video
      </h2>
      <p className="mt-1 text-sm text-slate-700" role="status">
        {currentStatus ? STATUS_TEXT[currentStatus] : "No video yet."}
        {currentStatus === "ERRORED" && currentError ? ` Reason: ${currentError}` : null}
      </p>

      <form onSubmit={onSubmit} className="mt-4" noValidate>
        <div className="mb-4">
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            {currentStatus ? "Replace the video" : "Video file"}
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            name="file"
            type="file"
            accept={VIDEO_TYPES.join(",")}
            required
            disabled={busy}
            aria-describedby={`${id}-file-hint`}
            className="mt-1 block text-sm"
          />
          <p id={`${id}-file-hint`} className="mt-1 text-sm text-slate-600">
            MP4, WebM or QuickTime (.mov), up to 2 GB.
          </p>
        </div>

        <div className="mb-4">
          <label htmlFor={`${id}-captions`} className="block text-sm font-medium text-slate-800">
            Captions (optional)
          </label>
          <input
            id={`${id}-captions`}
            name="captions"
            type="file"
            accept=".vtt,text/vtt"
            disabled={busy}
            aria-describedby={`${id}-captions-hint`}
            className="mt-1 block text-sm"
          />
          <p id={`${id}-captions-hint`} className="mt-1 text-sm text-slate-600">
            A WebVTT (.vtt) file, up to 2 MB. Captions let deaf and hard-of-hearing students follow the video, and students can
            download them as a transcript.
          </p>
        </div>

        {mux ? (
          <fieldset className="mb-4" disabled={busy}>
            <legend className="text-sm font-medium text-slate-800">Who can play the video</legend>
            <div className="mt-1 flex items-start gap-2">
              <input
                id={`${id}-signed`}
                type="radio"
                name="playbackPolicy"
                value="signed"
                defaultChecked={signedPlayback}
                disabled={!signedPlayback}
                aria-describedby={`${id}-signed-hint`}
                className="mt-1"
              />
              <div>
                <label htmlFor={`${id}-signed`} className="text-sm text-slate-800">
                  Only students of this course (signed links that expire)
                </label>
                <p id={`${id}-signed-hint`} className="text-sm text-slate-600">
                  {signedPlayback ? "Recommended for paid courses." : "Needs a Mux signing key on the server; ask your administrator."}
                </p>
              </div>
            </div>
            <div className="mt-1 flex items-start gap-2">
              <input id={`${id}-public`} type="radio" name="playbackPolicy" value="public" defaultChecked={!signedPlayback} className="mt-1" />
              <label htmlFor={`${id}-public`} className="text-sm text-slate-800">
                Anyone with the link
              </label>
            </div>
          </fieldset>
        ) : null}

        <UploadStatus phase={phase} spacing="mb-4" />

        <div className="flex gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Uploading…" : currentStatus ? "Upload replacement" : "Upload video"}
          </Button>
          {busy ? (
            <Button type="button" variant="secondary" onClick={() => xhrRef.current?.abort()}>
              Cancel upload
            </Button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
