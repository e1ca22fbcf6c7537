import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormErrors, FormMessage } from "~/components/form-errors";
import { StaffAssignmentPanel } from "~/components/staff-assignment-panel";
import { StudentAssignmentPanel } from "~/components/student-assignment-panel";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getAssignmentView, submitAssignment } from "~/services/assignments.server";
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
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.assignment.title ?? "Assignment"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const view = await getAssignmentView(user, params.assignmentId ?? "", new Date());
    const { rules, latePolicy, instructions: _i, ...assignment } = view.assignment;
    const staff = view.access.isStaff
      ? { summary: describeRuleSet(rules, { courseTimeZone: view.access.course.timeZone }), requests: await listExtensionRequests(user, assignment.id), canEdit: view.access.role === "INSTRUCTOR" || user.isAdmin }
      : null;
    return { assignment, latePolicy, course: view.access.course, student: view.student, staff, zone: user.timeZone };
  });
}

const submitSchema = z.object({ body: z.string().max(200_000, "Keep your answer under 200,000 characters.").default("") });

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
      case "decide":
        await decideExtension(user, await parseForm(request, decisionSchema), now);
        return { ok: true as const, notice: "Decision saved and the student was told." };
      default: {
        const submission = await submitAssignment(user, id, await parseForm(request, submitSchema), now);
        return {
          ok: true as const,
          notice:
            submission.minutesLate > 0
              ? `Attempt ${submission.attempt} submitted late: ${submission.penaltyPercent} % deducted. A receipt was emailed to you.`
              : `Attempt ${submission.attempt} submitted on time. A receipt was emailed to you.`,
        };
      }
    }
  });
}

export default function AssignmentPage() {
  const { assignment, latePolicy, course, student, staff, zone } = useLoaderData<typeof loader>();
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
        {student ? <StudentAssignmentPanel student={student} zone={zone} fieldErrors={fieldErrors} latePolicy={latePolicy} draftKey={assignment.id} /> : null}
      </div>
      <aside className="space-y-6" aria-label="Assignment details">
        {staff ? <StaffAssignmentPanel staff={staff} courseSlug={course.slug} assignmentId={assignment.id} zone={zone} published={assignment.published} /> : null}
      </aside>
    </div>
  );
}
