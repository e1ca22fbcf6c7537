import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BuyBox, RevokedNotice } from "~/components/buy-box";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { modulesPageOf } from "~/lib/page-window";
import { formatDate } from "~/lib/time";
import { getCourseHome, selfEnroll, selfEnrollSchema } from "~/services/courses.server";
import { getCourseHomePlan } from "~/services/study.server";
import { StudyPlan } from "~/components/study-plan";
import { Link } from "@remix-run/react";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "Course"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const home = await getCourseHome(user, params.slug ?? "");
    const preview = new URL(request.url).searchParams.get("preview") === "student" && home.access.isStaff;
    const modulesPage = modulesPageOf(request.url);
    const plan = home.access.role === "STUDENT" || preview ? await getCourseHomePlan(user, home.course.id, new Date(), preview, modulesPage) : null;
    const cancelled = new URL(request.url).searchParams.get("checkout") === "cancelled";
    return { ...home, plan, viewerZone: user.timeZone, isAdmin: user.isAdmin, cancelled };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, selfEnrollSchema);
    const result = await selfEnroll(user, params.slug ?? "", input, new Date());
    return redirect(`/courses/${result.slug}?enrolled=1`);
  });
}

const ROLE_LABEL = { INSTRUCTOR: "Instructor", TA: "Teaching assistant", STUDENT: "Student" } as const;

export default function CourseHome() {
  const { course, access, staff, counts, viewerZone, plan, price, purchase, isAdmin, cancelled } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  const enrolled = Boolean(access.role);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        {plan?.preview ? (
          <Alert tone="info" title="Previewing as a student">
            This is what a student who starts today sees. <Link to={`/courses/${course.slug}`}>Leave preview</Link>
          </Alert>
        ) : null}
        {plan ? <StudyPlan slug={course.slug} {...plan} /> : null}
        <Card>
          <h1 className="sr-only">{course.title}</h1>
          <h2 className="mb-2 text-lg font-semibold">About this course</h2>
          {course.summaryHtml ? (
            <div className="prose-content" dangerouslySetInnerHTML={{ __html: course.summaryHtml }} />
          ) : (
            <p className="text-slate-600">No summary yet.</p>
          )}
        </Card>
      </div>
      <aside className="space-y-6" aria-label="Course details">
        <Card>
          <h2 className="mb-3 text-lg font-semibold">{enrolled ? "You are enrolled" : price ? "Buy this course" : "Join this course"}</h2>
          {purchase?.revoked ? <RevokedNotice revoked={purchase.revoked} zone={viewerZone} /> : null}
          {enrolled ? (
            <>
              <p className="text-slate-700">Your role: {ROLE_LABEL[access.role!]}</p>
              {price && access.role === "STUDENT" ? (
                <p className="mt-2 text-sm">
                  <Link to="/orders">Your orders and receipts</Link>
                </p>
              ) : null}
            </>
          ) : price && purchase ? (
            course.status === "PUBLISHED" ? (
              <BuyBox slug={course.slug} priceLabel={price.label} purchase={purchase} isAdmin={isAdmin} cancelled={cancelled} />
            ) : (
              <Alert tone="info">This course is not open for enrollment yet.</Alert>
            )
          ) : course.selfEnrollment && course.status === "PUBLISHED" ? (
            <>
              <FormMessage message={message} />
              <Form method="post" noValidate>
                {course.needsCode ? (
                  <Field label="Enrollment code" name="code" required errors={fieldErrors.code} hint="Your instructor gave you this code." />
                ) : null}
                <Button className="w-full">Enroll for free</Button>
              </Form>
            </>
          ) : (
            <Alert tone="info">This course is by invitation. Ask the instructor to add you.</Alert>
          )}
          <dl className="mt-4 space-y-1 text-sm text-slate-700">
            <div>
              <dt className="inline font-medium">Starts: </dt>
              <dd className="inline">{course.startsAt ? formatDate(course.startsAt, viewerZone) : "Any time"}</dd>
            </div>
            <div>
              <dt className="inline font-medium">Ends: </dt>
              <dd className="inline">{course.endsAt ? formatDate(course.endsAt, viewerZone) : "No end date"}</dd>
            </div>
          </dl>
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Teaching team</h2>
          <ul className="space-y-1 text-slate-800">
            {staff.map((s, i) => (
              <li key={i}>
                {s.name} <span className="text-sm text-slate-600">({ROLE_LABEL[s.role]})</span>
              </li>
            ))}
          </ul>
          {access.isStaff ? (
            <p className="mt-4 flex flex-wrap gap-3 text-sm">
              <Link to={`/courses/${course.slug}/modules`}>Edit modules</Link>
              <Link to={`/courses/${course.slug}?preview=student`}>Preview as student</Link>
              <Link to={`/courses/${course.slug}/progress`}>Class progress</Link>
            </p>
          ) : null}
          {access.isStaff ? (
            <p className="mt-4 text-sm text-slate-700">
              {counts.STUDENT ?? 0} students · {counts.TA ?? 0} TAs · {counts.INSTRUCTOR ?? 0} instructors
            </p>
          ) : null}
        </Card>
      </aside>
    </div>
  );
}
