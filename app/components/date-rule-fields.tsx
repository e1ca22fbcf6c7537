import { useState } from "react";
import type { FieldErrors } from "~/lib/errors";
import type { RuleFormValue } from "~/services/date-rules";
import { Field, SelectField } from "./ui/field";

const LABELS = { open: "Opens", due: "Due", close: "Closes (no submissions after)" } as const;

/**
 * One date of a schedule: none, a calendar date, or N days after each learner starts;
 * in the course's zone or each learner's own zone. Overrides add "keep the usual date".
 */
export function DateRuleFields({
  prefix,
  value,
  errors,
  courseZone,
  allowInherit = false,
}: {
  prefix: "open" | "due" | "close";
  value: RuleFormValue;
  errors: FieldErrors;
  courseZone: string;
  allowInherit?: boolean;
}) {
  const [mode, setMode] = useState(value.mode === "inherit" && !allowInherit ? "none" : value.mode);
  return (
    <fieldset className="mb-4 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{LABELS[prefix]}</legend>
      <SelectField label="How is this date set?" name={`${prefix}Mode`} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} errors={errors[`${prefix}Mode`]}>
        {allowInherit ? <option value="inherit">Keep the usual date</option> : null}
        <option value="none">{prefix === "open" ? "Open from the start" : "No limit"}</option>
        <option value="date">On a calendar date</option>
        <option value="relative">Days after each learner starts</option>
      </SelectField>
      {mode === "date" || mode === "relative" ? (
        <div className="grid gap-x-4 sm:grid-cols-3">
          {mode === "date" ? (
            <Field label="Date" name={`${prefix}Date`} type="date" defaultValue={value.date} errors={errors[`${prefix}Date`]} />
          ) : (
            <Field
              label="Days after start"
              name={`${prefix}Days`}
              type="number"
              min={0}
              defaultValue={value.days}
              errors={errors[`${prefix}Days`] ?? errors[`${prefix}Date`]}
            />
          )}
          <Field label="Time" name={`${prefix}Time`} type="time" defaultValue={value.time} errors={errors[`${prefix}Time`]} />
          <SelectField label="Time zone" name={`${prefix}Zone`} defaultValue={value.zone}>
            <option value="COURSE">Course time ({courseZone.replaceAll("_", " ")})</option>
            <option value="LEARNER">Each learner's own time zone</option>
          </SelectField>
        </div>
      ) : null}
    </fieldset>
  );
}
