/**
 * The teaching side of the personal iCal feed: for every course the user teaches (active
 * instructor or TA), one event per published assignment at its default deadline (due date, or
 * close date without one), and one more per section whose override moves that deadline. The dates
 * are the course calendar's (courseCalendar, so the schedule engine's), written in the user's zone.
 *
 * A deadline that counts from each learner's start has no single date: it is shown for a learner
 * starting on the course's start date, and left out of the feed when the course has no start date.
 * Nothing here depends on "now" beyond that, so the feed's text stays a function of stored data.
 */
import type { IcalEvent } from "~/domain/ical";
import { getDb } from "~/lib/db.server";
import { formatDateTime } from "~/lib/time";
import { courseCalendar, type CalendarRow } from "./calendar.server";
import type { Actor } from "./users.server";

type Dates = CalendarRow["dates"];
const deadlineOf = (d: Dates) => d.dueAt ?? d.closeAt;

function describe(
  courseTitle: string,
  who: string,
  dates: Dates,
  points: number,
  zone: string,
  url: string,
  note: string | null
): string {
  const line = (label: string, at: Date | null) =>
    at ? [`${label}: ${formatDateTime(at, zone)}`] : [];
  return [
    `Course: ${courseTitle} (you teach it)`,
    `For: ${who}`,
    ...line("Opens", dates.openAt),
    ...line("Due", dates.dueAt),
    ...line("Closes", dates.closeAt),
    `Points: ${points}`,
    ...(note ? ["", note] : []),
    "",
    `Open the assignment: ${url}`,
  ].join("\n");
}

/** The deadlines of the courses `actor` teaches, as events of their feed (see the file header). */
export async function teachingEvents(
  actor: Actor,
  now: Date,
  absoluteUrl: (path: string) => string
): Promise<IcalEvent[]> {
  const taught = await getDb().enrollment.findMany({
    where: {
      userId: actor.id,
      status: "ACTIVE",
      role: { in: ["INSTRUCTOR", "TA"] },
    },
    select: { courseId: true },
    orderBy: { courseId: "asc" },
  });
  const events: IcalEvent[] = [];
  for (const { courseId } of taught) {
    const calendar = await courseCalendar(actor, courseId, now);
    const { title } = calendar.course;
    const note = calendar.referenceIsCourseStart
      ? "Counts from each learner's start: shown for a learner who starts on the course's start date."
      : null;
    for (const row of calendar.assignments) {
      if (
        !row.published ||
        (row.relativeDeadline && !calendar.referenceIsCourseStart)
      )
        continue;
      const url = absoluteUrl(row.href);
      const rowNote = row.relativeDeadline ? note : null;
      const event = (
        key: string,
        who: string,
        dates: Dates,
        label: string
      ): IcalEvent | null => {
        const start = deadlineOf(dates);
        if (!start) return null;
        return {
          uid: `teaching-${row.id}-${key}-${actor.id}@coursework`,
          stamp: now,
          start,
          summary: `${row.title} ${
            dates.dueAt ? "due" : "closes"
          }${label} (${title})`,
          description: describe(
            title,
            who,
            dates,
            row.points,
            actor.timeZone,
            url,
            rowNote
          ),
          url,
          categories: [title],
        };
      };
      const base = event(
        "default",
        calendar.sections.length
          ? "every section without its own dates"
          : "every learner",
        row.dates,
        ""
      );
      if (base) events.push(base);
      for (const section of row.sections) {
        if (
          deadlineOf(section.dates)?.getTime() ===
          deadlineOf(row.dates)?.getTime()
        )
          continue;
        const own = event(
          `section-${section.sectionId}`,
          `section ${section.name}`,
          section.dates,
          ` — ${section.name}`
        );
        if (own) events.push(own);
      }
    }
  }
  return events;
}
