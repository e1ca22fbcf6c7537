import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/lib/csv-response.server";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { gradebookCsvExport } from "~/services/gradebook-export.server";
import { loadCourseAccess } from "~/services/permissions.server";

/**
 * The gradebook as CSV, one row per student, streamed in small keyset batches with flat memory
 * (lib/csv-response.server.ts). Cells are the final (late-penalised) scores, "EX" when excused;
 * formula-injection safe.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, source } = await handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const sectionId = new URL(request.url).searchParams.get("section") || null;
    return { course, source: await gradebookCsvExport(user, course.id, new Date(), { sectionId }) };
  });
  return csvDownload(source, `${course.slug}-gradebook.csv`, context);
}
