import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatScore } from "~/domain/gradebook";

export type GridColumn = { id: string; title: string; points: number; categoryName: string };
export type GridCell = { text: string; score: number | null; rawScore: number | null; late: boolean; missing: boolean; excused: boolean; hidden: boolean };
export type GridRow = {
  enrollmentId: string;
  name: string;
  email: string;
  section: string | null;
  cells: Record<string, GridCell>;
  current: number | null;
  projectedFinal: number | null;
};

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** Markers in words (not colour only): Late, Missing, Hidden from the student. */
function Markers({ cell }: { cell: GridCell }) {
  const marks = [cell.late ? "Late" : null, cell.missing ? "Missing" : null, cell.hidden ? "Hidden" : null].filter(Boolean) as string[];
  if (marks.length === 0) return null;
  return (
    <span className="mt-0.5 flex flex-wrap gap-1">
      {marks.map((m) => (
        <span key={m} className={`rounded px-1 text-xs font-medium ${m === "Missing" ? "bg-red-100 text-red-900" : m === "Late" ? "bg-amber-100 text-amber-900" : "bg-slate-200 text-slate-800"}`}>
          {m}
        </span>
      ))}
    </span>
  );
}

type SaveResult = { ok: boolean; message?: string };

/** One cell in edit mode: Enter saves through the action (saveGrade, audited); Escape cancels. */
function CellEditor({ row, column, cell, onDone }: { row: GridRow; column: GridColumn; cell: GridCell; onDone: () => void }) {
  const fetcher = useFetcher<SaveResult>();
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    if (submitted && fetcher.state === "idle" && fetcher.data?.ok) onDone();
  }, [submitted, fetcher.state, fetcher.data, onDone]);
  const error = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const label = `Score for ${row.name} on ${column.title} (out of ${column.points}; EX to excuse, empty to clear)`;
  return (
    <fetcher.Form method="post" onSubmit={() => setSubmitted(true)} className="flex flex-col gap-1">
      <input type="hidden" name="enrollmentId" value={row.enrollmentId} />
      <input type="hidden" name="assignmentId" value={column.id} />
      <input
        name="score"
        aria-label={label}
        defaultValue={cell.excused ? "EX" : (cell.rawScore ?? "")}
        autoFocus
        inputMode="decimal"
        size={6}
        aria-invalid={error ? true : undefined}
        className="w-20 rounded border border-slate-500 px-1 py-0.5"
        onKeyDown={(e) => {
          if (e.key === "Escape") onDone();
        }}
      />
      <span className="flex gap-1">
        <button type="submit" className="rounded bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white">
          {fetcher.state === "idle" ? "Save" : "Saving…"}
        </button>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs" onClick={onDone}>
          Cancel
        </button>
      </span>
      {error ? (
        <span role="alert" className="text-xs font-medium text-red-800">
          {error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

/**
 * Students × assignments with a sticky header row and first column. A cell is a link
 * (`?edit=…`, so it works without JavaScript) that turns into a small form.
 */
export function GradebookGrid({
  columns,
  rows,
  editKey,
  hrefFor,
  showTotals,
  display = "POINTS",
}: {
  columns: GridColumn[];
  rows: GridRow[];
  editKey: string | null;
  hrefFor: (edit: string | null) => string;
  showTotals: boolean;
  display?: "POINTS" | "PERCENT";
}) {
  const [editing, setEditing] = useState<string | null>(editKey);
  return (
    <div className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-label="Gradebook grid (scrolls both ways)">
      <table className="min-w-full border-separate border-spacing-0 text-left text-sm">
        <caption className="sr-only">Scores per student and assignment, with current and projected totals</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky top-0 left-0 z-20 border-b border-slate-300 bg-white px-3 py-2">
              Student
            </th>
            {showTotals ? (
              <>
                <th scope="col" className="sticky top-0 z-10 border-b border-slate-300 bg-white px-3 py-2">
                  Current
                </th>
                <th scope="col" className="sticky top-0 z-10 border-b border-slate-300 bg-white px-3 py-2">
                  Projected
                </th>
              </>
            ) : null}
            {columns.map((c) => (
              <th key={c.id} scope="col" className="sticky top-0 z-10 min-w-28 border-b border-slate-300 bg-white px-3 py-2 align-bottom">
                <span className="block font-semibold">{c.title}</span>
                <span className="block text-xs font-normal text-slate-600">
                  {c.points} pts · {c.categoryName}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.enrollmentId}>
              <th scope="row" className="sticky left-0 z-10 border-b border-slate-100 bg-white px-3 py-2 font-medium whitespace-nowrap">
                {r.name}
                {r.section ? <span className="block text-xs font-normal text-slate-600">{r.section}</span> : null}
              </th>
              {showTotals ? (
                <>
                  <td className="border-b border-slate-100 px-3 py-2 tabular-nums">{pct(r.current)}</td>
                  <td className="border-b border-slate-100 px-3 py-2 tabular-nums">{pct(r.projectedFinal)}</td>
                </>
              ) : null}
              {columns.map((c) => {
                const cell = r.cells[c.id];
                const text = formatScore(cell.excused ? { score: null, excused: true } : { score: cell.score }, c.points, display);
                const key = `${r.enrollmentId}.${c.id}`;
                return (
                  <td key={c.id} className="border-b border-slate-100 px-3 py-1 align-top">
                    {editing === key ? (
                      <CellEditor row={r} column={c} cell={cell} onDone={() => setEditing(null)} />
                    ) : (
                      <a
                        href={hrefFor(key)}
                        onClick={(e) => {
                          e.preventDefault();
                          setEditing(key);
                        }}
                        className="block rounded px-1 py-0.5 text-slate-900 no-underline tabular-nums hover:bg-brand-50"
                        aria-label={`${r.name}, ${c.title}: ${text}${cell.late ? ", late" : ""}${cell.missing ? ", missing" : ""}${cell.hidden ? ", hidden from student" : ""}. Edit`}
                      >
                        {text}
                        <Markers cell={cell} />
                      </a>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
