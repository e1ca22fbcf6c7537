import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
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

function tabClass({ isActive }: { isActive: boolean }) {
  return `-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium no-underline ${isActive ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900"}`;
}

/** Course header and tabs; each child route still checks access itself. */
export default function CourseLayout() {
  const { course, role, isStaff, isAdmin } = useLoaderData<typeof loader>();
  const canManage = role === "INSTRUCTOR" || isAdmin;
  return (
    <div>
      <div className="mb-6">
        <p className="text-sm text-slate-600">{course.status === "DRAFT" ? "Draft course" : "Course"}</p>
        <p className="text-2xl font-bold text-slate-900">{course.title}</p>
        <nav aria-label="Course" className="mt-4 flex flex-wrap gap-x-1 border-b border-slate-200">
          <NavLink to={`/courses/${course.slug}`} end className={tabClass}>
            Home
          </NavLink>
          <NavLink to={`/courses/${course.slug}/about`} className={tabClass}>
            About
          </NavLink>
          {role || isAdmin ? (
            <NavLink to={`/courses/${course.slug}/assignments`} className={tabClass}>
              Assignments
            </NavLink>
          ) : null}
          {role || isAdmin ? (
            <NavLink to={`/courses/${course.slug}/discussions`} className={tabClass}>
              Discussions
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/modules`} className={tabClass}>
              Modules
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/progress`} className={tabClass}>
              Progress
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/grading`} className={tabClass}>
              Needs grading
            </NavLink>
          ) : null}
          {isStaff || role === "STUDENT" ? (
            <NavLink to={`/courses/${course.slug}/${isStaff ? "gradebook" : "grades"}`} className={tabClass}>
              {isStaff ? "Gradebook" : "Grades"}
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/calendar`} className={tabClass}>
              Calendar
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/people`} className={tabClass}>
              People
            </NavLink>
          ) : null}
          {isStaff ? (
            <NavLink to={`/courses/${course.slug}/sections`} className={tabClass}>
              Sections
            </NavLink>
          ) : null}
          {canManage ? (
            <NavLink to={`/courses/${course.slug}/pricing`} className={tabClass}>
              Pricing
            </NavLink>
          ) : null}
          {canManage ? (
            <NavLink to={`/courses/${course.slug}/sales`} className={tabClass}>
              Sales
            </NavLink>
          ) : null}
          {canManage ? (
            <NavLink to={`/courses/${course.slug}/settings`} className={tabClass}>
              Settings
            </NavLink>
          ) : null}
        </nav>
      </div>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
