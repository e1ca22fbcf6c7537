import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/time";

export type QueueRowView = {
  enrollmentId: string;
  label: string;
  email: string | null;
  sectionName: string | null;
  attempt: number | null;
  submittedAt: string | Date | null;
  minutesLate: number;
  state: "UNSUBMITTED" | "UNGRADED" | "GRADED" | "RESUBMITTED";
  finalScore: number | null;
  excused: boolean;
  posted: boolean;
};

const STATE_TEXT = { UNSUBMITTED: "Not submitted", UNGRADED: "Needs grading", GRADED: "Graded", RESUBMITTED: "Resubmitted" } as const;

/** One page of the grading queue; each name opens the grading page with the same filters. */
export function GradingQueueTable({ rows, base, query, zone, points }: { rows: QueueRowView[]; base: string; query: string; zone: string; points: number }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No students match these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Students and their submissions</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2">Student</th>
            <th scope="col">Section</th>
            <th scope="col">Submitted</th>
            <th scope="col">Status</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.enrollmentId} className="border-b border-slate-200">
              <th scope="row" className="py-2 font-normal">
                <Link to={`${base}/grade/${r.enrollmentId}${query ? `?${query}` : ""}`}>{r.label}</Link>
                {r.email ? <span className="block text-xs text-slate-600">{r.email}</span> : null}
              </th>
              <td>{r.sectionName ?? "—"}</td>
              <td>
                {r.submittedAt ? `${formatDateTime(r.submittedAt, zone)} (attempt ${r.attempt})` : "—"}
                {r.minutesLate > 0 ? <span className="ml-1 font-medium text-red-800">late {Math.ceil(r.minutesLate / 60)} h</span> : null}
              </td>
              <td>
                {STATE_TEXT[r.state]}
                {r.state === "GRADED" && !r.posted ? " · not posted" : ""}
              </td>
              <td>{r.excused ? "Excused" : r.finalScore !== null ? `${r.finalScore} / ${points}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
