import { Form } from "@remix-run/react";
import { GradedDiscussionFields, type GradingOptions } from "./graded-discussion-fields";
import { Button } from "./ui/button";
import { CheckboxField, Field } from "./ui/field";

type Settings = { postFirst: boolean; anonymous: boolean; locked: boolean; pinned: boolean; published: boolean; closeInput: string };

/** Staff settings of one discussion (collapsed by default; open when saving failed). */
export function DiscussionSettingsForm({ discussion, errors, grading }: { discussion: Settings; errors?: Record<string, string[]>; grading?: GradingOptions | null }) {
  return (
    <details className="mt-4 rounded-lg border border-slate-200 bg-white p-4" open={errors && Object.keys(errors).length > 0 ? true : undefined}>
      <summary className="cursor-pointer font-semibold">Discussion settings</summary>
      <Form method="post" className="mt-3">
        <input type="hidden" name="intent" value="settings" />
        <DiscussionSettingsFields settings={discussion} errors={errors} grading={grading} />
        <Button>Save settings</Button>
      </Form>
    </details>
  );
}

export function DiscussionSettingsFields({ settings, errors, grading }: { settings?: Settings; errors?: Record<string, string[]>; grading?: GradingOptions | null }) {
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
      {grading ? <GradedDiscussionFields grading={grading} errors={errors} /> : null}
    </>
  );
}
