/**
 * Watched time of a video as distinct seconds, so seeking to the end does not count as
 * watching. Pure.
 *
 * Stored format (ItemProgress.watchedRanges): "start-end,start-end" — whole seconds, half-open
 * [start, end), sorted, merged; touching ranges are joined ("0-10,10-20" is stored "0-20").
 *
 * Decisions:
 * - The second grid of a video is ceil(duration) long: the last partial second counts as a
 *   whole one, so watching to the very end reaches 100 %.
 * - A report's endpoints are rounded to the nearest second; back-to-back reports share the
 *   instant between them, which rounds the same way, so they join without gaps or double
 *   counting. An end at or past the duration credits through the last partial second, so
 *   playing to the end reaches 100 %.
 * - `addRange` clamps the report to [0, ceil(duration)], then keeps at most `maxSpan` seconds
 *   (default 30) ending at `end`: a client claiming 0–3600 in one report is credited 30 s.
 *   Players should report at least every ~15 s while playing.
 * - A report with a non-finite value, end <= start, or a duration <= 0 is ignored (the stored
 *   string is returned normalised).
 * - Malformed stored strings never throw: bad pieces (not "digits-digits", start >= end) are
 *   dropped; the rest is sorted and merged.
 * - `watchedPercent` counts only seconds inside [0, ceil(duration)] (the video may have been
 *   replaced by a shorter one), is capped at 100 and is floored to 1 decimal, so 89.96 % does
 *   not pass a 90 % threshold.
 */

/** Half-open range of whole seconds [start, end). */
export type WatchedRange = { start: number; end: number };

/** Most seconds a single report can add. */
export const DEFAULT_MAX_SPAN_SECONDS = 30;

const PIECE = /^(\d{1,10})-(\d{1,10})$/;

/** Valid ranges only, sorted by start, overlapping and touching ranges merged. */
function normalise(ranges: readonly WatchedRange[]): WatchedRange[] {
  const valid = ranges.filter(
    (r) => r != null && Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end) && r.start >= 0 && r.start < r.end,
  );
  valid.sort((a, b) => a.start - b.start);
  const out: WatchedRange[] = [];
  for (const r of valid) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Parses a stored string into sorted, merged ranges; bad pieces are ignored, never thrown. */
export function parseRanges(s: string | null | undefined): WatchedRange[] {
  if (typeof s !== "string" || s.trim() === "") return [];
  const ranges: WatchedRange[] = [];
  for (const piece of s.split(",")) {
    const m = PIECE.exec(piece.trim());
    if (m) ranges.push({ start: Number(m[1]), end: Number(m[2]) });
  }
  return normalise(ranges);
}

/** The stored string of `ranges` (normalised first: invalid ranges dropped, sorted, merged). */
export function formatRanges(ranges: readonly WatchedRange[]): string {
  return normalise(ranges)
    .map((r) => `${r.start}-${r.end}`)
    .join(",");
}

/**
 * Adds one playback report [start, end) (seconds, may be fractional) to the stored string and
 * returns the new stored string. See the file header for clamping and `maxSpan`.
 */
export function addRange(s: string | null | undefined, start: number, end: number, duration: number, maxSpan = DEFAULT_MAX_SPAN_SECONDS): string {
  const ranges = parseRanges(s);
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(duration) || duration <= 0) return formatRanges(ranges);
  const span = Number.isFinite(maxSpan) && maxSpan >= 0 ? Math.floor(maxSpan) : DEFAULT_MAX_SPAN_SECONDS;
  let from = Math.max(0, Math.round(start));
  const to = end >= duration ? Math.ceil(duration) : Math.round(end);
  if (to - from > span) from = to - span;
  if (to > from) ranges.push({ start: from, end: to });
  return formatRanges(ranges);
}

/** Distinct seconds watched. */
export function watchedSeconds(s: string | null | undefined): number {
  let total = 0;
  for (const r of parseRanges(s)) total += r.end - r.start;
  return total;
}

/** Percentage of `duration` watched, 0..100, floored to 1 decimal; 0 for a missing/invalid duration. */
export function watchedPercent(s: string | null | undefined, duration: number): number {
  if (!Number.isFinite(duration) || duration <= 0) return 0;
  const limit = Math.ceil(duration);
  let seconds = 0;
  for (const r of parseRanges(s)) {
    if (r.start >= limit) break;
    seconds += Math.min(r.end, limit) - r.start;
  }
  // The epsilon absorbs binary error (e.g. 28.999999… for exactly 29 %).
  return Math.min(100, Math.floor((seconds * 1000) / duration + 1e-9) / 10);
}
