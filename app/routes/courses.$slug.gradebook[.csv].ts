import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { csvLine, gradebookCsvHeader, gradebookCsvRow } from "~/services/grade-import.server";
import { gradebookBatches } from "~/services/gradebook.server";
import { loadCourseAccess } from "~/services/permissions.server";

/**
 * The gradebook as CSV, one row per student, streamed: students are read in batches of 500
 * (keyset on the enrollment id) and written as they come, so memory stays flat. Cells are the
 * final (late-penalised) scores, "EX" when excused; formula-injection safe.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, source } = await handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const sectionId = new URL(request.url).searchParams.get("section") || null;
    return { course, source: await gradebookBatches(user, course.id, new Date(), { sectionId }) };
  });
  const encoder = new TextEncoder();
  const iterator = source.batches();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(gradebookCsvHeader(source.columns))));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((row) => csvLine(gradebookCsvRow(source.columns, row))).join("")));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${course.slug}-gradebook.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
