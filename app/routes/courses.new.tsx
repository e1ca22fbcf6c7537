import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { CourseForm } from "~/components/course-form";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Card, PageHeader } from "~/components/ui/card";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { courseSchema, createCourse } from "~/services/courses.server";

export const meta: MetaFunction = () => [{ title: "New course · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, courseSchema);
    const course = await createCourse(user, input, new Date());
    return redirect(`/courses/${course.slug}`);
  });
}

export default function NewCourse() {
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Create a course" subtitle="You will be its first instructor. You can change everything later." />
      <Card>
        <FormMessage message={message} />
        <CourseForm errors={fieldErrors} submitLabel="Create course" />
      </Card>
    </div>
  );
}
