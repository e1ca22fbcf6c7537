import { formatDate } from "~/lib/time";

export const ROLE_LABEL = { INSTRUCTOR: "Instructor", TA: "Teaching assistant", STUDENT: "Student" } as const;

/** The course's summary (rendered and sanitized by the server), or a note that there is none. */
export function CourseSummary({ summaryHtml }: { summaryHtml: string }) {
  return summaryHtml ? <div className="prose-content" dangerouslySetInnerHTML={{ __html: summaryHtml }} /> : <p className="text-slate-600">No summary yet.</p>;
}

/** Start and end of the course, in the viewer's time zone. */
export function CourseDates({ startsAt, endsAt, zone }: { startsAt: Date | string | null; endsAt: Date | string | null; zone: string }) {
  return (
    <dl className="space-y-1 text-sm text-slate-700">
      <div>
        <dt className="inline font-medium">Starts: </dt>
        <dd className="inline">{startsAt ? formatDate(startsAt, zone) : "Any time"}</dd>
      </div>
      <div>
        <dt className="inline font-medium">Ends: </dt>
        <dd className="inline">{endsAt ? formatDate(endsAt, zone) : "No end date"}</dd>
      </div>
    </dl>
  );
}

/** The course's instructors and teaching assistants, in the order they joined. */
export function TeachingTeam({ staff }: { staff: { role: keyof typeof ROLE_LABEL; name: string }[] }) {
  if (staff.length === 0) return <p className="text-slate-600">No one teaches this course yet.</p>;
  return (
    <ul className="space-y-1 text-slate-800">
      {staff.map((s, i) => (
        <li key={i}>
          {s.name} <span className="text-sm text-slate-600">({ROLE_LABEL[s.role]})</span>
        </li>
      ))}
    </ul>
  );
}

/** Active members by role (staff only). */
export function HeadCounts({ counts }: { counts: Partial<Record<string, number>> }) {
  return (
    <p className="mt-4 text-sm text-slate-700">
      {counts.STUDENT ?? 0} students · {counts.TA ?? 0} TAs · {counts.INSTRUCTOR ?? 0} instructors
    </p>
  );
}
