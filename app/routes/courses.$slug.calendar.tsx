import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Card } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate, formatDateTime } from "~/lib/time";
import { courseCalendar } from "~/services/calendar.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Course calendar · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    return { zone: user.timeZone, calendar: await courseCalendar(user, course.id, new Date()) };
  });
}

type Dates = { openAt: Date | string | null; dueAt: Date | string | null; closeAt: Date | string | null };
type Field = keyof Dates;
const FIELDS: [Field, string][] = [
  ["openAt", "Opens"],
  ["dueAt", "Due"],
  ["closeAt", "Closes"],
];

/** Open/due/close of one column; fields listed in `differs` are marked in words, not colour alone. */
function DateList({ dates, zone, rules, differs = [] }: { dates: Dates; zone: string; rules?: Partial<Record<Field, string>>; differs?: string[] }) {
  return (
    <dl className="space-y-1">
      {FIELDS.map(([field, label]) => {
        const at = dates[field];
        const changed = differs.includes(field);
        return (
          <div key={field} className={changed ? "rounded bg-amber-50 px-1 ring-1 ring-amber-300" : ""}>
            <dt className="inline font-medium text-slate-700">{label}: </dt>
            <dd className="inline">
              {at ? formatDateTime(at, zone) : "No limit"}
              {changed ? <strong className="ml-1 text-amber-900">(differs)</strong> : null}
              {rules?.[field] ? <span className="block text-xs text-slate-600">{rules[field]}</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export default function CourseCalendar() {
  const { zone, calendar } = useLoaderData<typeof loader>();
  const { course, sections, assignments, referenceStart, referenceIsCourseStart } = calendar;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Calendar</h1>
      <p className="max-w-3xl text-slate-700">
        Every assignment's dates, as the course sets them and for each section with different dates. Times are shown in{" "}
        {zone.replaceAll("_", " ")} time. Dates that depend on when a learner starts are shown for a learner who starts{" "}
        {referenceIsCourseStart ? `when the course starts (${formatDate(referenceStart, zone)})` : `today (${formatDate(referenceStart, zone)}), because the course has no start date`}
        ; the rule under each date says how it is worked out.
      </p>
      {assignments.length === 0 ? (
        <Card>
          <h2 className="text-lg font-semibold">No assignments yet</h2>
          <p className="mt-2 text-slate-700">
            <Link to={`/courses/${course.slug}/assignments`}>Go to assignments</Link> to add one.
          </p>
        </Card>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <caption className="sr-only">Assignment dates by section, with learner overrides and extensions</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="p-3">Assignment</th>
                  <th scope="col" className="p-3">Course dates</th>
                  {sections.map((s) => (
                    <th key={s.id} scope="col" className="p-3">
                      Section {s.name}
                    </th>
                  ))}
                  <th scope="col" className="p-3">Learner overrides</th>
                  <th scope="col" className="p-3">Approved extensions</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id} className="border-b border-slate-100 align-top">
                    <th scope="row" className="p-3 font-medium">
                      <Link to={a.href}>{a.title}</Link>
                      <span className="block text-xs font-normal text-slate-600">
                        {a.points} points · {a.published ? "Published" : "Draft"}
                      </span>
                    </th>
                    <td className="p-3">
                      <DateList dates={a.dates} zone={zone} rules={a.rules} />
                    </td>
                    {sections.map((s) => {
                      const own = a.sections.find((x) => x.sectionId === s.id);
                      return (
                        <td key={s.id} className="p-3">
                          {own ? (
                            <>
                              <p className="mb-1 text-xs font-semibold text-slate-700">
                                {own.differs.length ? "Own dates — differs from course" : "Own dates — same as course"}
                              </p>
                              <DateList dates={own.dates} zone={zone} rules={own.rules} differs={own.differs} />
                            </>
                          ) : (
                            <span className="text-slate-600">Same as course</span>
                          )}
                        </td>
                      );
                    })}
                    <td className="p-3">{a.learnerOverrides}</td>
                    <td className="p-3">{a.approvedExtensions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
