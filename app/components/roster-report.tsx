import type { RosterRowReport } from "~/services/roster.server";
import { Alert } from "./ui/alert";

const LABEL = { CREATED: "Created", ENROLLED: "Enrolled", UPDATED: "Updated", SKIPPED: "Skipped", REJECTED: "Rejected" } as const;

/** What a roster import did, row by row. */
export function RosterReport({ report, summary }: { report: RosterRowReport[]; summary: Record<keyof typeof LABEL, number> }) {
  return (
    <section aria-labelledby="roster-report" className="rounded-xl border border-slate-200 bg-white p-6">
      <h2 id="roster-report" className="text-lg font-semibold">Roster import report</h2>
      <Alert tone={summary.REJECTED ? "error" : "success"}>
        {(Object.keys(LABEL) as (keyof typeof LABEL)[]).map((k) => `${summary[k]} ${LABEL[k].toLowerCase()}`).join(" · ")}
      </Alert>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Roster rows and what happened to each</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="py-1 pr-3">Line</th>
            <th scope="col" className="py-1 pr-3">Email</th>
            <th scope="col" className="py-1 pr-3">Result</th>
            <th scope="col" className="py-1">Why</th>
          </tr>
        </thead>
        <tbody>
          {report.map((r) => (
            <tr key={r.line} className="border-b border-slate-100">
              <td className="py-1 pr-3">{r.line}</td>
              <td className="py-1 pr-3">{r.email}</td>
              <td className={`py-1 pr-3 font-medium ${r.outcome === "REJECTED" ? "text-red-700" : "text-slate-900"}`}>{LABEL[r.outcome]}</td>
              <td className="py-1">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
