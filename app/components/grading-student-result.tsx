import { Form } from "@remix-run/react";
import type { RubricScores } from "~/domain/rubric";
import type { FieldErrors } from "~/lib/errors";
import { formatDateTime } from "~/lib/time";
import { GradingComments, type CommentItem } from "./grading-comments";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { TextAreaField } from "./ui/field";

export type OwnGrading = {
  grade: {
    rawScore: number | null;
    latePenalty: number;
    finalScore: number | null;
    excused: boolean;
    feedback: string;
    rubricScores: RubricScores | null;
    overridden: boolean;
    postedAt: string | Date | null;
  } | null;
  rubric: { title: string; criteria: { id: string; title: string; points: number; ratings: { id: string; title: string; points: number }[] }[] } | null;
  comments: CommentItem[];
  regrades: {
    requests: { id: string; reason: string; status: string; resolutionNote: string | null; resolvedAt: string | Date | null; createdAt: string | Date }[];
    deadline: string | Date | null;
    canRequest: boolean;
  };
};

/** The learner's grade (once posted), rubric results, comments and regrade requests. */
export function GradingStudentResult({ grading, points, zone, fieldErrors }: { grading: OwnGrading; points: number; zone: string; fieldErrors: FieldErrors }) {
  const { grade, rubric, regrades } = grading;
  return (
    <Card aria-labelledby="your-grade">
      <h2 id="your-grade" className="mb-3 text-lg font-semibold">
        Your grade
      </h2>
      {!grade ? (
        <p className="text-sm text-slate-700">Not graded yet, or your instructor has not posted grades. You will get an email when they do.</p>
      ) : grade.excused ? (
        <p className="text-sm font-medium">Excused: this assignment does not count toward your grade.</p>
      ) : (
        <dl className="grid grid-cols-3 gap-3 text-sm">
          <div>
            <dt className="text-slate-600">Score</dt>
            <dd className="font-semibold">
              {grade.rawScore ?? "—"} / {points}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Late penalty</dt>
            <dd className="font-semibold">
              {grade.latePenalty > 0 ? `−${grade.latePenalty}` : "none"}
              {grade.overridden ? " (adjusted by your instructor)" : ""}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Final</dt>
            <dd className="font-semibold">
              {grade.finalScore ?? "—"} / {points}
            </dd>
          </div>
        </dl>
      )}
      {grade?.feedback ? (
        <div className="mt-4">
          <h3 className="font-semibold">Feedback</h3>
          <p className="whitespace-pre-wrap text-sm">{grade.feedback}</p>
        </div>
      ) : null}
      {grade && rubric && grade.rubricScores ? (
        <table className="mt-4 w-full text-left text-sm">
          <caption className="mb-1 text-left font-semibold">Rubric: {rubric.title}</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Rating</th>
              <th scope="col">Points</th>
            </tr>
          </thead>
          <tbody>
            {rubric.criteria.map((c) => {
              const s = grade.rubricScores?.[c.id];
              return (
                <tr key={c.id} className="border-t border-slate-200">
                  <th scope="row" className="py-1 font-normal">
                    {c.title}
                  </th>
                  <td>{s?.ratingId ? (c.ratings.find((r) => r.id === s.ratingId)?.title ?? "—") : s ? "Custom" : "—"}</td>
                  <td>
                    {s?.points ?? 0} / {c.points}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="mt-6">
        <GradingComments comments={grading.comments} zone={zone} errors={fieldErrors} />
      </div>
      {grade ? (
        <div className="mt-6">
          <h3 className="mb-2 font-semibold">Regrade requests</h3>
          <ul className="mb-3 space-y-2 text-sm">
            {regrades.requests.map((r) => (
              <li key={r.id} className="rounded border border-slate-200 p-2">
                <p className="font-medium">
                  {r.status === "OPEN" ? "Waiting for a decision" : "Resolved"} · {formatDateTime(r.createdAt, zone)}
                </p>
                <p className="whitespace-pre-wrap">{r.reason}</p>
                {r.resolutionNote ? <p className="mt-1">Grader's note: {r.resolutionNote}</p> : null}
              </li>
            ))}
          </ul>
          {regrades.canRequest ? (
            <Form method="post" action="?intent=regrade" noValidate>
              <TextAreaField
                label="Why should this be regraded?"
                name="reason"
                rows={3}
                errors={fieldErrors.reason}
                hint={regrades.deadline ? `You can ask until ${formatDateTime(regrades.deadline, zone)}.` : undefined}
              />
              <Button variant="secondary">Request a regrade</Button>
            </Form>
          ) : regrades.deadline ? (
            <p className="text-sm text-slate-700">
              {regrades.requests.some((r) => r.status === "OPEN") ? "Your request is waiting for a decision." : `Regrade requests closed ${formatDateTime(regrades.deadline, zone)}.`}
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
