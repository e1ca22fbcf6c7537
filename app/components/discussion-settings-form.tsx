import { Form } from "@remix-run/react";
import { Button } from "./ui/button";
import { CheckboxField, Field } from "./ui/field";

type Settings = { postFirst: boolean; anonymous: boolean; locked: boolean; pinned: boolean; published: boolean; closeInput: string };

/** Staff settings of one discussion (collapsed by default). */
export function DiscussionSettingsForm({ discussion, errors }: { discussion: Settings; errors?: Record<string, string[]> }) {
  return (
    <details className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Discussion settings</summary>
      <Form method="post" className="mt-3">
        <input type="hidden" name="intent" value="settings" />
        <DiscussionSettingsFields settings={discussion} errors={errors} />
        <Button>Save settings</Button>
      </Form>
    </details>
  );
}

export function DiscussionSettingsFields({ settings, errors }: { settings?: Settings; errors?: Record<string, string[]> }) {
  return (
    <>
      <CheckboxField label="Students post before seeing replies" name="postFirst" defaultChecked={settings?.postFirst} />
      <CheckboxField label="Students are anonymous to classmates (staff still see names)" name="anonymous" defaultChecked={settings?.anonymous} />
      <CheckboxField label="Locked (read-only)" name="locked" defaultChecked={settings?.locked} />
      <CheckboxField label="Pinned to the top of the list" name="pinned" defaultChecked={settings?.pinned} />
      <CheckboxField label="Published (visible to students)" name="published" defaultChecked={settings?.published ?? true} />
      <Field
        label="Close to new posts at (course time zone, optional)"
        name="closeAt"
        type="datetime-local"
        defaultValue={settings?.closeInput ?? ""}
        errors={errors?.closeAt}
      />
    </>
  );
}
