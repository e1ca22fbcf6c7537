import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { gradebookCsvExport } from "~/services/gradebook-export.server";
import { loadCourseAccess } from "~/services/permissions.server";

/**
 * The gradebook as CSV, one row per student, streamed: students are read in small keyset
 * batches and each batch is written as soon as it is ready, and only once the client has taken
 * the previous one (server.mjs's `backpressure` in the load context; without it, e.g. under
 * `remix vite:dev`, batches follow each other as fast as they are made), so memory stays flat
 * whatever the class size and the client's speed. Cells are the final (late-penalised) scores, "EX"
 * when excused; formula-injection safe.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, source } = await handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const sectionId = new URL(request.url).searchParams.get("section") || null;
    return { course, source: await gradebookCsvExport(user, course.id, new Date(), { sectionId }) };
  });
  const encoder = new TextEncoder();
  const iterator = source.chunks();
  const drained = typeof context.backpressure === "function" ? (context.backpressure as () => () => Promise<boolean>)() : null;
  // highWaterMark 0: a batch is made only when the writer asks for the next chunk, never ahead.
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(source.header));
      },
      async pull(controller) {
        if (drained && !(await drained())) {
          // The client went away: stop reading students.
          await iterator.return(undefined);
          return controller.close();
        }
        const next = await iterator.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await iterator.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${course.slug}-gradebook.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
