import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ScheduleDates, StateBadge } from "~/components/schedule-view";
import { buttonClass } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { loadCourseAccess } from "~/services/permissions.server";
import { listCourseAssignments } from "~/services/assignments.server";
import { describeRuleSet } from "~/domain/rule-text";

export const meta: MetaFunction = () => [{ title: "Assignments · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const list = await listCourseAssignments(user, course.id, new Date());
    return {
      course,
      canEdit: list.access.role === "INSTRUCTOR" || user.isAdmin,
      staff: list.staff.map((a) => ({ id: a.id, title: a.title, points: a.points, published: a.published, submissions: a._count.submissions, summary: describeRuleSet(a.rules, { courseTimeZone: course.timeZone }) })),
      mine: list.mine,
      zone: user.timeZone,
    };
  });
}

export default function Assignments() {
  const { course, canEdit, staff, mine, zone } = useLoaderData<typeof loader>();
  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Assignments</h1>
        {canEdit ? (
          <Link to="new" className={buttonClass("primary", "no-underline")}>
            New assignment
          </Link>
        ) : null}
      </div>
      {staff.length === 0 && mine.length === 0 ? <p className="text-slate-700">No assignments yet.</p> : null}
      <ul className="space-y-3">
        {staff.map((a) => (
          <li key={a.id}>
            <Card className="p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link to={a.id} className="text-lg font-semibold">
                  {a.title}
                </Link>
                <span className="text-sm text-slate-600">
                  {a.points} points · {a.published ? "Published" : "Draft"} · {a.submissions} submissions
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">{a.summary}</p>
            </Card>
          </li>
        ))}
        {mine.map((r) => (
          <li key={r.assignment.id}>
            <Card className="p-4">
              <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                <Link to={`/courses/${course.slug}/assignments/${r.assignment.id}`} className="text-lg font-semibold">
                  {r.assignment.title}
                </Link>
                <StateBadge state={r.schedule.state} submitted={r.attempts > 0} />
              </div>
              <ScheduleDates schedule={r.schedule} zone={zone} />
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
