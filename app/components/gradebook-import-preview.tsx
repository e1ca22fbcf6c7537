import type { ImportPreview } from "~/services/grade-import.server";

/** What an import would change (old → new) and what it rejects, with reasons. */
export function GradebookImportPreview({ preview }: { preview: ImportPreview }) {
  const { changes, rejected, unchanged } = preview;
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Preview: nothing has been saved yet</h2>
      <p className="text-sm text-slate-700" role="status">
        {changes.length} change{changes.length === 1 ? "" : "s"}, {rejected.length} rejected, {unchanged} unchanged.
      </p>
      {changes.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-2 text-left font-semibold">Changes</caption>
            <thead className="border-b border-slate-200 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3">Line</th>
                <th scope="col" className="py-2 pr-3">Student</th>
                <th scope="col" className="py-2 pr-3">Assignment</th>
                <th scope="col" className="py-2 pr-3">Old</th>
                <th scope="col" className="py-2 pr-3">New</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={`${c.line}-${c.assignmentId}`} className="border-b border-slate-100">
                  <td className="py-1 pr-3">{c.line}</td>
                  <th scope="row" className="py-1 pr-3 font-medium">
                    {c.name} <span className="font-normal text-slate-600">({c.email})</span>
                  </th>
                  <td className="py-1 pr-3">{c.assignment}</td>
                  <td className="py-1 pr-3">{c.old}</td>
                  <td className="py-1 pr-3">
                    <span className="sr-only">changes to </span>
                    {c.new}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rejected.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-2 text-left font-semibold text-red-900">Rejected (will not be saved)</caption>
            <thead className="border-b border-slate-200 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3">Line</th>
                <th scope="col" className="py-2 pr-3">Email</th>
                <th scope="col" className="py-2 pr-3">Column</th>
                <th scope="col" className="py-2 pr-3">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((r, i) => (
                <tr key={i} className="border-b border-slate-100">
                  <td className="py-1 pr-3">{r.line}</td>
                  <td className="py-1 pr-3">{r.email}</td>
                  <td className="py-1 pr-3">{r.column ?? ""}</td>
                  <td className="py-1 pr-3">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
