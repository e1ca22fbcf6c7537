import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { loadCourseAccess } from "~/services/permissions.server";
import { createSection, deleteSection, listSections, renameSection, sectionSchema } from "~/services/sections.server";

export const meta: MetaFunction = () => [{ title: "Sections · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course, role } = await loadCourseAccess(user, { slug: params.slug });
    return { sections: await listSections(user, course.id), canManage: role === "INSTRUCTOR" || user.isAdmin };
  });
}

const idSchema = z.object({ sectionId: z.string().min(1) });

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const intent = new URL(request.url).searchParams.get("intent");
    if (intent === "rename") {
      const input = await parseForm(request, sectionSchema.extend(idSchema.shape));
      await renameSection(user, course.id, input.sectionId, input);
    } else if (intent === "delete") {
      const input = await parseForm(request, idSchema);
      await deleteSection(user, course.id, input.sectionId);
    } else {
      await createSection(user, course.id, await parseForm(request, sectionSchema));
    }
    return { ok: true as const };
  });
}

export default function Sections() {
  const { sections, canManage } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <h1 className="mb-4 text-xl font-semibold">Sections</h1>
        <FormMessage message={message} />
        {sections.length === 0 ? <p className="text-slate-700">No sections yet. Sections let you give groups their own dates.</p> : null}
        <ul className="divide-y divide-slate-100">
          {sections.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              {canManage ? (
                <Form method="post" action="?intent=rename" className="flex items-center gap-2">
                  <input type="hidden" name="sectionId" value={s.id} />
                  <label htmlFor={`name-${s.id}`} className="sr-only">Name of section {s.name}</label>
                  <input id={`name-${s.id}`} name="name" defaultValue={s.name} className="rounded-md border border-slate-400 px-2 py-1" />
                  <Button variant="secondary" className="px-3 py-1">Rename</Button>
                </Form>
              ) : (
                <span className="font-medium">{s.name}</span>
              )}
              <span className="text-sm text-slate-600">{s.members} members</span>
              {canManage ? (
                <Form method="post" action="?intent=delete">
                  <input type="hidden" name="sectionId" value={s.id} />
                  <Button variant="ghost" className="px-3 py-1 text-red-700" aria-label={`Delete section ${s.name}`}>Delete</Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      {canManage ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">New section</h2>
          <Form method="post" noValidate>
            <Field label="Section name" name="name" required errors={fieldErrors.name} />
            <Button>Create section</Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
