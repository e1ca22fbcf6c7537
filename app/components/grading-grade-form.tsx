import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { computeLatePenalty, type LatePolicy } from "~/domain/late-policy";
import { rubricTotal, type RubricScores } from "~/domain/rubric";
import type { FieldErrors } from "~/lib/errors";
import { Button } from "./ui/button";
import { CheckboxField, Field, TextAreaField } from "./ui/field";

type Rubric = { title: string; criteria: { id: string; title: string; description?: string; points: number; ratings: { id: string; title: string; points: number }[] }[] };
type Grade = { rawScore: number | null; penaltyOverride: number | null; overrideReason: string | null; excused: boolean; feedback: string; latePenalty: number; finalScore: number | null } | null;

/**
 * Score, rubric, late penalty and feedback for one learner. Clicking a rubric rating fills
 * the score with the rubric total (the grader may still change it); the late penalty the
 * policy would charge is shown live and applied on save unless overridden with a reason.
 */
export function GradingGradeForm({
  grade,
  rubric,
  rubricScores,
  points,
  latePolicy,
  dueAt,
  submittedAt,
  errors,
}: {
  grade: Grade;
  rubric: Rubric | null;
  rubricScores: RubricScores | null;
  points: number;
  latePolicy: LatePolicy;
  dueAt: string | Date | null;
  submittedAt: string | Date | null;
  errors: FieldErrors;
}) {
  const busy = useNavigation().state === "submitting";
  const [scores, setScores] = useState<RubricScores>(rubricScores ?? {});
  const [raw, setRaw] = useState<string>(grade?.rawScore === null || grade?.rawScore === undefined ? "" : String(grade.rawScore));
  const [override, setOverride] = useState(grade?.penaltyOverride !== null && grade?.penaltyOverride !== undefined);
  const rawNumber = raw.trim() === "" ? null : Number(raw);
  const computed =
    submittedAt && rawNumber !== null && Number.isFinite(rawNumber)
      ? computeLatePenalty(latePolicy, { dueAt: dueAt ? new Date(dueAt) : null, submittedAt: new Date(submittedAt), rawScore: rawNumber, pointsPossible: points })
      : null;
  const choose = (criterionId: string, ratingId: string | null, pts: number) => {
    const next = { ...scores, [criterionId]: { ratingId, points: pts } };
    setScores(next);
    if (rubric) setRaw(String(rubricTotal(rubric, next).total));
  };
  return (
    <Form method="post" action="?intent=grade" noValidate aria-labelledby="grade-heading">
      <h2 id="grade-heading" className="mb-3 text-lg font-semibold">
        Grade
      </h2>
      {rubric ? (
        <fieldset className="mb-4">
          <legend className="mb-2 font-semibold">Rubric: {rubric.title}</legend>
          {rubric.criteria.map((c) => {
            const s = scores[c.id];
            return (
              <div key={c.id} className="mb-3 rounded border border-slate-200 p-2" role="radiogroup" aria-label={`${c.title} (${c.points} points)`}>
                <p className="text-sm font-medium">
                  {c.title} <span className="text-slate-600">· {s ? s.points : "—"} / {c.points}</span>
                </p>
                {c.description ? <p className="text-xs text-slate-600">{c.description}</p> : null}
                <div className="mt-1 flex flex-wrap gap-2">
                  {c.ratings.map((r) => (
                    <label key={r.id} className={`cursor-pointer rounded border px-2 py-1 text-sm focus-within:ring-2 focus-within:ring-brand-600 ${s?.ratingId === r.id ? "border-brand-700 bg-brand-50 font-semibold" : "border-slate-300"}`}>
                      <input type="radio" className="sr-only" name={`rubric.${c.id}`} value={r.id} checked={s?.ratingId === r.id} onChange={() => choose(c.id, r.id, r.points)} />
                      {r.title} ({r.points})
                    </label>
                  ))}
                </div>
                {s ? <input type="hidden" name={`rubricPoints.${c.id}`} value={s.points} /> : null}
              </div>
            );
          })}
          <p className="text-sm">Rubric total: {rubricTotal(rubric, scores).total} / {rubric.criteria.reduce((a, c) => a + c.points, 0)}</p>
          {errors.rubricScores?.length ? <p className="text-sm font-medium text-red-700">{errors.rubricScores.join(" ")}</p> : null}
        </fieldset>
      ) : null}
      <Field label={`Score (out of ${points})`} name="rawScore" type="number" step="0.01" min={0} value={raw} onChange={(e) => setRaw(e.currentTarget.value)} errors={errors.rawScore} />
      <p className="mb-3 text-sm" aria-live="polite">
        {computed?.late
          ? `Late by ${Math.ceil(computed.minutesLate / 60)} h: the late policy deducts ${computed.penaltyPoints} point(s)${override ? " (overridden below)" : ""}.`
          : submittedAt
            ? "On time: no late penalty."
            : "No submission."}
      </p>
      <CheckboxField label="Override the late penalty" name="overridePenalty" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} />
      {override ? (
        <div className="grid gap-x-4 sm:grid-cols-2">
          <Field label="Penalty (points)" name="penaltyOverride" type="number" step="0.01" min={0} defaultValue={grade?.penaltyOverride ?? 0} errors={errors.penaltyOverride} />
          <Field label="Reason for the override" name="overrideReason" defaultValue={grade?.overrideReason ?? ""} errors={errors.overrideReason} />
        </div>
      ) : null}
      <CheckboxField label="Excused" name="excused" defaultChecked={grade?.excused ?? false} hint="Excused work does not count toward the course grade." />
      <TextAreaField label="Feedback" name="feedback" rows={5} defaultValue={grade?.feedback ?? ""} errors={errors.feedback} />
      {grade ? (
        <p className="mb-3 text-sm">
          Saved: {grade.excused ? "excused" : `${grade.rawScore ?? "—"} − ${grade.latePenalty} = ${grade.finalScore ?? "—"} / ${points}`}
        </p>
      ) : null}
      <Button disabled={busy}>Save grade</Button>
    </Form>
  );
}
