import { useState } from "react";
import type { FieldErrors } from "~/lib/errors";
import type { RuleFormValue } from "~/services/date-rules";
import { Field, SelectField } from "./ui/field";

const PLAIN = { mode: "How is this date set?", none: "No limit", date: "Date", time: "Time", zone: "Time zone" };
/** Wording per date; the reply-by checkpoint sits beside a due date in one form, so its labels say which. */
const WORDING = {
  open: { ...PLAIN, legend: "Opens", none: "Open from the start" },
  due: { ...PLAIN, legend: "Due" },
  close: { ...PLAIN, legend: "Closes (no submissions after)" },
  replyBy: {
    legend: "Reply to classmates by",
    mode: "How is the reply-by date set?",
    none: "No reply-by checkpoint",
    date: "Reply-by date",
    time: "Reply-by time",
    zone: "Reply-by time zone",
  },
} as const;

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
  prefix: keyof typeof WORDING;
  value: RuleFormValue;
  errors: FieldErrors;
  courseZone: string;
  allowInherit?: boolean;
}) {
  const [mode, setMode] = useState(value.mode === "inherit" && !allowInherit ? "none" : value.mode);
  const words = WORDING[prefix];
  return (
    <fieldset className="mb-4 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{words.legend}</legend>
      <SelectField label={words.mode} name={`${prefix}Mode`} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} errors={errors[`${prefix}Mode`]}>
        {allowInherit ? <option value="inherit">Keep the usual date</option> : null}
        <option value="none">{words.none}</option>
        <option value="date">On a calendar date</option>
        <option value="relative">Days after each learner starts</option>
      </SelectField>
      {mode === "date" || mode === "relative" ? (
        <div className="grid gap-x-4 sm:grid-cols-3">
          {mode === "date" ? (
            <Field label={words.date} name={`${prefix}Date`} type="date" defaultValue={value.date} errors={errors[`${prefix}Date`]} />
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
          <Field label={words.time} name={`${prefix}Time`} type="time" defaultValue={value.time} errors={errors[`${prefix}Time`]} />
          <SelectField label={words.zone} name={`${prefix}Zone`} defaultValue={value.zone}>
            <option value="COURSE">Course time ({courseZone.replaceAll("_", " ")})</option>
            <option value="LEARNER">Each learner's own time zone</option>
          </SelectField>
        </div>
      ) : null}
    </fieldset>
  );
}
