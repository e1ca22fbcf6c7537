import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GradebookGrid } from "~/components/gradebook-grid";
import { Alert } from "~/components/ui/alert";
import { BarChart } from "~/components/ui/bar-chart";
import { buttonClass } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getGradebook, gradeCellSchema, saveGradeCell } from "~/services/gradebook.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Gradebook · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course, role } = await loadCourseAccess(user, { slug: params.slug });
    const url = new URL(request.url);
    const page = Number(url.searchParams.get("page") ?? "1") || 1;
    const book = await getGradebook(user, course.id, new Date(), {
      page,
      sectionId: url.searchParams.get("section") || null,
      chartAssignmentId: url.searchParams.get("chart") || null,
    });
    const display = url.searchParams.get("display") === "percent" ? ("PERCENT" as const) : ("POINTS" as const);
    return { course, canManage: role === "INSTRUCTOR" || user.isAdmin, edit: url.searchParams.get("edit"), display, ...book };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const input = await parseForm(request, gradeCellSchema);
    await saveGradeCell(user, course.id, input, new Date());
    return { ok: true as const };
  });
}

export default function Gradebook() {
  const { course, canManage, edit, display, columns, rows, categories, categoryProblems, mode, sections, sectionId, sectionLocked, total, page, pageCount, chart } = useLoaderData<typeof loader>();
  const location = useLocation();
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const gridColumns = columns.map((c) => ({ id: c.id, title: c.title, points: c.points, categoryName: (c.categoryId && names.get(c.categoryId)) || "Uncategorised" }));
  const params = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) if (v === null) p.delete(k);
    else p.set(k, v);
    return `?${p.toString()}`;
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Gradebook ({total} student{total === 1 ? "" : "s"})
        </h1>
        <div className="flex flex-wrap gap-2">
          <a href={`/courses/${course.slug}/gradebook.csv${sectionId ? `?section=${sectionId}` : ""}`} className={buttonClass("secondary", "no-underline")}>
            Download CSV
          </a>
          <Link to={`/courses/${course.slug}/gradebook/import`} className={buttonClass("secondary", "no-underline")}>
            Import scores
          </Link>
          {canManage ? (
            <Link to={`/courses/${course.slug}/gradebook/categories`} className={buttonClass("secondary", "no-underline")}>
              Categories and weights
            </Link>
          ) : null}
        </div>
      </div>
      <p className="text-sm text-slate-700">
        {mode === "WEIGHTED"
          ? `Weighted by category: ${categories.filter((c) => c.weight > 0).map((c) => `${c.name} ${c.weight}%`).join(", ")}. Uncategorised assignments do not count.`
          : "Graded by total points."}{" "}
        <strong>Current</strong> counts graded work only; <strong>Projected</strong> counts ungraded work as 0. Select a score to edit it; press Enter to save.
      </p>
      {categoryProblems.length ? (
        <Alert tone="error" title="The category weights need fixing">
          {categoryProblems.join(" ")}
        </Alert>
      ) : null}
      {!sectionLocked && sections.length ? (
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="section" className="block text-sm font-medium text-slate-800">
              Section
            </label>
            <select id="section" name="section" defaultValue={sectionId ?? ""} className="mt-1 rounded-md border border-slate-400 px-3 py-2">
              <option value="">All sections</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Show
          </button>
        </Form>
      ) : null}
      {columns.length === 0 ? (
        <Alert title="No published assignments yet">Publish an assignment to see it in the gradebook.</Alert>
      ) : (
        <>
          <p className="text-sm">
            Scores shown as {display === "PERCENT" ? "percentages" : "points"}.{" "}
            <Link to={params({ display: display === "PERCENT" ? null : "percent", edit: null })}>{display === "PERCENT" ? "Show points" : "Show percentages"}</Link>
          </p>
          <GradebookGrid key={`${page}-${sectionId}-${edit}`} columns={gridColumns} rows={rows} editKey={edit} hrefFor={(e) => params({ edit: e })} showTotals display={display} />
        </>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex gap-4 text-sm">
          {page > 1 ? <Link to={params({ page: String(page - 1), edit: null })}>Previous page</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link to={params({ page: String(page + 1), edit: null })}>Next page</Link> : null}
        </nav>
      ) : null}
      {chart ? (
        <Card>
          <Form method="get" className="mb-4 flex flex-wrap items-end gap-2">
            {sectionId ? <input type="hidden" name="section" value={sectionId} /> : null}
            <div>
              <label htmlFor="chart" className="block text-sm font-medium text-slate-800">
                Score distribution for
              </label>
              <select id="chart" name="chart" defaultValue={chart.assignmentId} className="mt-1 rounded-md border border-slate-400 px-3 py-2">
                {columns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={buttonClass("secondary")}>
              Show chart
            </button>
          </Form>
          <BarChart title={`${chart.title}: students per score range (${chart.graded} graded${sectionId ? ", this section" : ""})`} data={chart.buckets} />
        </Card>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
