import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Card, PageHeader } from "~/components/ui/card";
import { requireUser } from "~/lib/session.server";
import { getMyGrades } from "~/services/gradebook.server";

export const meta: MetaFunction = () => [{ title: "My grades · Coursework" }];

/** The signed-in learner's grade in each course they study (posted grades only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { courses: await getMyGrades(user, new Date()) };
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

export default function MyGrades() {
  const { courses } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="My grades" subtitle="Current counts graded work only; projected counts ungraded work as 0." />
      <Card>
        {courses.length === 0 ? (
          <p className="text-slate-700">You are not studying any courses yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your grade per course</caption>
            <thead className="border-b border-slate-200 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3">Course</th>
                <th scope="col" className="py-2 pr-3">Current</th>
                <th scope="col" className="py-2 pr-3">Projected</th>
                <th scope="col" className="py-2 pr-3">Graded</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.slug} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-medium">
                    <Link to={`/courses/${c.slug}/grades`}>{c.title}</Link>
                  </th>
                  <td className="py-2 pr-3">{pct(c.current)}</td>
                  <td className="py-2 pr-3">{pct(c.projectedFinal)}</td>
                  <td className="py-2 pr-3">
                    {c.graded} of {c.assignments}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
