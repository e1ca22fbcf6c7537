/**
 * A small RFC 5545 (iCalendar) writer for published feeds. Pure: no clock, no I/O.
 *
 * - Lines end with CRLF and are folded so no line is longer than 75 octets (UTF-8), excluding
 *   the CRLF; a continuation line starts with one space (which counts toward its 75). A fold
 *   never splits a character (multi-byte UTF-8 sequences and surrogate pairs stay whole).
 * - TEXT values escape `\`, `;`, `,` and newlines (`\n`); other control characters, which
 *   RFC 5545 does not allow in values, are dropped. URI values (URL) are written as given.
 * - Date-times are written in UTC form `YYYYMMDDTHHMMSSZ` (whole seconds), so no VTIMEZONE
 *   is needed and every client shows the instant in its own zone.
 */

/** One event. `end` defaults to `start` (a zero-length event, as Canvas's feeds do for deadlines). */
export type IcalEvent = {
  uid: string;
  /** When this copy of the feed was produced. */
  stamp: Date;
  start: Date;
  end?: Date;
  summary: string;
  description?: string;
  url?: string;
  /** When the event's data last changed, so clients can tell a changed event from an unchanged one. */
  lastModified?: Date;
  sequence?: number;
  categories?: string[];
};

/** A published calendar. */
export type IcalCalendar = {
  prodId: string;
  /** Shown as the calendar's name by most clients (X-WR-CALNAME). */
  name: string;
  description?: string;
  /** Suggested polling interval (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
  refreshMinutes?: number;
  events: readonly IcalEvent[];
};

const CRLF = "\r\n";
const MAX_OCTETS = 75;

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f\\;,]/;

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
  );
}

/** UTC date-time form `YYYYMMDDTHHMMSSZ` (milliseconds are dropped). */
export function formatUtc(instant: Date): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError("iCalendar date-times must be valid dates.");
  const s = instant.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ (years 0-9999)
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds one content line (no line break inside) into chunks of at most 75 octets joined by
 * CRLF + space, never splitting a character.
 */
export function foldLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = !/[^\u0000-\u007f]/.test(line);
  if (ascii) {
    if (line.length <= MAX_OCTETS) return line;
    const parts = [line.slice(0, MAX_OCTETS)];
    for (let i = MAX_OCTETS; i < line.length; i += MAX_OCTETS - 1) parts.push(line.slice(i, i + MAX_OCTETS - 1));
    return parts.join(`${CRLF} `);
  }
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** One content line `NAME:value`, folded. `value` must already be escaped for its type. */
export function contentLine(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

function eventLines(event: IcalEvent, stamp: string): string[] {
  const lines = [
    "BEGIN:VEVENT",
    contentLine("UID", escapeText(event.uid)),
    contentLine("DTSTAMP", stamp),
    contentLine("DTSTART", formatUtc(event.start)),
    contentLine("DTEND", formatUtc(event.end ?? event.start)),
    contentLine("SUMMARY", escapeText(event.summary)),
  ];
  if (event.description) lines.push(contentLine("DESCRIPTION", escapeText(event.description)));
  if (event.url) lines.push(contentLine("URL", event.url));
  if (event.categories?.length) lines.push(contentLine("CATEGORIES", event.categories.map(escapeText).join(",")));
  if (event.lastModified) lines.push(contentLine("LAST-MODIFIED", formatUtc(event.lastModified)));
  if (event.sequence !== undefined) lines.push(contentLine("SEQUENCE", String(Math.max(0, Math.trunc(event.sequence)))));
  lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  return lines;
}

/** The whole calendar as iCalendar text (CRLF line endings, ends with CRLF). */
export function writeCalendar(calendar: IcalCalendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    contentLine("PRODID", escapeText(calendar.prodId)),
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    contentLine("X-WR-CALNAME", escapeText(calendar.name)),
  ];
  if (calendar.description) lines.push(contentLine("X-WR-CALDESC", escapeText(calendar.description)));
  if (calendar.refreshMinutes !== undefined) {
    const minutes = Math.max(1, Math.trunc(calendar.refreshMinutes));
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${minutes}M`, `X-PUBLISHED-TTL:PT${minutes}M`);
  }
  // Events of one feed usually share their stamp (when the feed was made): format it once.
  let stampMs = NaN;
  let stamp = "";
  for (const event of calendar.events) {
    if (event.stamp.getTime() !== stampMs) {
      stamp = formatUtc(event.stamp);
      stampMs = event.stamp.getTime();
    }
    lines.push(...eventLines(event, stamp));
  }
  lines.push("END:VCALENDAR");
  return lines.join(CRLF) + CRLF;
}
