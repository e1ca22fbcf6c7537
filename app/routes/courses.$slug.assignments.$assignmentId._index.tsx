import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormErrors, FormMessage } from "~/components/form-errors";
import { StaffAssignmentPanel } from "~/components/staff-assignment-panel";
import { StudentAssignmentPanel } from "~/components/student-assignment-panel";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getAssignmentView } from "~/services/assignments.server";
import { allowedExtensions, submissionNotice, submitFromRequest } from "~/services/submission-uploads.server";
import { submissionTypesOf } from "~/services/assignment-form";
import { addCommentFromRequest } from "~/services/comments.server";
import { regradeRequestSchema, requestRegrade } from "~/services/regrades.server";
import { badRequest } from "~/lib/errors";
import {
  decideExtension,
  decisionSchema,
  extensionRequestSchema,
  listExtensionRequests,
  requestExtension,
  spendLateTokens,
  useTokensSchema,
} from "~/services/extensions.server";
import { describeRuleSet } from "~/domain/rule-text";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.assignment.title ?? "Assignment"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const view = await getAssignmentView(user, params.assignmentId ?? "", new Date());
    const { rules, latePolicy, instructions: _i, ...assignment } = view.assignment;
    const staff = view.access.isStaff
      ? { summary: describeRuleSet(rules, { courseTimeZone: view.access.course.timeZone }), requests: await listExtensionRequests(user, assignment.id), canEdit: view.access.role === "INSTRUCTOR" || user.isAdmin }
      : null;
    const submit = { types: submissionTypesOf(assignment.submissionTypes), allowedExtensions: allowedExtensions(assignment), maxFileMb: assignment.maxFileMb };
    return { assignment, latePolicy, course: view.access.course, student: view.student, staff, zone: user.timeZone, submit };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const id = params.assignmentId ?? "";
    const intent = new URL(request.url).searchParams.get("intent");
    const now = new Date();
    switch (intent) {
      case "extension":
        await requestExtension(user, id, await parseForm(request, extensionRequestSchema), now);
        return { ok: true as const, notice: "Your extension request was sent." };
      case "tokens":
        await spendLateTokens(user, id, await parseForm(request, useTokensSchema), now);
        return { ok: true as const, notice: "Late-day tokens applied: your due date moved." };
      case "comment": {
        const view = await getAssignmentView(user, id, now);
        if (!view.access.enrollmentId || view.access.isStaff) throw badRequest("Comment from the grading page.");
        await addCommentFromRequest(user, { assignmentId: id, enrollmentId: view.access.enrollmentId }, request, now);
        return { ok: true as const, notice: "Comment posted." };
      }
      case "regrade":
        await requestRegrade(user, id, await parseForm(request, regradeRequestSchema), now);
        return { ok: true as const, notice: "Your regrade request was sent to the graders." };
      case "decide":
        await decideExtension(user, await parseForm(request, decisionSchema), now);
        return { ok: true as const, notice: "Decision saved and the student was told." };
      default: {
        const submission = await submitFromRequest(user, id, request, now);
        return { ok: true as const, notice: submissionNotice(submission) };
      }
    }
  });
}

export default function AssignmentPage() {
  const { assignment, latePolicy, course, student, staff, zone, submit } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <p className="text-sm text-slate-600">
            <Link to={`/courses/${course.slug}/assignments`}>Assignments</Link> · {assignment.points} points
          </p>
          <h1 className="mt-1 text-2xl font-bold">{assignment.title}</h1>
          {assignment.instructionsHtml ? <div className="prose-content mt-4" dangerouslySetInnerHTML={{ __html: assignment.instructionsHtml }} /> : null}
        </Card>
        <FormMessage message={message} />
        {student ? <StudentAssignmentPanel student={student} zone={zone} fieldErrors={fieldErrors} latePolicy={latePolicy} draftKey={assignment.id} submit={submit} points={assignment.points} /> : null}
      </div>
      <aside className="space-y-6" aria-label="Assignment details">
        {staff ? <StaffAssignmentPanel staff={staff} courseSlug={course.slug} assignmentId={assignment.id} zone={zone} published={assignment.published} /> : null}
      </aside>
    </div>
  );
}
