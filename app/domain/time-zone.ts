/**
 * Time-zone arithmetic on IANA zone names, built on `Intl.DateTimeFormat` (no date library).
 *
 * Vocabulary:
 * - An *instant* is a `Date` (or epoch milliseconds): one point on the UTC time line.
 * - A *wall-clock time* is what a clock on the wall in a zone shows. Internally we encode it as
 *   "wall milliseconds": the epoch milliseconds the same calendar fields would have in UTC
 *   (`Date.UTC(year, month - 1, day, hour, minute, second)`). Wall milliseconds have no DST, so
 *   "N calendar days later at the same time" is plain `+ N * 86_400_000`.
 *
 * Converting wall-clock time to an instant (`instantFromZoned`, `epochMsFromWallClock`):
 * - Nonexistent wall times (spring-forward gap) move forward by the length of the gap:
 *   Europe/Berlin 2026-03-29 02:30 → 03:30 CEST (01:30Z).
 * - Ambiguous wall times (fall-back overlap) take the earlier instant:
 *   Europe/Berlin 2026-10-25 02:30 → 02:30 CEST (00:30Z), not 02:30 CET (01:30Z).
 *   (This is Temporal's "compatible" disambiguation.)
 *
 * Performance: one formatter per zone; the UTC offset is cached per zone and UTC hour. An hour
 * containing a transition is searched once (to the second) and the transition is cached, so a hot
 * loop does a couple of Map lookups and never formats. Pure: no clock, no I/O.
 * Supported range: proleptic Gregorian years 1–9999.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_ZONES = 2_000;
const MAX_BUCKETS_PER_ZONE = 200_000;

/** Calendar fields of an instant as seen in a zone. `weekday` is 0 = Sunday … 6 = Saturday. */
export type ZonedParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
};

/**
 * A wall-clock date-time in some zone. Out-of-range fields roll over like `Date.UTC`
 * (day 32 of January is 1 February; hour 24 is midnight of the next day).
 */
export type ZonedDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
};

type Transition = { at: number; before: number; after: number };

type ZoneEntry = {
  fmt: Intl.DateTimeFormat;
  /** UTC hour index → offset in ms, or NaN when the hour contains a transition. */
  buckets: Map<number, number>;
  transitions: Map<number, Transition>;
};

const zones = new Map<string, ZoneEntry>();
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

function createEntry(zone: string): ZoneEntry | null {
  if (typeof zone !== "string" || !IANA_SHAPE.test(zone)) return null;
  try {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    return { fmt, buckets: new Map(), transitions: new Map() };
  } catch {
    return null;
  }
}

function zoneEntry(zone: string): ZoneEntry {
  let entry = zones.get(zone);
  if (entry === undefined) {
    const created = createEntry(zone);
    if (created === null) throw new RangeError(`Unknown time zone "${String(zone)}".`);
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(zone, created);
    entry = created;
  }
  return entry;
}

/** `Date.UTC` that also handles years 0–99 literally (Date.UTC maps them to 1900–1999). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(date.getUTCFullYear() - 2000 + y);
  return date.getTime();
}

/** Exact offset (wall − UTC, in ms) at `ms`, by formatting. Slow path: only on cache misses. */
function formatOffset(entry: ZoneEntry, ms: number): number {
  const base = ms - (((ms % SECOND_MS) + SECOND_MS) % SECOND_MS);
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const part of entry.fmt.formatToParts(base)) {
    switch (part.type) {
      case "year": y = Number(part.value); break;
      case "month": mo = Number(part.value); break;
      case "day": d = Number(part.value); break;
      case "hour": h = Number(part.value) % 24; break;
      case "minute": mi = Number(part.value); break;
      case "second": s = Number(part.value); break;
    }
  }
  return utcMs(y, mo, d, h, mi, s, 0) - base;
}

/** Finds the first second in `[start, start + 1 h)` whose offset differs from `before`. */
function findTransition(entry: ZoneEntry, start: number, before: number, after: number): Transition {
  let lo = 0; // seconds into the hour: offset(lo) === before
  let hi = HOUR_MS / SECOND_MS - 1; // offset(hi) !== before
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (formatOffset(entry, start + mid * SECOND_MS) === before) lo = mid;
    else hi = mid;
  }
  return { at: start + hi * SECOND_MS, before, after };
}

