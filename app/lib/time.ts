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

export function formatDateTime(instant: Date | string, zone: string): string {
  return formatter(zone, "dateTime").format(new Date(instant));
}

export function formatDate(instant: Date | string, zone: string): string {
  return formatter(zone, "date").format(new Date(instant));
}

export function formatTime(instant: Date | string, zone: string): string {
  return formatter(zone, "time").format(new Date(instant));
}

export { isValidTimeZone as isValidTimeZoneName } from "~/domain/time-zone";

/** Zones offered in pickers: the runtime's canonical list. */
export function listTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? ["UTC"];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
