import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { SortableList } from "~/components/sortable-list";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, SelectField } from "~/components/ui/field";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { describeRule } from "~/domain/rule-text";
import {
  createItem,
  createModule,
  deleteItem,
  deleteModule,
  duplicateModule,
  itemSchema,
  listModulesForStaff,
  moduleCreateSchema,
  moveInOrder,
  reorderItems,
  reorderModules,
} from "~/services/modules.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Modules · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const data = await listModulesForStaff(user, course.id);
    return {
      course,
      canEdit: data.access.role === "INSTRUCTOR" || user.isAdmin,
      assignments: data.assignments,
      modules: data.modules.map((m) => ({
        id: m.id,
        title: m.title,
        published: m.published,
        sequential: m.sequential,
        release: m.release ? describeRule(m.release, { courseTimeZone: course.timeZone }) : null,
        prerequisites: m.prerequisiteIds.length,
        items: m.items,
      })),
    };
  });
}

const idSchema = z.object({ id: z.string().min(1) });
const moveSchema = idSchema.extend({ direction: z.enum(["up", "down"]), moduleId: z.string().optional() });
const orderSchema = z.object({ order: z.string().min(1), moduleId: z.string().optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const values = await readForm(request);
    const intent = new URL(request.url).searchParams.get("intent");
    const { modules } = await listModulesForStaff(user, course.id);
    switch (intent) {
      case "add-module":
        await createModule(user, course.id, parseInput(moduleCreateSchema, values));
        break;
      case "add-item":
        await createItem(user, parseInput(idSchema, values).id, parseInput(itemSchema, values));
        break;
      case "delete-module":
        await deleteModule(user, parseInput(idSchema, values).id);
        break;
      case "delete-item":
        await deleteItem(user, parseInput(idSchema, values).id);
        break;
      case "duplicate-module":
        await duplicateModule(user, parseInput(idSchema, values).id);
        break;
      case "move-module": {
        const m = parseInput(moveSchema, values);
        await reorderModules(user, course.id, moveInOrder(modules.map((x) => x.id), m.id, m.direction));
        break;
      }
      case "move-item": {
        const m = parseInput(moveSchema, values);
        const mod = modules.find((x) => x.id === m.moduleId);
        if (mod) await reorderItems(user, mod.id, moveInOrder(mod.items.map((i) => i.id), m.id, m.direction));
        break;
      }
      case "order-modules":
        await reorderModules(user, course.id, parseInput(orderSchema, values).order.split(","));
        break;
      case "order-items": {
        const o = parseInput(orderSchema, values);
        await reorderItems(user, o.moduleId ?? "", o.order.split(","));
        break;
      }
    }
    return { ok: true as const };
  });
}

function MoveButtons({ intent, id, moduleId, label, first, last }: { intent: string; id: string; moduleId?: string; label: string; first: boolean; last: boolean }) {
  return (
    <span className="inline-flex gap-1">
      {(["up", "down"] as const).map((direction) => (
        <Form key={direction} method="post" action={`?intent=${intent}`}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="direction" value={direction} />
          {moduleId ? <input type="hidden" name="moduleId" value={moduleId} /> : null}
          <Button variant="ghost" className="px-2 py-1" disabled={direction === "up" ? first : last} aria-label={`Move ${label} ${direction}`}>
            {direction === "up" ? "↑" : "↓"}
          </Button>
        </Form>
      ))}
    </span>
  );
}

const KINDS = [
  ["LESSON", "Lesson"],
  ["VIDEO", "Video"],
  ["FILE", "File"],
  ["ASSIGNMENT", "Assignment link"],
] as const;