function offsetFor(entry: ZoneEntry, ms: number): number {
  const bucket = Math.floor(ms / HOUR_MS);
  let offset = entry.buckets.get(bucket);
  if (offset === undefined) {
    const start = bucket * HOUR_MS;
    const first = formatOffset(entry, start);
    const last = formatOffset(entry, start + HOUR_MS - 1);
    if (entry.buckets.size >= MAX_BUCKETS_PER_ZONE) {
      entry.buckets.clear();
      entry.transitions.clear();
    }
    if (first === last) {
      offset = first;
    } else {
      offset = NaN;
      entry.transitions.set(bucket, findTransition(entry, start, first, last));
    }
    entry.buckets.set(bucket, offset);
  }
  if (offset === offset) return offset; // not NaN
  const t = entry.transitions.get(bucket)!;
  return ms < t.at ? t.before : t.after;
}

function toMs(instant: Date | number): number {
  const ms = typeof instant === "number" ? instant : instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant.");
  return ms;
}

function wallToEpoch(entry: ZoneEntry, wall: number): number {
  const before = offsetFor(entry, wall - DAY_MS);
  const after = offsetFor(entry, wall + DAY_MS);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyOk = offsetFor(entry, early) === before;
  const lateOk = offsetFor(entry, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late); // overlap: earlier instant
  if (earlyOk) return early;
  if (lateOk) return late;
  return wall - before; // gap: forward by the gap length
}

/** True when `zone` is an IANA time-zone name this runtime knows (offset strings are rejected). */
export function isValidTimeZone(zone: string): boolean {
  if (zones.has(zone)) return true;
  try {
    zoneEntry(zone);
    return true;
  } catch {
    return false;
  }
}

/** UTC offset of `zone` at `instant`, in milliseconds (wall − UTC; Berlin in summer = +7_200_000). */
export function zoneOffsetMs(instant: Date | number, zone: string): number {
  return offsetFor(zoneEntry(zone), toMs(instant));
}

/** Low-level: the wall-clock time of `instant` in `zone`, encoded as wall milliseconds. */
export function wallClockMs(instant: Date | number, zone: string): number {
  const ms = toMs(instant);
  return ms + offsetFor(zoneEntry(zone), ms);
}

/** Low-level inverse of `wallClockMs` with the gap/overlap rules in the file header. */
export function epochMsFromWallClock(wallMs: number, zone: string): number {
  if (!Number.isFinite(wallMs)) throw new RangeError("Invalid wall-clock time.");
  return wallToEpoch(zoneEntry(zone), wallMs);
}

/** Calendar fields of `instant` in `zone`. */
export function zonedPartsOf(instant: Date | number, zone: string): ZonedParts {
  const w = new Date(wallClockMs(instant, zone));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    weekday: w.getUTCDay(),
  };
}

/**
 * The instant at which clocks in `zone` show the given wall-clock time. Gap times move forward
 * by the gap; ambiguous times take the earlier instant (see file header).
 */
export function instantFromZoned(fields: ZonedDateTime, zone: string): Date {
  const wall = utcMs(
    fields.year,
    fields.month,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second ?? 0,
    fields.millisecond ?? 0,
  );
  return new Date(epochMsFromWallClock(wall, zone));
}

/**
 * Same wall-clock time `days` calendar days later (or earlier, if negative) in `zone`.
 * 23:59 Berlin on 2026-03-28 + 1 day is 23:59 on 2026-03-29, although that day has 23 hours.
 */
export function addLocalDays(instant: Date, days: number, zone: string): Date {
  if (!Number.isInteger(days)) throw new RangeError("days must be a whole number.");
  return new Date(epochMsFromWallClock(wallClockMs(instant, zone) + days * DAY_MS, zone));
}

/** "YYYY-MM-DD" of `instant`'s calendar day in `zone` (for grouping by local day). */
export function localDateKey(instant: Date | number, zone: string): string {
  const w = new Date(wallClockMs(instant, zone));
  const y = w.getUTCFullYear();
  const m = w.getUTCMonth() + 1;
  const d = w.getUTCDate();
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of a strict "HH:MM" (00:00–23:59), or null. */
export function parseTimeOfDay(time: unknown): number | null {
  const m = typeof time === "string" ? TIME_RE.exec(time) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Wall milliseconds of midnight of a real calendar date "YYYY-MM-DD" (year >= 1), or null. */
export function parseLocalDate(date: unknown): number | null {
  const m = typeof date === "string" ? DATE_RE.exec(date) : null;
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = utcMs(y, mo, d, 0, 0, 0, 0);
  const check = new Date(ms);
  return y >= 1 && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? ms : null;
}

/** Milliseconds per unit, exported so callers share one definition. */
export const MS = { SECOND: SECOND_MS, MINUTE: MINUTE_MS, HOUR: HOUR_MS, DAY: DAY_MS } as const;
