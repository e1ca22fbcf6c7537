import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { getEnv } from "~/lib/env.server";
import { acceptsGzip, responseBytes } from "~/lib/http.server";
import { reportServerError } from "~/lib/server-errors.server";
import { startJobWorker } from "~/integrations/jobs/worker.server";

// Validate configuration at start-up: a bad variable stops the server with a clear message.
getEnv();
startJobWorker();

const ABORT_DELAY = 5_000;
/** Same level as server.mjs's compression middleware (COMPRESSION_LEVEL, default 1). */
const configuredLevel = Number(process.env.COMPRESSION_LEVEL ?? 1);
const GZIP_LEVEL = Number.isInteger(configuredLevel) ? Math.min(9, Math.max(0, configuredLevel)) : 1;

/**
 * The page, gzipped here in one synchronous call when the client takes gzip: the whole page is
 * already one buffer, and the compression middleware's streaming gzip (a Transform stream and a
 * thread-pool round trip per chunk) cost more CPU and latency than compressing it at once. The
 * middleware passes an encoded body by.
 */
function compressed(request: Request, html: Buffer, headers: Headers): Uint8Array<ArrayBuffer> {
  if (html.length < 1024 || !acceptsGzip(request.headers.get("accept-encoding"))) return responseBytes(html);
  headers.set("Content-Encoding", "gzip");
  headers.append("Vary", "Accept-Encoding");
  return responseBytes(gzipSync(html, { level: GZIP_LEVEL }));
}

/** Logs server errors, except unknown URLs and abandoned requests (see reportServerError). */
export const handleError: HandleErrorFunction = (error, args) => reportServerError(error, args);

/**
 * Renders the whole page, then answers with it in one piece. No loader defers data (every page's
 * data is ready before rendering starts), so streaming the shell first would gain nothing, while
 * piping React's many small chunks through a Node stream, a web stream and back cost more CPU
 * than rendering itself; one buffer is also compressed in one go and sent with its length.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  return new Promise((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      onAllReady() {
        const chunks: Buffer[] = [];
        // A bare collector: no readable side to pass chunks through, and no "close" event (React
        // answers one by ending the stream again, which built an ERR_STREAM_ALREADY_FINISHED error).
        const body = new Writable({
          emitClose: false,
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        });
        body.on("error", reject);
        body.on("finish", () => {
          clearTimeout(timer);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "same-origin");
          responseHeaders.set("X-Frame-Options", "DENY");
          resolve(new Response(compressed(request, Buffer.concat(chunks), responseHeaders), { headers: responseHeaders, status: failed ? 500 : responseStatusCode }));
        });
        pipe(body);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        failed = true;
        console.error(error);
      },
    });
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
