import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Card, PageHeader } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { formatDateTime } from "~/lib/time";
import { requireUser } from "~/lib/session.server";
import { getCourseNeedsGrading } from "~/services/grading-queue.server";

export const meta: MetaFunction = () => [{ title: "Needs grading · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { access, assignments } = await getCourseNeedsGrading(user, params.slug ?? "");
    return { course: access.course, assignments, zone: user.timeZone };
  });
}

export default function NeedsGrading() {
  const { course, assignments, zone } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Needs grading" subtitle={`Work waiting in ${course.title}, oldest submission shown.`} />
      <Card>
        {assignments.length === 0 ? <p className="text-slate-700">Nothing to grade or post. Well done.</p> : null}
        <ul className="space-y-3">
          {assignments.map((a) => (
            <li key={a.id} className="rounded border border-slate-200 p-3">
              <Link to={`/courses/${course.slug}/assignments/${a.id}/queue?status=ungraded&sort=submitted`} className="font-semibold">
                {a.title}
              </Link>
              <p className="text-sm text-slate-700">
                {a.ungraded} to grade · {a.resubmitted} resubmitted · {a.unposted} not posted
                {a.oldest ? ` · oldest waiting since ${formatDateTime(a.oldest, zone)}` : ""}
              </p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
