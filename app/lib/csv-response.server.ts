/**
 * A CSV download streamed from an export's header and batches (the gradebook, class progress):
 * each batch is made only once the client has taken the previous one (server.mjs's
 * `backpressure` in the load context; without it, e.g. under `remix vite:dev`, batches follow
 * each other as fast as they are made), so memory stays flat whatever the class size and the
 * client's speed. A client that goes away stops the export.
 */
export type CsvSource = { header: string; chunks: () => AsyncGenerator<string> };

export function csvDownload(source: CsvSource, filename: string, context: Record<string, unknown> | undefined): Response {
  const encoder = new TextEncoder();
  const iterator = source.chunks();
  const backpressure = context?.backpressure;
  const drained = typeof backpressure === "function" ? (backpressure as () => () => Promise<boolean>)() : null;
  // highWaterMark 0: a batch is made only when the writer asks for the next chunk, never ahead.
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(source.header));
      },
      async pull(controller) {
        if (drained && !(await drained())) {
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
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