export default function Modules() {
  const { course, canEdit, modules, assignments } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Modules</h1>
        <Link to={`/courses/${course.slug}?preview=student`}>Preview as a student</Link>
      </div>
      <FormMessage message={message} />
      <p className="text-sm text-slate-700">Drag rows to reorder them, or use the arrow buttons. Changes save at once.</p>
      <SortableList
        key={modules.map((m) => m.id).join()}
        items={modules}
        action=""
        intent="order-modules"
        label="Modules in course order"
        renderItem={(m, index) => (
          <Card aria-labelledby={`m-${m.id}`} className="p-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id={`m-${m.id}`} className="cursor-grab text-lg font-semibold">
                <span aria-hidden="true" className="mr-2 text-slate-400">⋮⋮</span>
                {m.title}
              </h2>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-slate-600">
                  {m.published ? "Published" : "Draft"}
                  {m.sequential ? " · In order" : ""}
                  {m.release ? ` · Opens ${m.release}` : ""}
                  {m.prerequisites ? ` · ${m.prerequisites} prerequisite(s)` : ""}
                </span>
                {canEdit ? (
                  <>
                    <MoveButtons intent="move-module" id={m.id} label={m.title} first={index === 0} last={index === modules.length - 1} />
                    <Link to={`/courses/${course.slug}/modules/${m.id}`} aria-label={`Settings for ${m.title}`}>
                      Settings
                    </Link>
                    <Form method="post" action="?intent=duplicate-module">
                      <input type="hidden" name="id" value={m.id} />
                      <Button variant="ghost" className="px-2 py-1" aria-label={`Duplicate ${m.title}`}>Duplicate</Button>
                    </Form>
                    <Form method="post" action="?intent=delete-module" onSubmit={(e) => { if (!confirm(`Delete "${m.title}" and its items?`)) e.preventDefault(); }}>
                      <input type="hidden" name="id" value={m.id} />
                      <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete ${m.title}`}>Delete</Button>
                    </Form>
                  </>
                ) : null}
              </div>
            </div>
            <div className="mt-3">
              <SortableList
                key={m.items.map((i) => i.id).join()}
                items={m.items}
                action=""
                intent="order-items"
                extra={{ moduleId: m.id }}
                label={`Items in ${m.title}`}
                renderItem={(item, i) => (
                  <div className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 px-3 py-2">
                    <span className="cursor-grab">
                      <span className="mr-2 text-xs font-semibold uppercase text-slate-500">{item.kind}</span>
                      <Link to={`/courses/${course.slug}/items/${item.id}`}>{item.title}</Link>
                      {item.published ? "" : <span className="ml-2 text-xs text-slate-600">(draft)</span>}
                    </span>
                    {canEdit ? (
                      <span className="flex flex-wrap items-center gap-2 text-sm">
                        <MoveButtons intent="move-item" id={item.id} moduleId={m.id} label={item.title} first={i === 0} last={i === m.items.length - 1} />
                        <Link to={`/courses/${course.slug}/items/${item.id}/edit`} aria-label={`Edit ${item.title}`}>
                          Edit
                        </Link>
                        <Form method="post" action="?intent=delete-item">
                          <input type="hidden" name="id" value={item.id} />
                          <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete ${item.title}`}>Delete</Button>
                        </Form>
                      </span>
                    ) : null}
                  </div>
                )}
              />
              {canEdit ? (
                <Form method="post" action="?intent=add-item" className="mt-3 flex flex-wrap items-end gap-3" noValidate>
                  <input type="hidden" name="id" value={m.id} />
                  <div className="min-w-48 flex-1">
                    <Field label={`New item title (${m.title})`} name="title" errors={fieldErrors.title} />
                  </div>
                  <div>
                    <SelectField label="Kind" name="kind" defaultValue="LESSON">
                      {KINDS.map(([v, l]) => (
                        <option key={v} value={v}>{l}</option>
                      ))}
                    </SelectField>
                  </div>
                  {assignments.length ? (
                    <div>
                      <SelectField label="Assignment (for links)" name="assignmentId" defaultValue="" errors={fieldErrors.assignmentId}>
                        <option value="">None</option>
                        {assignments.map((a) => (
                          <option key={a.id} value={a.id}>{a.title}</option>
                        ))}
                      </SelectField>
                    </div>
                  ) : null}
                  <input type="hidden" name="published" value="on" />
                  <div className="mb-4">
                    <Button variant="secondary">Add item</Button>
                  </div>
                </Form>
              ) : null}
            </div>
          </Card>
        )}
      />
      {canEdit ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">New module</h2>
          <Form method="post" action="?intent=add-module" noValidate className="flex flex-wrap items-end gap-3">
            <div className="min-w-64 flex-1">
              <Field label="Module title" name="title" errors={fieldErrors.title} />
            </div>
            <div className="mb-4">
              <Button>Add module</Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
