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
          <DateRuleFields prefix="replyBy" value={grading.replyBy} errors={errors} courseZone={grading.courseZone} />
        </>
      ) : null}
    </div>
  );
}
