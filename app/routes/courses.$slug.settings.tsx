import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { CourseForm } from "~/components/course-form";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm, assertSameOrigin } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { localDateKey } from "~/domain/time-zone";
import { courseSchema, deleteCourse, getCourseForEdit, updateCourse } from "~/services/courses.server";

export const meta: MetaFunction = () => [{ title: "Course settings · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await getCourseForEdit(user, params.slug ?? "");
    return {
      course: {
        ...course,
        startsOn: course.startsAt ? localDateKey(course.startsAt, course.timeZone) : "",
        endsOn: course.endsAt ? localDateKey(course.endsAt, course.timeZone) : "",
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await getCourseForEdit(user, params.slug ?? "");
    if (new URL(request.url).searchParams.get("intent") === "delete") {
      assertSameOrigin(request);
      await deleteCourse(user, course.id);
      return redirect("/dashboard");
    }
    const input = await parseForm(request, courseSchema);
    const updated = await updateCourse(user, course.id, input);
    return redirect(`/courses/${updated.slug}`);
  });
}

export default function CourseSettings() {
  const { course } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Card>
        <h1 className="mb-4 text-xl font-semibold">Course settings</h1>
        <FormMessage message={message} />
        <CourseForm values={course} errors={fieldErrors} submitLabel="Save settings" />
      </Card>
      <Card className="border-red-200">
        <h2 className="text-lg font-semibold text-red-800">Delete this course</h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">This removes the course and everything in it for everyone. It cannot be undone.</p>
        <Form
          method="post"
          action="?intent=delete"
          onSubmit={(e) => {
            if (!confirm(`Delete "${course.title}" for everyone?`)) e.preventDefault();
          }}
        >
          <Button variant="danger">Delete course</Button>
        </Form>
      </Card>
    </div>
  );
}
