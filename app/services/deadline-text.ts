/**
 * What a deadline is and how an assignment's dates read in a calendar event, shared by What's due,
 * the learner side of the iCal feed and its teaching side.
 */
import { formatDateTime } from "~/lib/time";

export type DeadlineDates = { openAt: Date | null; dueAt: Date | null; closeAt: Date | null };

/** An assignment's deadline: its due date, or its close date when it has none. */
export const deadlineOf = (d: { dueAt: Date | null; closeAt: Date | null }) => d.dueAt ?? d.closeAt;

/**
 * An event's text: the `head` lines, the dates in `zone`, the points, an optional note and the
 * link. No "status as of now" line: calendar apps show a copy fetched up to an hour earlier, so a
 * state there would be stale (What's due shows the live state).
 */
export function assignmentEventText(head: string[], dates: DeadlineDates, points: number, zone: string, url: string, note: string | null = null): string {
  const line = (label: string, at: Date | null) => (at ? [`${label}: ${formatDateTime(at, zone)}`] : []);
  return [
    ...head,
    ...line("Opens", dates.openAt),
    ...line("Due", dates.dueAt),
    ...line("Closes", dates.closeAt),
    `Points: ${points}`,
    ...(note ? ["", note] : []),
    "",
    `Open the assignment: ${url}`,
  ].join("\n");
}
