import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateRuleFields } from "~/components/date-rule-fields";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { CheckboxField, Field } from "~/components/ui/field";
import { notFound } from "~/lib/errors";
import { assertSameOrigin, handleAction, handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { ruleToForm } from "~/services/date-rules";
import { listModulesForStaff, updateModule } from "~/services/modules.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Module settings · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const { modules } = await listModulesForStaff(user, course.id);
    const module = modules.find((m) => m.id === params.moduleId);
    if (!module) throw notFound("module");
    return {
      course,
      module: { id: module.id, title: module.title, published: module.published, sequential: module.sequential, prerequisiteIds: module.prerequisiteIds },
      release: ruleToForm(module.release, course.timeZone),
      others: modules.filter((m) => m.id !== module.id).map((m) => ({ id: m.id, title: m.title })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    assertSameOrigin(request);
    const form = await request.formData();
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    const prerequisites = form.getAll("prerequisites").filter((v): v is string => typeof v === "string");
    await updateModule(user, params.moduleId ?? "", values, prerequisites);
    return redirect(`/courses/${params.slug}/modules`);
  });
}

export default function ModuleSettings() {
  const { course, module, release, others } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <Card className="mx-auto max-w-2xl">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/modules`}>All modules</Link>
      </p>
      <h1 className="mb-4 mt-1 text-xl font-semibold">Module settings</h1>
      <FormMessage message={message} />
      <Form method="post" noValidate>
        <Field label="Title" name="title" defaultValue={module.title} errors={fieldErrors.title} />
        <CheckboxField label="Published" name="published" defaultChecked={module.published} hint="Students see published modules only." />
        <CheckboxField label="Items unlock in order" name="sequential" defaultChecked={module.sequential} hint="Each item opens when the one before it is complete." />
        <DateRuleFields prefix="open" value={release} errors={fieldErrors} courseZone={course.timeZone} />
        <fieldset className="mb-4 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-800">Prerequisites</legend>
          <p className="mb-2 text-sm text-slate-600">Students must complete these modules first.</p>
          {others.length === 0 ? <p className="text-sm text-slate-600">There are no other modules.</p> : null}
          {others.map((o) => (
            <CheckboxField key={o.id} label={o.title} name="prerequisites" value={o.id} defaultChecked={module.prerequisiteIds.includes(o.id)} />
          ))}
          {fieldErrors.prerequisites ? <p className="text-sm font-medium text-red-700" role="alert">{fieldErrors.prerequisites.join(" ")}</p> : null}
        </fieldset>
        <Button>Save module</Button>
      </Form>
    </Card>
  );
}
