import type { CategoryBreakdown } from "~/domain/gradebook";

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** Category breakdown: weight, current, projected, and which scores were dropped. */
export function GradebookCategoryTable({ categories, mode }: { categories: CategoryBreakdown[]; mode: "WEIGHTED" | "POINTS" }) {
  return (
    <table className="mt-4 w-full text-left text-sm">
      <caption className="sr-only">Grade per category</caption>
      <thead className="border-b border-slate-200 text-slate-700">
        <tr>
          <th scope="col" className="py-2 pr-3">Category</th>
          <th scope="col" className="py-2 pr-3">{mode === "WEIGHTED" ? "Weight" : "Points"}</th>
          <th scope="col" className="py-2 pr-3">Current</th>
          <th scope="col" className="py-2 pr-3">Projected</th>
          <th scope="col" className="py-2 pr-3">Notes</th>
        </tr>
      </thead>
      <tbody>
        {categories.map((c) => (
          <tr key={c.id ?? "none"} className="border-b border-slate-100">
            <th scope="row" className="py-2 pr-3 font-medium">{c.name}</th>
            <td className="py-2 pr-3">{mode === "WEIGHTED" ? `${c.weight}%` : `${c.earned} of ${c.possible}`}</td>
            <td className="py-2 pr-3">{pct(c.current)}</td>
            <td className="py-2 pr-3">{pct(c.projected)}</td>
            <td className="py-2 pr-3 text-slate-700">
              {[
                c.counts ? null : "Does not count toward the grade",
                c.dropped.length ? `${c.dropped.length} lowest score${c.dropped.length > 1 ? "s" : ""} dropped` : null,
                c.excused ? `${c.excused} excused` : null,
              ]
                .filter(Boolean)
                .join("; ")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
