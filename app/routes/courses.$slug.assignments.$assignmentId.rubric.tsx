import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { GradingRubricEditor } from "~/components/grading-rubric-editor";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { detachAssignmentRubric, getAssignmentRubric, parseRubricForm, saveAssignmentRubric } from "~/services/rubrics.server";

export const meta: MetaFunction = () => [{ title: "Rubric · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { scope, rubric, locked } = await getAssignmentRubric(user, params.assignmentId ?? "");
    return { rubric, locked, canEdit: scope.isInstructor, assignment: scope.assignment, course: scope.access.course };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const values = await readForm(request);
    if (values.intent === "detach") {
      await detachAssignmentRubric(user, params.assignmentId ?? "");
      return { ok: true as const, notice: "Rubric detached." };
    }
    await saveAssignmentRubric(user, params.assignmentId ?? "", parseRubricForm(values));
    return { ok: true as const, notice: "Rubric saved and attached to this assignment." };
  });
}

export default function RubricPage() {
  const { rubric, locked, canEdit, assignment, course } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message } = useFormErrors();
  return (
    <Card className="mx-auto max-w-4xl">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/assignments/${assignment.id}`}>Back to {assignment.title}</Link>
      </p>
      <h1 className="mb-2 text-xl font-semibold">Rubric for {assignment.title}</h1>
      <FormMessage message={message} />
      {result && "notice" in result ? <Alert tone="success" title={result.notice} /> : null}
      {locked ? <Alert title="This rubric has scored work already, so it cannot change. Detach it to build a new one." /> : null}
      {canEdit && !locked ? (
        <GradingRubricEditor key={JSON.stringify(rubric)} rubric={rubric} />
      ) : rubric ? (
        <ul className="space-y-2 text-sm">
          {rubric.criteria.map((c) => (
            <li key={c.id}>
              <span className="font-medium">{c.title}</span> ({c.points} pts): {c.ratings.map((r) => `${r.title} ${r.points}`).join(" · ")}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">No rubric yet.</p>
      )}
      {canEdit && rubric ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="detach" />
          <Button variant="secondary">Detach rubric</Button>
        </Form>
      ) : null}
    </Card>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
