import { Form } from "@remix-run/react";
import type { LatePolicy } from "~/domain/late-policy";
import type { FieldErrors } from "~/lib/errors";
import type { RuleFormValue } from "~/services/date-rules";
import { DateRuleFields } from "./date-rule-fields";
import { DEFAULT_GRADING_SETTINGS, GradingSettingsFields, type GradingSettingsValues } from "./grading-settings-fields";
import { LatePolicyFields } from "./late-policy-fields";
import { Button } from "./ui/button";
import { CheckboxField, Field, TextAreaField } from "./ui/field";

export type AssignmentFormValues = {
  title: string;
  instructions: string;
  points: number;
  published: boolean;
  maxAttempts: number | null;
  missingScorePercent: number | null;
  dates: { open: RuleFormValue; due: RuleFormValue; close: RuleFormValue };
  latePolicy: LatePolicy;
  /** Submission types, posting policy…; defaults for a new assignment. */
  grading?: GradingSettingsValues;
};

export function AssignmentForm({ values, errors, courseZone, submitLabel }: { values: AssignmentFormValues; errors: FieldErrors; courseZone: string; submitLabel: string }) {
  return (
    <Form method="post" noValidate>
      <Field label="Title" name="title" defaultValue={values.title} required errors={errors.title} />
      <TextAreaField label="Instructions" name="instructions" rows={6} defaultValue={values.instructions} hint="Markdown." errors={errors.instructions} />
      <div className="grid gap-x-4 sm:grid-cols-3">
        <Field label="Points" name="points" type="number" min={0} step="0.5" defaultValue={values.points} errors={errors.points} />
        <Field
          label="Attempts allowed"
          name="maxAttempts"
          type="number"
          min={1}
          defaultValue={values.maxAttempts ?? ""}
          hint="Empty for unlimited."
          errors={errors.maxAttempts}
        />
        <Field
          label="Score for missing work (%)"
          name="missingScorePercent"
          type="number"
          min={0}
          max={100}
          defaultValue={values.missingScorePercent ?? ""}
          hint="Given after it closes; empty for none."
          errors={errors.missingScorePercent}
        />
      </div>
      <h2 className="mb-2 mt-4 text-lg font-semibold">Dates</h2>
      <p className="mb-3 text-sm text-slate-600">
        Each learner sees these dates in their own time zone. "Days after each learner starts" suits self-paced study.
      </p>
      <DateRuleFields prefix="open" value={values.dates.open} errors={errors} courseZone={courseZone} />
      <DateRuleFields prefix="due" value={values.dates.due} errors={errors} courseZone={courseZone} />
      <DateRuleFields prefix="close" value={values.dates.close} errors={errors} courseZone={courseZone} />
      <LatePolicyFields value={values.latePolicy} errors={errors} />
      <GradingSettingsFields values={values.grading ?? DEFAULT_GRADING_SETTINGS} errors={errors} />
      <CheckboxField label="Published" name="published" defaultChecked={values.published} hint="Students only see published assignments." />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
