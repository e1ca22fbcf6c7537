/**
 * Formatting instants for people. Every date shown in the UI goes through here
 * with the viewer's IANA time zone, and the zone is always named.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: "dateTime" | "date" | "time") {
  const key = `${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { weekday: "short", day: "numeric", month: "short", year: "numeric" }
        : kind === "time"
          ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }
          : {
              weekday: "short",
              day: "numeric",
              month: "short",
              year: "numeric",
              hour: "2-digit",
              minute: "2-digit",
              hourCycle: "h23",
              timeZoneName: "short",
            };
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formatted strings by zone, kind and instant. Intl formatting costs microseconds a call, and the
 * same deadlines are shown again and again (every student of a course, every page view), so a
 * bounded memo saves most of it; it is simply emptied when full.
 */
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

function format(instant: Date | string, zone: string, kind: "dateTime" | "date" | "time"): string {
  const date = new Date(instant);
  const key = `${kind}|${zone}|${date.getTime()}`;
  let text = memo.get(key);
  if (text === undefined) {
    text = formatter(zone, kind).format(date);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, text);
  }
  return text;
}

export function formatDateTime(instant: Date | string, zone: string): string {
  return format(instant, zone, "dateTime");
}

export function formatDate(instant: Date | string, zone: string): string {
  return format(instant, zone, "date");
}

export function formatTime(instant: Date | string, zone: string): string {
  return format(instant, zone, "time");
}

export { isValidTimeZone as isValidTimeZoneName } from "~/domain/time-zone";

/** Zones offered in pickers: the runtime's canonical list. */
export function listTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? ["UTC"];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
