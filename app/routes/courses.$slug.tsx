import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { CourseTabs } from "~/components/course-tabs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { loadCourseAccess } from "~/services/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const access = await loadCourseAccess(user, { slug: params.slug });
    return { course: access.course, role: access.role, isStaff: access.isStaff, isAdmin: user.isAdmin };
  });
}

/** Course header and tabs; each child route still checks access itself. */
export default function CourseLayout() {
  const { course, role, isStaff, isAdmin } = useLoaderData<typeof loader>();
  return (
    <div>
      <div className="mb-6">
        <p className="text-sm text-slate-600">{course.status === "DRAFT" ? "Draft course" : "Course"}</p>
        <p className="text-2xl font-bold text-slate-900">{course.title}</p>
        <CourseTabs slug={course.slug} role={role} isStaff={isStaff} isAdmin={isAdmin} />
      </div>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
