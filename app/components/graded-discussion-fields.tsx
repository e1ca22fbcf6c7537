import { useState } from "react";
import type { RuleFormValue } from "~/services/date-rules";
import { DateRuleFields } from "./date-rule-fields";
import { CheckboxField, Field, SelectField } from "./ui/field";

export type GradingOptions = {
  courseZone: string;
  categories: { id: string; name: string }[];
  graded: boolean;
  points: number;
  categoryId: string;
  due: RuleFormValue;
  replyBy: RuleFormValue;
};

/** The "reply by" checkpoint: no checkpoint, a calendar date, or N days after each learner starts. */
function ReplyByFields({ value, errors, courseZone }: { value: RuleFormValue; errors: Record<string, string[]>; courseZone: string }) {
  const [mode, setMode] = useState(value.mode === "inherit" ? "none" : value.mode);
  return (
    <fieldset className="mb-4 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">Reply to classmates by</legend>
      <SelectField label="How is the reply-by date set?" name="replyByMode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} errors={errors.replyByMode}>
        <option value="none">No reply-by checkpoint</option>
        <option value="date">On a calendar date</option>
        <option value="relative">Days after each learner starts</option>
      </SelectField>
      {mode === "date" || mode === "relative" ? (
        <div className="grid gap-x-4 sm:grid-cols-3">
          {mode === "date" ? (
            <Field label="Reply-by date" name="replyByDate" type="date" defaultValue={value.date} errors={errors.replyByDate} />
          ) : (
            <Field label="Days after start" name="replyByDays" type="number" min={0} defaultValue={value.days} errors={errors.replyByDays ?? errors.replyByDate} />
          )}
          <Field label="Reply-by time" name="replyByTime" type="time" defaultValue={value.time} errors={errors.replyByTime} />
          <SelectField label="Reply-by time zone" name="replyByZone" defaultValue={value.zone}>
            <option value="COURSE">Course time ({courseZone.replaceAll("_", " ")})</option>
            <option value="LEARNER">Each learner's own time zone</option>
          </SelectField>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * "Graded" and, once checked, points, grade category, the due date of the first post and the
 * reply-by checkpoint. Late policy, rubric, anonymous grading and posting are on the assignment.
 */
export function GradedDiscussionFields({ grading, errors = {} }: { grading: GradingOptions; errors?: Record<string, string[]> }) {
  const [graded, setGraded] = useState(grading.graded);
  return (
    <div className="mb-4 rounded-lg border border-slate-200 p-3">
      <input type="hidden" name="gradingShown" value="1" />
      <CheckboxField
        label="Graded"
        name="graded"
        checked={graded}
        onChange={(e) => setGraded(e.target.checked)}
        hint="Posts count as the submission; grade them in the grading queue like an assignment."
      />
      {graded ? (
        <>
          <Field label="Points" name="gradePoints" type="number" min={0} max={10000} step="any" defaultValue={grading.points} errors={errors.gradePoints} />
          <SelectField label="Grade category" name="gradeCategoryId" defaultValue={grading.categoryId} errors={errors.gradeCategoryId}>
            <option value="">Uncategorised</option>
            {grading.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <DateRuleFields prefix="due" value={grading.due} errors={errors} courseZone={grading.courseZone} />
          <ReplyByFields value={grading.replyBy} errors={errors} courseZone={grading.courseZone} />
        </>
      ) : null}
    </div>
  );
}
