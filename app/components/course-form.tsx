import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/errors";
import { TimeZoneSelect } from "./time-zone-select";
import { Button } from "./ui/button";
import { CheckboxField, Field, SelectField, TextAreaField } from "./ui/field";

export type CourseFormValues = {
  title: string;
  slug: string;
  summary: string;
  timeZone?: string;
  status: "DRAFT" | "PUBLISHED";
  selfEnrollment: boolean;
  enrollmentCode: string | null;
  startsOn: string;
  endsOn: string;
  lateTokens: number;
  autoApproveExtensionHours: number | null;
};

/** Create and edit share one form; the dates are calendar days in the course's time zone. */
export function CourseForm({ values, errors, submitLabel }: { values?: Partial<CourseFormValues>; errors: FieldErrors; submitLabel: string }) {
  return (
    <Form method="post" noValidate>
      <Field label="Title" name="title" defaultValue={values?.title} required errors={errors.title} />
      <Field
        label="Web address"
        name="slug"
        defaultValue={values?.slug}
        required
        hint="Lowercase letters, digits and dashes; the course lives at /courses/your-address."
        errors={errors.slug}
      />
      <TextAreaField
        label="Summary"
        name="summary"
        rows={6}
        defaultValue={values?.summary}
        hint="Markdown: **bold**, lists, links. Shown on the course page and in the catalog."
        errors={errors.summary}
      />
      <TimeZoneSelect label="Course time zone" defaultValue={values?.timeZone} errors={errors.timeZone} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts on" name="startsOn" type="date" defaultValue={values?.startsOn} errors={errors.startsOn} />
        <Field label="Ends on" name="endsOn" type="date" defaultValue={values?.endsOn} errors={errors.endsOn} />
      </div>
      <SelectField label="Visibility" name="status" defaultValue={values?.status ?? "DRAFT"} errors={errors.status}>
        <option value="DRAFT">Draft: only staff can see it</option>
        <option value="PUBLISHED">Published: listed in the catalog</option>
      </SelectField>
      <CheckboxField
        label="Students can enroll themselves"
        name="selfEnrollment"
        defaultChecked={values?.selfEnrollment}
        hint="Otherwise only instructors add people."
      />
      <Field
        label="Enrollment code (optional)"
        name="enrollmentCode"
        defaultValue={values?.enrollmentCode ?? ""}
        hint="When set, self-enrolling students must type this code."
        errors={errors.enrollmentCode}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Late-day tokens per student"
          name="lateTokens"
          type="number"
          min={0}
          defaultValue={values?.lateTokens ?? 0}
          hint="Each token moves one due date by 24 hours."
          errors={errors.lateTokens}
        />
        <Field
          label="Approve extensions automatically up to (hours)"
          name="autoApproveExtensionHours"
          type="number"
          min={1}
          defaultValue={values?.autoApproveExtensionHours ?? ""}
          hint="Once per assignment; empty means you decide each request."
          errors={errors.autoApproveExtensionHours}
        />
      </div>
      <Button>{submitLabel}</Button>
    </Form>
  );
}
