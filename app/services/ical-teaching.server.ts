/**
 * The teaching side of the personal iCal feed: for every course the user teaches (active
 * instructor or TA), one event per published assignment at its default deadline (due date, or
 * close date without one), and one more per section whose override moves that deadline. The dates
 * are the course calendar's (courseCalendar, so the schedule engine's), written in the user's zone.
 *
 * A deadline that counts from each learner's start has no single date: it is shown for a learner
 * starting on the course's start date, and left out of the feed when the course has no start date.
 * Nothing here depends on "now" beyond that, so the feed's text stays a function of stored data.
 * Building runs the course calendar's queries once per taught course; the feed does it only when
 * its version changes.
 */
import type { IcalEvent } from "~/domain/ical";
import { getDb } from "~/lib/db.server";
import { courseCalendar } from "./calendar.server";
import { assignmentEventText, deadlineOf, type DeadlineDates } from "./deadline-text";
import type { Actor } from "./users.server";

const FROM_START_NOTE = "Counts from each learner's start: shown for a learner who starts on the course's start date.";

/** The deadlines of the courses `actor` teaches, as events of their feed (see the file header). */
export async function teachingEvents(actor: Actor, now: Date, absoluteUrl: (path: string) => string): Promise<IcalEvent[]> {
  const taught = await getDb().enrollment.findMany({
    where: { userId: actor.id, status: "ACTIVE", role: { in: ["INSTRUCTOR", "TA"] } },
    select: { courseId: true },
    orderBy: { courseId: "asc" },
  });
  const events: IcalEvent[] = [];
  for (const { courseId } of taught) {
    const calendar = await courseCalendar(actor, courseId, now);
    const { title } = calendar.course;
    for (const row of calendar.assignments) {
      if (!row.published || (row.relativeDeadline && !calendar.referenceIsCourseStart)) continue;
      const url = absoluteUrl(row.href);
      const add = (key: string, who: string, dates: DeadlineDates, label: string) => {
        const start = deadlineOf(dates);
        if (!start) return;
        events.push({
          uid: `teaching-${row.id}-${key}-${actor.id}@coursework`,
          stamp: now,
          start,
          summary: `${row.title} ${dates.dueAt ? "due" : "closes"}${label} (${title})`,
          description: assignmentEventText([`Course: ${title} (you teach it)`, `For: ${who}`], dates, row.points, actor.timeZone, url, row.relativeDeadline ? FROM_START_NOTE : null),
          url,
          categories: [title],
        });
      };
      add("default", calendar.sections.length ? "every section without its own dates" : "every learner", row.dates, "");
      const defaultDeadline = deadlineOf(row.dates)?.getTime();
      for (const section of row.sections) {
        if (deadlineOf(section.dates)?.getTime() !== defaultDeadline) add(`section-${section.sectionId}`, `section ${section.name}`, section.dates, ` — ${section.name}`);
      }
    }
  }
  return events;
}
