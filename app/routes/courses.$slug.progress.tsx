import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ModulePager } from "~/components/module-pager";
import { BarChart } from "~/components/ui/bar-chart";
import { Button, buttonClass } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { SelectField } from "~/components/ui/field";
import { ProgressBar } from "~/components/ui/progress-bar";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { modulesPageOf } from "~/lib/page-window";
import { formatDate } from "~/lib/time";
import { getClassProgress } from "~/services/class-progress.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Class progress · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const query = new URL(request.url).searchParams;
    const page = Number(query.get("page") ?? "1") || 1;
    const sectionId = query.get("section") || null;
    const modulesPage = modulesPageOf(request.url);
    return { course, zone: user.timeZone, ...(await getClassProgress(user, course.id, new Date(), { page, sectionId, modulesPage })) };
  });
}

export default function ClassProgress() {
  const { course, zone, modules, modulePage, rows, funnel, total, page, pageCount, sections, sectionId } = useLoaderData<typeof loader>();
  const sectionName = sections.find((s) => s.id === sectionId)?.name;
  const students = `${total.toLocaleString("en-US")} ${total === 1 ? "student" : "students"}`;
  const pageHref = (n: number) =>
    `?${new URLSearchParams({ ...(sectionId ? { section: sectionId } : {}), ...(modulePage.page > 1 ? { modules: String(modulePage.page) } : {}), page: String(n) }).toString()}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Class progress ({students}
          {sectionName ? ` in ${sectionName}` : ""})
        </h1>
        <a href={`/courses/${course.slug}/progress.csv${sectionId ? `?${new URLSearchParams({ section: sectionId })}` : ""}`} className={buttonClass("secondary", "no-underline")}>
          Download CSV{sectionName ? ` (${sectionName})` : ""}
        </a>
      </div>
      {sections.length > 0 ? (
        <Form method="get" className="flex flex-wrap items-center gap-3 [&>div]:min-w-56">
          <SelectField label="Section" name="section" defaultValue={sectionId ?? ""}>
            <option value="">All sections</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          {modulePage.page > 1 ? <input type="hidden" name="modules" value={modulePage.page} /> : null}
          <Button variant="secondary" className="mt-2">Show</Button>
        </Form>
      ) : null}
      <ModulePager modulePage={modulePage} />
      <Card>
        <BarChart
          title={`Students who completed each module${modulePage.pageCount > 1 ? ` (modules ${modulePage.first}–${modulePage.last} of ${modulePage.total})` : ""}, out of ${students}${sectionName ? ` in ${sectionName}` : ""}`}
          data={funnel.map((f) => ({ label: f.title, value: f.completed }))}
          max={total}
        />
      </Card>
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Completion per student and module</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3">Student</th>
                <th scope="col" className="py-2 pr-3">Overall</th>
                {modules.map((m) => (
                  <th key={m.id} scope="col" className="py-2 pr-3">{m.title}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.enrollmentId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {r.name}
                    {r.completedAt ? <span className="block text-xs font-normal text-green-800">Completed {formatDate(r.completedAt, zone)}</span> : null}
                  </th>
                  <td className="w-40 py-2 pr-3">
                    <ProgressBar value={r.percent} label={`${r.name} overall progress`} />
                    <span className="text-xs text-slate-600">{r.percent}%</span>
                  </td>
                  {r.modules.map((m) => (
                    <td key={m.id} className="py-2 pr-3">{m.complete ? "Complete" : `${m.done}/${m.total}`}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pageCount > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
            {page > 1 ? <Link to={pageHref(page - 1)}>Previous page</Link> : null}
            <span>Page {page} of {pageCount}</span>
            {page < pageCount ? <Link to={pageHref(page + 1)}>Next page</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
