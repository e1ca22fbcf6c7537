import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AssignmentForm } from "~/components/assignment-form";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { parseAssignmentForm } from "~/services/assignment-form";
import { createAssignment } from "~/services/assignments.server";
import { ruleToForm } from "~/services/date-rules";
import { requireCourseRole } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "New assignment · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await requireCourseRole(user, { slug: params.slug }, ["INSTRUCTOR"], "Only instructors can create assignments.");
    return { course };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await requireCourseRole(user, { slug: params.slug }, ["INSTRUCTOR"], "Only instructors can create assignments.");
    const input = parseAssignmentForm(await readForm(request), course.timeZone);
    const created = await createAssignment(user, course.id, input);
    return redirect(`/courses/${course.slug}/assignments/${created.id}`);
  });
}

export default function NewAssignment() {
  const { course } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  const blank = ruleToForm(null, course.timeZone);
  return (
    <Card className="mx-auto max-w-3xl">
      <h1 className="mb-4 text-xl font-semibold">New assignment</h1>
      <FormMessage message={message} />
      <AssignmentForm
        values={{
          title: "",
          instructions: "",
          points: 100,
          published: false,
          maxAttempts: 1,
          missingScorePercent: null,
          dates: { open: blank, due: blank, close: blank },
          latePolicy: { type: "NONE" },
        }}
        errors={fieldErrors}
        courseZone={course.timeZone}
        submitLabel="Create assignment"
      />
    </Card>
  );
}
