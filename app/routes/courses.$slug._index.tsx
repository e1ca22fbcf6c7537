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
import { CourseDates, CourseSummary, HeadCounts, ROLE_LABEL, TeachingTeam } from "~/components/course-about";
import { getCourseAbout, getCourseHome, selfEnroll, selfEnrollSchema } from "~/services/courses.server";
import { getCourseHomePlan } from "~/services/study.server";
import { StudyPlan, packModules } from "~/components/study-plan";
import { Link } from "@remix-run/react";
import { toJsonText, useJsonText } from "~/lib/json-text";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "Course"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const slug = params.slug ?? "";
    const home = await getCourseHome(user, slug);
    const url = new URL(request.url);
    const preview = url.searchParams.get("preview") === "student" && home.access.isStaff;
    // Learners get their study plan; "About this course" is then a tab away. Visitors and staff get it here.
    const studying = home.access.role === "STUDENT" || preview;
    const [plan, about] = await Promise.all([
      studying ? getCourseHomePlan(user, home.course.id, new Date(), preview, modulesPageOf(request.url)) : null,
      studying ? null : getCourseAbout(user, slug),
    ]);
    const cancelled = url.searchParams.get("checkout") === "cancelled";
    // A page of the plan is ~300 values: as one JSON text it costs the serializer a third (lib/json-text.ts),
    // and its modules and items go as tuples (packModules).
    return { ...home, plan: plan && toJsonText({ ...plan, modules: packModules(plan.modules) }), about, viewerZone: user.timeZone, isAdmin: user.isAdmin, cancelled };
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

export default function CourseHome() {
  const { course, access, about, viewerZone, plan: planText, price, purchase, isAdmin, cancelled } = useLoaderData<typeof loader>();
  const plan = useJsonText(planText);
  const { message, fieldErrors } = useFormErrors();
  const enrolled = Boolean(access.role);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <h1 className="sr-only">{course.title}</h1>
        {plan?.preview ? (
          <Alert tone="info" title="Previewing as a student">
            This is what a student who starts today sees. <Link to={`/courses/${course.slug}`}>Leave preview</Link>
          </Alert>
        ) : null}
        {plan ? <StudyPlan slug={course.slug} {...plan} /> : null}
        {about ? (
          <Card>
            <h2 className="mb-2 text-lg font-semibold">About this course</h2>
            <CourseSummary summaryHtml={about.summaryHtml} />
          </Card>
        ) : null}
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
          <div className="mt-4">
            <CourseDates startsAt={course.startsAt} endsAt={course.endsAt} zone={viewerZone} />
          </div>
        </Card>
        {about ? (
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Teaching team</h2>
            <TeachingTeam staff={about.staff} />
            {access.isStaff ? (
              <p className="mt-4 flex flex-wrap gap-3 text-sm">
                <Link to={`/courses/${course.slug}/modules`}>Edit modules</Link>
                <Link to={`/courses/${course.slug}?preview=student`}>Preview as student</Link>
                <Link to={`/courses/${course.slug}/progress`}>Class progress</Link>
              </p>
            ) : null}
            {access.isStaff ? <HeadCounts counts={about.counts} /> : null}
          </Card>
        ) : null}
      </aside>
    </div>
  );
}
