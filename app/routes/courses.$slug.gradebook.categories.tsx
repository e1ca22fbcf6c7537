import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { listCategories, parseCategoriesForm, saveCategories } from "~/services/grade-categories.server";
import { requireCourseRole } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Grade categories · Coursework" }];

const NEW_ROWS = 2;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await requireCourseRole(user, { slug: params.slug }, ["INSTRUCTOR"], "Only the course's instructors can change grade categories.");
    return { course, ...(await listCategories(user, course.id)) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await requireCourseRole(user, { slug: params.slug }, ["INSTRUCTOR"], "Only the course's instructors can change grade categories.");
    const { rows, assignmentCategories } = parseCategoriesForm(await readForm(request));
    await saveCategories(user, course.id, rows, assignmentCategories);
    return { ok: true as const };
  });
}

const input = "mt-1 block w-full rounded-md border border-slate-400 px-2 py-1";

export default function GradeCategories() {
  const { course, categories, assignments, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const rows = [...categories, ...Array.from({ length: NEW_ROWS }, () => null)];
  const err = (key: string) => fieldErrors[key]?.join(" ");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Grade categories</h1>
        <Link to={`/courses/${course.slug}/gradebook`}>Back to the gradebook</Link>
      </div>
      <FormMessage message={message} />
      {fieldErrors.weights && fieldErrors.weights[0] !== message ? <Alert tone="error" title={fieldErrors.weights.join(" ")} /> : null}
      {result && "ok" in result && result.ok ? <Alert tone="success" title="Categories saved." /> : null}
      {problems.length && !message ? <Alert tone="error" title="The saved weights need fixing">{problems.join(" ")}</Alert> : null}
      <Form method="post" noValidate className="space-y-6">
        <Card>
          <p className="mb-4 text-sm text-slate-700">
            Weights are percentages of the course grade and must add up to 100 %. Leave every weight at 0 to grade by total points. “Drop lowest” ignores a
            student’s N lowest scores (by percentage) in the category; excused and ungraded work is never dropped, and at least one score always counts.
          </p>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Categories</caption>
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="pr-3">Name</th>
                <th scope="col" className="pr-3">Weight (%)</th>
                <th scope="col" className="pr-3">Drop lowest</th>
                <th scope="col" className="pr-3">Remove</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => (
                <tr key={c?.id ?? `new-${i}`} className="align-top">
                  <td className="py-1 pr-3">
                    {c ? <input type="hidden" name={`id.${i}`} value={c.id} /> : null}
                    <input aria-label={c ? `Name of category ${i + 1}` : `Name of new category ${i + 1 - categories.length}`} name={`name.${i}`} defaultValue={c?.name ?? ""} className={input} aria-invalid={err(`name.${i}`) ? true : undefined} />
                    {err(`name.${i}`) ? <p className="text-sm text-red-700">{err(`name.${i}`)}</p> : null}
                  </td>
                  <td className="py-1 pr-3">
                    <input aria-label={`Weight of ${c?.name ?? `new category ${i + 1 - categories.length}`} in percent`} name={`weight.${i}`} inputMode="decimal" defaultValue={c?.weight ?? ""} className={input} aria-invalid={err(`weight.${i}`) ? true : undefined} />
                    {err(`weight.${i}`) ? <p className="text-sm text-red-700">{err(`weight.${i}`)}</p> : null}
                  </td>
                  <td className="py-1 pr-3">
                    <input aria-label={`Lowest scores to drop in ${c?.name ?? `new category ${i + 1 - categories.length}`}`} name={`dropLowest.${i}`} inputMode="numeric" defaultValue={c?.dropLowest ?? ""} className={input} aria-invalid={err(`dropLowest.${i}`) ? true : undefined} />
                    {err(`dropLowest.${i}`) ? <p className="text-sm text-red-700">{err(`dropLowest.${i}`)}</p> : null}
                  </td>
                  <td className="py-1 pr-3">{c ? <input type="checkbox" name={`remove.${i}`} aria-label={`Remove ${c.name}`} className="mt-2 h-4 w-4" /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        {assignments.length && categories.length ? (
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Assignments</h2>
            <div className="grid gap-3 sm:grid-cols-2">
              {assignments.map((a) => (
                <div key={a.id}>
                  <label htmlFor={`cat-${a.id}`} className="block text-sm font-medium text-slate-800">
                    {a.title} ({a.points} pts{a.published ? "" : ", not published"})
                  </label>
                  <select id={`cat-${a.id}`} name={`category.${a.id}`} defaultValue={a.categoryId ?? ""} className={input}>
                    <option value="">Uncategorised</option>
                    {categories.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          </Card>
        ) : null}
        <Button>Save categories</Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
