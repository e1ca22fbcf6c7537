import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CourseDates, CourseSummary, HeadCounts, TeachingTeam } from "~/components/course-about";
import { Card } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getCourseAbout } from "~/services/courses.server";

export const meta: MetaFunction = () => [{ title: "About this course · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ ...(await getCourseAbout(user, params.slug ?? "")), viewerZone: user.timeZone }));
}

/** "About this course": the summary, dates and teaching team (students' course home leaves them to this tab). */
export default function CourseAbout() {
  const { summaryHtml, startsAt, endsAt, staff, counts, isStaff, viewerZone } = useLoaderData<typeof loader>();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2" aria-labelledby="about-course">
        <h1 id="about-course" className="mb-2 text-lg font-semibold">
          About this course
        </h1>
        <CourseSummary summaryHtml={summaryHtml} />
      </Card>
      <aside className="space-y-6" aria-label="Course details">
        <Card aria-labelledby="course-dates">
          <h2 id="course-dates" className="mb-3 text-lg font-semibold">
            Dates
          </h2>
          <CourseDates startsAt={startsAt} endsAt={endsAt} zone={viewerZone} />
        </Card>
        <Card aria-labelledby="teaching-team">
          <h2 id="teaching-team" className="mb-3 text-lg font-semibold">
            Teaching team
          </h2>
          <TeachingTeam staff={staff} />
          {isStaff ? <HeadCounts counts={counts} /> : null}
        </Card>
      </aside>
    </div>
  );
}
