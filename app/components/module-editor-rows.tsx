import { Form, useFormAction, useSearchParams } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { RowForm } from "./row-form";
import { Button } from "./ui/button";
import { Field, SelectField } from "./ui/field";

/**
 * The module editor's per-row controls. A Moodle-sized course has 500 modules and 1,250 items, so
 * the rows are plain forms sent by the page's one list handler (app/lib/row-forms.ts), their
 * actions resolved once (useEditorActions), and a module's "add an item" form is only rendered
 * once asked for: the page was 6,250 Remix forms and 3.5 MB of HTML at that size.
 */
export type EditorActions = Record<"moveModule" | "moveItem" | "duplicateModule" | "deleteModule" | "deleteItem" | "addItem", string>;

export function useEditorActions(): EditorActions {
  // A posted form leaves the browser at its action's URL: the page of modules goes along, so
  // moving a module on page 3 shows page 3 again.
  const page = useSearchParams()[0].get("modules");
  const at = (intent: string) => `?${page ? `${new URLSearchParams({ modules: page })}&` : ""}intent=${intent}`;
  return {
    moveModule: useFormAction(at("move-module")),
    moveItem: useFormAction(at("move-item")),
    duplicateModule: useFormAction(at("duplicate-module")),
    deleteModule: useFormAction(at("delete-module")),
    deleteItem: useFormAction(at("delete-item")),
    addItem: useFormAction(at("add-item")),
  };
}

/** Up and down (the keyboard's way to reorder): one form, the button pressed sends its direction. */
export function MoveButtons({ action, id, moduleId, label, first, last }: { action: string; id: string; moduleId?: string; label: string; first: boolean; last: boolean }) {
  return (
    <RowForm action={action} fields={{ id, moduleId }} className="inline-flex gap-1">
      <Button name="direction" value="up" variant="ghost" className="px-2 py-1" disabled={first} aria-label={`Move ${label} up`}>
        ↑
      </Button>
      <Button name="direction" value="down" variant="ghost" className="px-2 py-1" disabled={last} aria-label={`Move ${label} down`}>
        ↓
      </Button>
    </RowForm>
  );
}

/** One button posting a row's id (Duplicate, Delete), after a confirm() when `confirmText` is given. */
export function RowAction({ action, id, label, danger = false, confirmText, children }: { action: string; id: string; label: string; danger?: boolean; confirmText?: string; children: ReactNode }) {
  return (
    <RowForm action={action} fields={{ id }} confirmText={confirmText}>
      <Button variant="ghost" className={danger ? "px-2 py-1 text-red-700" : "px-2 py-1"} aria-label={label}>
        {children}
      </Button>
    </RowForm>
  );
}

const KINDS = [
  ["LESSON", "Lesson"],
  ["VIDEO", "Video"],
  ["FILE", "File"],
  ["ASSIGNMENT", "Assignment link"],
] as const;

/**
 * A module's "add an item" form behind a disclosure button, as on Canvas: open from the start for
 * a module without items (there is nothing else to do there), and staying open while items are
 * added one after another.
 */
export function AddItem({ action, module, assignments, titleErrors, assignmentErrors }: {
  action: string;
  module: { id: string; title: string; itemCount: number };
  assignments: { id: string; title: string }[];
  titleErrors?: string[];
  assignmentErrors?: string[];
}) {
  const [open, setOpen] = useState(module.itemCount === 0);
  return (
    <div className="mt-3">
      <Button type="button" variant="ghost" className="px-2 py-1" aria-expanded={open} onClick={() => setOpen(!open)}>
        New item in {module.title}
      </Button>
      {open ? (
        <Form method="post" action={action} className="mt-2 flex flex-wrap items-end gap-3" noValidate>
          <input type="hidden" name="id" value={module.id} />
          <div className="min-w-48 flex-1">
            <Field label={`New item title (${module.title})`} name="title" errors={titleErrors} />
          </div>
          <div>
            <SelectField label="Kind" name="kind" defaultValue="LESSON">
              {KINDS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </SelectField>
          </div>
          {assignments.length ? (
            <div>
              <SelectField label="Assignment (for links)" name="assignmentId" defaultValue="" errors={assignmentErrors}>
                <option value="">None</option>
                {assignments.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title}
                  </option>
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
  );
}
