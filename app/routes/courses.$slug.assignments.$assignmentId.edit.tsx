import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AssignmentForm } from "~/components/assignment-form";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { parseAssignmentForm } from "~/services/assignment-form";
import { findAssignmentForStaff, updateAssignment } from "~/services/assignments.server";
import { decodeLatePolicy, ruleSetOf, ruleToForm } from "~/services/date-rules";

export const meta: MetaFunction = () => [{ title: "Edit assignment · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { assignment, access } = await findAssignmentForStaff(user, params.assignmentId ?? "", ["INSTRUCTOR"]);
    const rules = ruleSetOf(assignment);
    const zone = access.course.timeZone;
    return {
      course: access.course,
      values: {
        title: assignment.title,
        instructions: assignment.instructions,
        points: assignment.points,
        published: assignment.published,
        maxAttempts: assignment.maxAttempts,
        missingScorePercent: assignment.missingScorePercent,
        dates: { open: ruleToForm(rules.openAt, zone), due: ruleToForm(rules.dueAt, zone), close: ruleToForm(rules.closeAt, zone) },
        latePolicy: decodeLatePolicy(assignment.latePolicy),
        grading: {
          submissionTypes: assignment.submissionTypes,
          allowedFileTypes: assignment.allowedFileTypes,
          maxFileMb: assignment.maxFileMb,
          anonymousGrading: assignment.anonymousGrading,
          postPolicy: assignment.postPolicy,
          regradeWindowDays: assignment.regradeWindowDays,
        },
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { access } = await findAssignmentForStaff(user, params.assignmentId ?? "", ["INSTRUCTOR"]);
    const input = parseAssignmentForm(await readForm(request), access.course.timeZone);
    await updateAssignment(user, params.assignmentId ?? "", input);
    return redirect(`/courses/${access.course.slug}/assignments/${params.assignmentId}`);
  });
}

export default function EditAssignment() {
  const { course, values } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <Card className="mx-auto max-w-3xl">
      <h1 className="mb-4 text-xl font-semibold">Edit assignment</h1>
      <FormMessage message={message} />
      <AssignmentForm values={values} errors={fieldErrors} courseZone={course.timeZone} submitLabel="Save assignment" />
    </Card>
  );
}
