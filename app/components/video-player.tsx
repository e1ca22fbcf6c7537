import { useCallback, useEffect, useId, useRef, useState } from "react";

export type WatchSpan = { from: number; to: number };
export type ProgressReport = { position: number; from: number; to: number; duration: number };

/**
 * Tracks the contiguous span of the video actually played since the last
 * report. A seek (or any jump of the playhead) closes the span at the last
 * position seen before the jump, so skipping ahead never counts as watched.
 * Pure: fed with playhead times by the player's media events.
 */
export function createWatchTracker(maxTickSeconds = 5) {
  let start: number | null = null;
  let last = 0;
  const close = (): WatchSpan | null => {
    const span = start !== null && last > start ? { from: start, to: last } : null;
    start = null;
    return span;
  };
  /** The playhead is at t. A jump backwards or further than one tick closes the span and starts a new one. */
  const advance = (t: number): WatchSpan | null => {
    if (start === null) {
      last = t;
      return null;
    }
    if (t < last - 0.5 || t - last > maxTickSeconds) {
      const span = close();
      start = t;
      last = t;
      return span;
    }
    last = Math.max(last, t);
    return null;
  };
  return {
    advance,
    /** Playback started or resumed at t. */
    play(t: number) {
      start = t;
      last = t;
    },
    /** A periodic report while playing: the span up to t; the next span starts at t. */
    take(t: number): WatchSpan | null {
      const jumped = advance(t);
      if (jumped) return jumped;
      const playing = start !== null;
      const span = close();
      if (playing) start = last;
      return span;
    },
    /** Paused or ended at t: the span up to t; nothing counts until playback resumes. */
    stop(t: number): WatchSpan | null {
      const span = advance(t) ?? close();
      start = null;
      return span;
    },
    /** Seeking started (currentTime is already the target): the span up to the last position seen. */
    seeking(): WatchSpan | null {
      return close();
    },
    /** The seek finished at t; counting resumes only if the video is playing. */
    seeked(t: number, playing: boolean) {
      last = t;
      start = playing ? t : null;
    },
  };
}

const REPORT_EVERY_MS = 5000;
const round = (n: number) => Math.round(n * 100) / 100;

function formatTime(seconds: number) {
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * An HTML5 video player that resumes at `startAt` and reports progress to
 * POST /api/items/<itemId>/progress (form fields position, from, to, duration)
 * every ~5 s while playing and on pause, seek and end. `from`/`to` is the span
 * actually played since the last report (equal to `position` when none was).
 * HLS (.m3u8, Mux) plays natively in Safari; other browsers show the message.
 */
export function VideoPlayer({
  itemId,
  title,
  src,
  type,
  captionsSrc,
  captionsLanguage = "en",
  startAt = 0,
  onProgress,
}: {
  itemId: string;
  title: string;
  src: string;
  type?: string | null;
  captionsSrc?: string | null;
  captionsLanguage?: string;
  startAt?: number;
  onProgress?: (report: ProgressReport) => void;
}) {
  const titleId = useId();
  const hintId = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const trackerRef = useRef(createWatchTracker());
  const pendingSeekSpan = useRef<WatchSpan | null>(null);
  const onProgressRef = useRef(onProgress);
  const [resumedAt, setResumedAt] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    onProgressRef.current = onProgress;
  }, [onProgress]);

  const report = useCallback(
    (span: WatchSpan | null) => {
      const video = videoRef.current;
      if (!video || !Number.isFinite(video.duration) || video.duration <= 0) return;
      const position = round(video.currentTime);
      const body: ProgressReport = {
        position,
        from: round(span?.from ?? position),
        to: round(span?.to ?? position),
        duration: round(video.duration),
      };
      const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
      fetch(`/api/items/${encodeURIComponent(itemId)}/progress`, { method: "POST", body: form, keepalive: true, credentials: "same-origin" }).catch(
        () => {
          // Offline or navigating away: the next report carries the position again.
        },
      );
      onProgressRef.current?.(body);
    },
    [itemId],
  );

  // Periodic reports while playing, and one when the page is hidden or left.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const tracker = trackerRef.current;
    const timer = window.setInterval(() => {
      if (!video.paused && !video.seeking) report(tracker.take(video.currentTime));
    }, REPORT_EVERY_MS);
    const onHide = () => {
      if (document.visibilityState === "hidden" && !video.paused) report(tracker.take(video.currentTime));
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onHide);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onHide);
    };
  }, [report]);

  const tracker = trackerRef.current;
  const hls = /\.m3u8(\?|$)/.test(src);

  return (
    <figure className="my-4" aria-labelledby={titleId}>
      <figcaption id={titleId} className="mb-2 text-lg font-semibold text-slate-900">
        {title}
      </figcaption>
      <video
        key={src}
        ref={videoRef}
        controls
        preload="metadata"
        playsInline
        className="w-full rounded-md bg-black"
        aria-labelledby={titleId}
        aria-describedby={hintId}
        onLoadedMetadata={(event) => {
          const video = event.currentTarget;
          if (startAt > 1 && startAt < video.duration - 2) {
            video.currentTime = startAt;
            setResumedAt(startAt);
          }
        }}
        onPlay={(event) => tracker.play(event.currentTarget.currentTime)}
        onTimeUpdate={(event) => {
          const video = event.currentTarget;
          if (video.seeking) return;
          const jumped = tracker.advance(video.currentTime);
          if (jumped) report(jumped);
        }}
        onPause={(event) => {
          if (!event.currentTarget.ended) report(tracker.stop(event.currentTarget.currentTime));
        }}
        onEnded={(event) => report(tracker.stop(event.currentTarget.duration))}
        onSeeking={() => {
          const span = tracker.seeking();
          if (span) pendingSeekSpan.current = span;
        }}
        onSeeked={(event) => {
          const video = event.currentTarget;
          tracker.seeked(video.currentTime, !video.paused);
          report(pendingSeekSpan.current);
          pendingSeekSpan.current = null;
        }}
        onError={() => setFailed(true)}
      >
        <source src={src} type={type ?? (hls ? "application/x-mpegURL" : undefined)} onError={() => setFailed(true)} />
        {captionsSrc ? <track kind="captions" src={captionsSrc} srcLang={captionsLanguage} label="Captions" default /> : null}
        <p>
          Your browser cannot play this video. <a href={src}>Open the video file</a> instead.
        </p>
      </video>
      <div id={hintId} className="mt-2 space-y-1 text-sm text-slate-700">
        {captionsSrc ? (
          <p>
            Captions are on; switch them off or on with the captions (CC) button in the player controls.{" "}
            <a className="text-brand-700 underline" href={captionsSrc} download>
              Download the captions as a text transcript
            </a>
            .
          </p>
        ) : (
          <p>This video has no captions yet. If you need a transcript, ask the course&apos;s instructors.</p>
        )}
        <p>Your place is saved as you watch, so you can come back and continue later.</p>
      </div>
      {resumedAt !== null ? (
        <p className="mt-2 text-sm text-slate-700" role="status">
          Resumed at {formatTime(resumedAt)}.{" "}
          <button
            type="button"
            className="font-semibold text-brand-700 underline"
            onClick={() => {
              if (videoRef.current) videoRef.current.currentTime = 0;
              setResumedAt(null);
            }}
          >
            Start from the beginning
          </button>
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {hls
            ? "This browser cannot play this video stream. Try Safari, or another browser with HLS support."
            : "The video could not be loaded. Check your connection and reload the page."}
        </p>
      ) : null}
    </figure>
  );
}
