import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { buttonClass } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { listMyCourses } from "~/services/courses.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const courses = await listMyCourses(user);
  return { user, courses };
}

const ROLE_LABEL = { INSTRUCTOR: "Instructor", TA: "Teaching assistant", STUDENT: "Student" } as const;

export default function Dashboard() {
  const { user, courses } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const teaching = courses.filter((c) => c.role !== "STUDENT");
  const learning = courses.filter((c) => c.role === "STUDENT");
  return (
    <div>
      <PageHeader
        title={`Welcome, ${user.displayName}`}
        subtitle={`Times are shown in ${user.timeZone.replaceAll("_", " ")}.`}
        actions={
          <Link to="/courses/new" className={buttonClass("primary", "no-underline")}>
            New course
          </Link>
        }
      />
      {params.get("notice") === "password-set" ? <Alert tone="success" title="Your new password is saved and you are logged in." /> : null}
      {courses.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">You are not in any course yet</h2>
          <p className="mt-2 text-slate-700">Find one in the catalog, or create your own.</p>
          <Link to="/courses" className={buttonClass("secondary", "mt-4 no-underline")}>
            Browse the catalog
          </Link>
        </div>
      ) : null}
      {[
        { title: "Learning", list: learning },
        { title: "Teaching", list: teaching },
      ]
        .filter((g) => g.list.length > 0)
        .map((group) => (
          <section key={group.title} aria-labelledby={`h-${group.title}`} className="mb-8">
            <h2 id={`h-${group.title}`} className="mb-3 text-lg font-semibold text-slate-800">
              {group.title}
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {group.list.map((c) => (
                <li key={c.id} className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                  <Link to={`/courses/${c.slug}`} className="text-lg font-semibold text-slate-900">
                    {c.title}
                  </Link>
                  <p className="mt-1 text-sm text-slate-600">
                    {ROLE_LABEL[c.role]}
                    {c.status === "DRAFT" ? " · Draft" : ""}
                  </p>
                  <p className="mt-auto pt-3 text-sm text-slate-600">
                    {c.endsAt ? `Ends ${formatDate(c.endsAt, user.timeZone)}` : "Self-paced, no end date"}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
