import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { parseInput } from "~/lib/http.server";
import { getOptionalUser } from "~/lib/session.server";
import { catalogQuerySchema, listCatalog } from "~/services/courses.server";

export const meta: MetaFunction = () => [{ title: "Course catalog · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const query = parseInput(catalogQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return { courses: await listCatalog(user, query), q: query.q };
}

export default function Catalog() {
  const { courses, q } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Course catalog" subtitle="Published courses you can join." />
      <Form method="get" role="search" className="mb-6 flex max-w-lg gap-2">
        <label htmlFor="catalog-q" className="sr-only">
          Search courses
        </label>
        <input
          id="catalog-q"
          name="q"
          defaultValue={q}
          placeholder="Search by title"
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
        />
        <Button variant="secondary">Search</Button>
      </Form>
      {courses.length === 0 ? <p className="text-slate-700">No published courses match.</p> : null}
      <ul className="grid gap-4 sm:grid-cols-2">
        {courses.map((c) => (
          <li key={c.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="text-lg font-semibold">
              <Link to={`/courses/${c.slug}`}>{c.title}</Link>
            </h2>
            <p className="mt-2 text-sm text-slate-700">{c.excerpt}</p>
            <p className="mt-3 text-sm font-medium text-slate-600">
              {c.myRole ? "You are enrolled" : c.selfEnrollment ? "Open for enrollment" : "By invitation"}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
