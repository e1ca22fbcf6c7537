import type { FieldErrors } from "~/lib/errors";
import { CheckboxField, Field, SelectField } from "./ui/field";

export type GradingSettingsValues = {
  submissionTypes: string;
  allowedFileTypes: string;
  maxFileMb: number;
  anonymousGrading: boolean;
  postPolicy: string;
  regradeWindowDays: number | null;
};

export const DEFAULT_GRADING_SETTINGS: GradingSettingsValues = {
  submissionTypes: "TEXT",
  allowedFileTypes: "",
  maxFileMb: 25,
  anonymousGrading: false,
  postPolicy: "AUTOMATIC",
  regradeWindowDays: null,
};

const TYPE_LABELS = { TEXT: "Text answer", FILE: "File upload", URL: "Web link (URL)" } as const;

/** Submission types, file limits, anonymous grading, posting policy and regrade window of the assignment form. */
export function GradingSettingsFields({ values, errors }: { values: GradingSettingsValues; errors: FieldErrors }) {
  const types = values.submissionTypes.split(",");
  return (
    <>
      <fieldset className="mb-4" aria-describedby={errors.submissionTypes?.length ? "submission-types-error" : undefined}>
        <legend className="mb-2 text-lg font-semibold">Submissions</legend>
        <input type="hidden" name="submissionTypesShown" value="1" />
        {(Object.keys(TYPE_LABELS) as (keyof typeof TYPE_LABELS)[]).map((t) => (
          <CheckboxField key={t} label={TYPE_LABELS[t]} name={`submit${t}`} defaultChecked={types.includes(t)} />
        ))}
        {errors.submissionTypes?.length ? (
          <p id="submission-types-error" className="text-sm font-medium text-red-700">
            {errors.submissionTypes.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <Field
          label="Allowed file types"
          name="allowedFileTypes"
          defaultValue={values.allowedFileTypes.split(",").filter(Boolean).join(", ")}
          hint="Extensions such as pdf, docx. Empty allows any document or image type."
          errors={errors.allowedFileTypes}
        />
        <Field label="Largest file (MB)" name="maxFileMb" type="number" min={1} max={50} defaultValue={values.maxFileMb} errors={errors.maxFileMb} />
      </div>
      <h2 className="mb-2 mt-2 text-lg font-semibold">Grading</h2>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField label="Students see grades" name="postPolicy" defaultValue={values.postPolicy} errors={errors.postPolicy}>
          <option value="AUTOMATIC">As soon as each is graded</option>
          <option value="MANUAL">When I post them</option>
        </SelectField>
        <Field
          label="Regrade window (days)"
          name="regradeWindowDays"
          type="number"
          min={0}
          max={365}
          defaultValue={values.regradeWindowDays ?? ""}
          hint="Days after grades are posted in which students may ask for a regrade. Empty: no requests."
          errors={errors.regradeWindowDays}
        />
      </div>
      <CheckboxField
        label="Anonymous grading"
        name="anonymousGrading"
        defaultChecked={values.anonymousGrading}
        hint="Graders see “Student 1, 2…” instead of names until grades are posted."
      />
    </>
  );
}
