import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { GradingQueueTable } from "~/components/grading-queue-table";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { SelectField } from "~/components/ui/field";
import { handleAction, handleLoader, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { hideGrades, postGrades } from "~/services/grades.server";
import { getGradingQueue, queueFilterSchema } from "~/services/grading-queue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Grading: ${data?.assignment.title ?? "assignment"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const filter = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const queue = await getGradingQueue(user, params.assignmentId ?? "", filter);
    const { scope, ...rest } = queue;
    return { ...rest, filter, assignment: scope.assignment, course: scope.access.course, canHide: scope.isInstructor, zone: user.timeZone };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { intent } = await readForm(request);
    if (intent === "hide") {
      const { hidden } = await hideGrades(user, params.assignmentId ?? "", new Date());
      return { ok: true as const, notice: `${hidden} grade(s) hidden from students again.` };
    }
    const { posted } = await postGrades(user, params.assignmentId ?? "", new Date());
    return { ok: true as const, notice: posted ? `Posted ${posted} grade(s). Students were emailed.` : "There were no unposted grades." };
  });
}

export default function GradingQueue() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message } = useFormErrors();
  const [params] = useSearchParams();
  const base = `/courses/${data.course.slug}/assignments/${data.assignment.id}`;
  const keep = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    return `?${next.toString()}`;
  };
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Grading: ${data.assignment.title}`}
        subtitle={
          <>
            <Link to={base}>Back to the assignment</Link> · <Link to={`/courses/${data.course.slug}/grading`}>All work needing grading</Link> · {data.counts.ungraded} to grade · {data.counts.graded} graded · {data.counts.total} students
            {data.anonymous ? " · Anonymous grading: names are hidden until grades are posted" : ""}
          </>
        }
      />
      <FormMessage message={message} />
      {result && "notice" in result ? <Alert tone="success" title={result.notice} /> : null}
      <Card aria-labelledby="posting">
        <h2 id="posting" className="mb-2 text-lg font-semibold">
          Posting
        </h2>
        <p className="mb-3 text-sm text-slate-700">
          {data.assignment.postPolicy === "MANUAL" || data.assignment.anonymousGrading
            ? "Students see grades only after you post them."
            : "Grades are shown to students as soon as they are saved."}{" "}
          {data.counts.unposted} graded but not posted.
        </p>
        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <input type="hidden" name="intent" value="post" />
            <Button>Post grades</Button>
          </Form>
          {data.canHide ? (
            <Form method="post">
              <input type="hidden" name="intent" value="hide" />
              <Button variant="secondary">Hide posted grades</Button>
            </Form>
          ) : null}
        </div>
      </Card>
      <Card aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="mb-3 text-lg font-semibold">
          Submissions
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-4">
          {data.sections.length ? (
            <div className="w-48">
              <SelectField label="Section" name="section" defaultValue={data.filter.section}>
                <option value="">All sections</option>
                {data.sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : null}
          <div className="w-48">
            <SelectField label="Status" name="status" defaultValue={data.filter.status}>
              <option value="all">All</option>
              <option value="ungraded">Needs grading</option>
              <option value="graded">Graded</option>
              <option value="late">Late</option>
              <option value="resubmitted">Resubmitted after grading</option>
              <option value="missing">Not submitted</option>
            </SelectField>
          </div>
          <div className="w-48">
            <SelectField label="Sort by" name="sort" defaultValue={data.filter.sort}>
              <option value="name">Name</option>
              <option value="submitted">Submitted (oldest first)</option>
              <option value="status">Status</option>
            </SelectField>
          </div>
          <div className="mb-4">
            <Button variant="secondary">Apply</Button>
          </div>
        </Form>
        <GradingQueueTable rows={data.rows} base={base} query={params.toString()} zone={data.zone} points={data.assignment.points} />
        <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
          <span>
            Page {data.page} of {data.pages} · {data.matching} matching
          </span>
          {data.page > 1 ? <Link to={keep({ page: String(data.page - 1) })}>Previous page</Link> : null}
          {data.page < data.pages ? <Link to={keep({ page: String(data.page + 1) })}>Next page</Link> : null}
        </nav>
      </Card>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
