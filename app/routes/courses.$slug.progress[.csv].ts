import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/lib/csv-response.server";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { classProgressCsvExport } from "~/services/class-progress-export.server";
import { loadCourseAccess } from "~/services/permissions.server";

/** Class progress as CSV (`?section=` for one section), one row per student, streamed; formula-injection safe. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, source } = await handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const sectionId = new URL(request.url).searchParams.get("section") || null;
    return { course, source: await classProgressCsvExport(user, course.id, new Date(), { sectionId }) };
  });
  return csvDownload(source, `${course.slug}-progress.csv`, context);
}
