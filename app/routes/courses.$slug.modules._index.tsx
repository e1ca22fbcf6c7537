import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { AddItem, MoveButtons, RowAction, useEditorActions } from "~/components/module-editor-rows";
import { ModulePager } from "~/components/module-pager";
import { SortableList } from "~/components/sortable-list";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { badRequest } from "~/lib/errors";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { useListSubmit } from "~/lib/row-forms";
import { requireUser } from "~/lib/session.server";
import { describeRule } from "~/domain/rule-text";
import { modulesPageOf, pageWindow } from "~/lib/page-window";
import {
  createItem,
  createModule,
  deleteItem,
  deleteModule,
  duplicateModule,
  itemSchema,
  listModulesForStaff,
  moduleCreateSchema,
  moveItem,
  moveModule,
  reorderItems,
  reorderModulePage,
} from "~/services/modules.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Modules · Coursework" }];

/** Modules shown at once: a 500-module course was a 2.7 MB page. Moving and reordering still work on the whole course. */
const EDITOR_MODULES_PER_PAGE = 20;

/** The editor's page that holds the module at `index` (0-based, in course order), scrolled to it. */
const pageWith = (slug: string, index: number, id: string) =>
  redirect(`/courses/${slug}/modules?modules=${Math.floor(index / EDITOR_MODULES_PER_PAGE) + 1}#m-${id}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const data = await listModulesForStaff(user, course.id);
    const { start, end, ...modulePage } = pageWindow(data.modules.length, EDITOR_MODULES_PER_PAGE, modulesPageOf(request.url));
    return {
      course,
      canEdit: data.access.role === "INSTRUCTOR" || user.isAdmin,
      assignments: data.assignments,
      modulePage,
      /** Course position of the page's first module (0-based): the first and last overall have no up or down button. */
      offset: start,
      modules: data.modules.slice(start, end).map((m) => ({
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
    switch (intent) {
      case "add-module": {
        const created = await createModule(user, course.id, parseInput(moduleCreateSchema, values));
        // New modules go at the end: open the last page.
        return pageWith(course.slug, created.index, created.id);
      }
      case "add-item":
        await createItem(user, parseInput(idSchema, values).id, parseInput(itemSchema, values));
        break;
      case "delete-module":
        await deleteModule(user, parseInput(idSchema, values).id);
        break;
      case "delete-item":
        await deleteItem(user, parseInput(idSchema, values).id);
        break;
      case "duplicate-module": {
        const copy = await duplicateModule(user, parseInput(idSchema, values).id);
        return pageWith(course.slug, copy.index, copy.id);
      }
      case "move-module": {
        const m = parseInput(moveSchema, values);
        const index = await moveModule(user, course.id, m.id, m.direction);
        // Moved across a page boundary: follow the module to its new page, so it stays in sight.
        if (index >= 0 && Math.floor(index / EDITOR_MODULES_PER_PAGE) + 1 !== (modulesPageOf(request.url) ?? 1)) return pageWith(course.slug, index, m.id);
        break;
      }
      case "move-item": {
        const m = parseInput(moveSchema, values);
        if (m.moduleId) await moveItem(user, m.moduleId, m.id, m.direction);
        break;
      }
      case "order-modules":
        // The page's modules only (drag and drop on one page of the editor).
        await reorderModulePage(user, course.id, parseInput(orderSchema, values).order.split(","));
        break;
      case "order-items": {
        const o = parseInput(orderSchema, values);
        await reorderItems(user, o.moduleId ?? "", o.order.split(","));
        break;
      }
      default:
        throw badRequest("This page sent an action it does not know. Reload the page and try again.");
    }
    return { ok: true as const };
  });
}

export default function Modules() {
  const { course, canEdit, modules, assignments, modulePage, offset } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  const actions = useEditorActions();
  const onRowSubmit = useListSubmit();
  return (
    // The rows' move, duplicate and delete forms are plain forms this handler sends (app/lib/row-forms.ts).
    <div className="space-y-6" onSubmit={onRowSubmit}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Modules</h1>
        <Link to={`/courses/${course.slug}?preview=student`}>Preview as a student</Link>
      </div>
      <FormMessage message={message} />
      <p className="text-sm text-slate-700">Drag rows to reorder them, or use the arrow buttons. Changes save at once.</p>
      <ModulePager modulePage={modulePage} />
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
                    <MoveButtons action={actions.moveModule} id={m.id} label={m.title} first={offset + index === 0} last={offset + index === modulePage.total - 1} />
                    <Link to={`/courses/${course.slug}/modules/${m.id}`} aria-label={`Settings for ${m.title}`}>
                      Settings
                    </Link>
                    <RowAction action={actions.duplicateModule} id={m.id} label={`Duplicate ${m.title}`}>
                      Duplicate
                    </RowAction>
                    <RowAction action={actions.deleteModule} id={m.id} label={`Delete ${m.title}`} danger confirmText={`Delete "${m.title}" and its items?`}>
                      Delete
                    </RowAction>
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
                        <MoveButtons action={actions.moveItem} id={item.id} moduleId={m.id} label={item.title} first={i === 0} last={i === m.items.length - 1} />
                        <Link to={`/courses/${course.slug}/items/${item.id}/edit`} aria-label={`Edit ${item.title}`}>
                          Edit
                        </Link>
                        <RowAction action={actions.deleteItem} id={item.id} label={`Delete ${item.title}`} danger>
                          Delete
                        </RowAction>
                      </span>
                    ) : null}
                  </div>
                )}
              />
              {canEdit ? (
                <AddItem
                  action={actions.addItem}
                  module={{ id: m.id, title: m.title, itemCount: m.items.length }}
                  assignments={assignments}
                  titleErrors={fieldErrors.title}
                  assignmentErrors={fieldErrors.assignmentId}
                />
              ) : null}
            </div>
          </Card>
        )}
      />
      <ModulePager modulePage={modulePage} end />
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
