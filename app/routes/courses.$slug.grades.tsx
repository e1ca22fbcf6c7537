import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GradebookCategoryTable } from "~/components/gradebook-categories";
import { BarChart } from "~/components/ui/bar-chart";
import { Card } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { getStudentGrades } from "~/services/gradebook.server";

export const meta: MetaFunction = () => [{ title: "Grades · Coursework" }];

/** The signed-in student's own grades; nothing here can name another student. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ zone: user.timeZone, ...(await getStudentGrades(user, params.slug ?? "", new Date())) }));
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

export default function Grades() {
  const { zone, mode, current, projectedFinal, categories, items } = useLoaderData<typeof loader>();
  const counted = categories.filter((c) => c.counts);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Grades</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card aria-labelledby="current-grade">
          <h2 id="current-grade" className="text-sm font-medium text-slate-700">
            Current grade
          </h2>
          <p className="text-3xl font-bold text-slate-900">{pct(current)}</p>
          <p className="text-sm text-slate-700">Counts only work that has been graded and released to you.</p>
        </Card>
        <Card aria-labelledby="projected-grade">
          <h2 id="projected-grade" className="text-sm font-medium text-slate-700">
            Projected final grade
          </h2>
          <p className="text-3xl font-bold text-slate-900">{pct(projectedFinal)}</p>
          <p className="text-sm text-slate-700">If nothing else were handed in: ungraded work counted as 0.</p>
        </Card>
      </div>
      {counted.length > 0 ? (
        <Card>
          <BarChart title="Your standing per category (current %)" data={counted.map((c) => ({ label: c.name, value: c.current ?? 0 }))} max={100} unit="%" />
          <GradebookCategoryTable categories={categories} mode={mode} />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Assignments</h2>
        {items.length === 0 ? (
          <p className="text-slate-700">No assignments yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your score and feedback per assignment</caption>
              <thead className="border-b border-slate-200 text-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">Assignment</th>
                  <th scope="col" className="py-2 pr-3">Category</th>
                  <th scope="col" className="py-2 pr-3">Due</th>
                  <th scope="col" className="py-2 pr-3">Score</th>
                  <th scope="col" className="py-2 pr-3">Feedback</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id} className="border-b border-slate-100 align-top">
                    <th scope="row" className="py-2 pr-3 font-medium">{i.title}</th>
                    <td className="py-2 pr-3">{i.category}</td>
                    <td className="py-2 pr-3">{i.dueAt ? formatDate(i.dueAt, zone) : "No due date"}</td>
                    <td className="py-2 pr-3 tabular-nums">
                      {i.cell.text === "—" ? "Not graded yet" : i.cell.text}
                      {i.cell.late ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">Late</span> : null}
                      {i.cell.missing ? <span className="ml-2 rounded bg-red-100 px-1 text-xs text-red-900">Missing</span> : null}
                    </td>
                    <td className="py-2 pr-3 whitespace-pre-line">{i.feedback ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
