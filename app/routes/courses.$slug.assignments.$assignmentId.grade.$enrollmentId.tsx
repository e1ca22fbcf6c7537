import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { GradingComments } from "~/components/grading-comments";
import { GradingGradeForm } from "~/components/grading-grade-form";
import { GradingHistory } from "~/components/grading-history";
import { GradingShortcuts } from "~/components/grading-shortcuts";
import { GradingSubmissionView } from "~/components/grading-submission-view";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClass } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, TextAreaField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/time";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { addCommentFromRequest } from "~/services/comments.server";
import { gradeInputFromForm } from "~/services/grade-form";
import { saveGrade } from "~/services/grades.server";
import { getGradingView, queueFilterSchema } from "~/services/grading-queue.server";
import { regradeResolveSchema, resolveRegrade } from "~/services/regrades.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Grade ${data?.student.label ?? "work"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { page: _p, ...filter } = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const view = await getGradingView(user, params.assignmentId ?? "", params.enrollmentId ?? "", filter, new Date());
    const { scope, ...rest } = view;
    return { ...rest, assignment: scope.assignment, course: scope.access.course, isInstructor: scope.isInstructor, zone: user.timeZone };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const ids = { assignmentId: params.assignmentId ?? "", enrollmentId: params.enrollmentId ?? "" };
    const intent = new URL(request.url).searchParams.get("intent");
    const now = new Date();
    if (intent === "comment") {
      await addCommentFromRequest(user, ids, request, now);
      return { ok: true as const, notice: "Comment posted." };
    }
    const values = await readForm(request);
    if (intent === "regrade") {
      await resolveRegrade(user, ids.assignmentId, parseInput(regradeResolveSchema, values), now);
      return { ok: true as const, notice: "Regrade request resolved." };
    }
    const grade = await saveGrade(user, gradeInputFromForm(values, ids), now);
    return { ok: true as const, notice: grade.postedAt ? "Grade saved. The student can see it." : "Grade saved. Students see it once you post grades." };
  });
}

export default function GradeSubmission() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const [params] = useSearchParams();
  const base = `/courses/${data.course.slug}/assignments/${data.assignment.id}`;
  const query = params.toString() ? `?${params.toString()}` : "";
  const to = (id: string | null) => (id ? `${base}/grade/${id}${query}` : null);
  const latest = data.submissions[0] ?? null;
  return (
    <div className="space-y-4">
      <nav aria-label="Students" className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm">
            <Link to={`${base}/queue${query}`}>Back to the queue</Link> · {data.assignment.title}
          </p>
          <h1 className="text-2xl font-bold">{data.student.label}</h1>
          <p className="text-sm text-slate-600">
            {data.student.email ?? (data.anonymous ? "Anonymous grading: identity hidden until grades are posted" : "")}
            {data.student.sectionName ? ` · ${data.student.sectionName}` : ""} · {data.position.index} of {data.position.total}
          </p>
        </div>
        <div className="flex gap-2">
          {to(data.position.prev) ? (
            <Link to={to(data.position.prev)!} className={buttonClass("secondary", "no-underline")} rel="prev">
              ← Previous student
            </Link>
          ) : null}
          {to(data.position.next) ? (
            <Link to={to(data.position.next)!} className={buttonClass("secondary", "no-underline")} rel="next">
              Next student →
            </Link>
          ) : null}
        </div>
      </nav>
      <GradingShortcuts prev={to(data.position.prev)} next={to(data.position.next)} />
      <FormMessage message={message} />
      {result && "notice" in result ? <Alert tone="success" title={result.notice} /> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="submission-heading">
          <GradingSubmissionView submissions={data.submissions} dueAt={data.dueAt} zone={data.zone} discussion={data.discussion} />
        </Card>
        <div className="space-y-4">
          <Card>
            <GradingGradeForm
              key={data.student.enrollmentId}
              grade={data.grade}
              rubric={data.rubric}
              rubricScores={data.rubricScores}
              points={data.assignment.points}
              latePolicy={data.latePolicy}
              dueAt={data.dueAt}
              submittedAt={latest?.submittedAt ?? null}
              errors={fieldErrors}
            />
          </Card>
          {data.regrades.length ? (
            <Card aria-labelledby="regrades-heading">
              <h2 id="regrades-heading" className="mb-2 text-lg font-semibold">
                Regrade requests
              </h2>
              <ul className="space-y-3 text-sm">
                {data.regrades.map((r) => (
                  <li key={r.id} className="rounded border border-slate-200 p-2">
                    <p className="font-medium">
                      {r.status === "OPEN" ? "Open" : "Resolved"} · {formatDateTime(r.createdAt, data.zone)}
                    </p>
                    <p className="whitespace-pre-wrap">{r.reason}</p>
                    {r.resolutionNote ? <p>Note: {r.resolutionNote}</p> : null}
                    {r.status === "OPEN" ? (
                      <Form method="post" action="?intent=regrade" noValidate className="mt-2">
                        <input type="hidden" name="requestId" value={r.id} />
                        <TextAreaField label="Note to the student" name="note" rows={2} errors={fieldErrors.note} />
                        <Field label="New score (optional)" name="rawScore" type="number" step="0.01" min={0} errors={fieldErrors.rawScore} />
                        <Button variant="secondary">Resolve request</Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card>
            <GradingComments comments={data.comments} zone={data.zone} errors={fieldErrors} />
          </Card>
          {data.isInstructor ? (
            <Card aria-labelledby="history-heading">
              <GradingHistory events={data.events} zone={data.zone} />
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
