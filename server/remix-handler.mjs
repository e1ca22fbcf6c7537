/**
 * Node's HTTP request → Remix → Node's HTTP response: turns each request into a Fetch `Request`,
 * runs Remix's handler and writes its `Response` back. What @remix-run/express does (the same URL,
 * headers, streamed request body and response writing), without Express, and with two differences
 * that keep each request's objects short-lived (docs/decisions.md, "No Express"):
 *
 * - Express gives every request and response a new prototype (`Object.setPrototypeOf`). With V8 on
 *   Node 20 that keeps them and all they reach (the request's body stream, the Remix Request,
 *   the rows read for it) alive through the next young-generation collection: measured, an
 *   Express "hello" answering a POST promoted ~20 % of what it allocated to the old generation,
 *   plain `node:http` 0 %, and young collections took 4-6 ms instead of 0.3 ms.
 * - The Request is not linked to an AbortController that fires when the client goes away: on
 *   Node 20 that link is a WeakRef, a FinalizationRegistry entry and an abort listener a request,
 *   ~20 µs of CPU and again objects kept through young collections. What is given up: a loader
 *   still running when its client disconnects is not told so. Loaders and actions here take
 *   milliseconds and never looked; long responses (CSV exports, downloads) stop through the load
 *   context's `backpressure()` (server.mjs), which reports a client that has gone; its `clientGone()`
 *   keeps errors of abandoned requests out of the log (app/lib/server-errors.server.ts).
 */
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";

/** The host name of a Host header value, without its port (IPv6 literals keep their brackets). */
const hostnameOf = (host) => {
  const index = host.indexOf(":", host.startsWith("[") ? host.indexOf("]") + 1 : 0);
  return index === -1 ? host : host.slice(0, index);
};
const portOf = (host) => {
  const match = /:(\d+)$/.exec(host ?? "");
  return match ? Number(match[1]) : null;
};

/**
 * The URL Remix sees, as the Express adapter built it without "trust proxy": http, the Host
 * header's name, the port of X-Forwarded-Host (a proxy on another port) or else of Host.
 */
export function remixUrl(req) {
  const host = req.headers.host || "localhost";
  const port = portOf(req.headers["x-forwarded-host"]) ?? portOf(host);
  return `http://${hostnameOf(host)}${port ? `:${port}` : ""}${req.url}`;
}

function remixHeaders(nodeHeaders) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(nodeHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/** The Fetch Request for a Node request; throws a TypeError when its URL cannot be parsed. */
export function remixRequest(req) {
  const init = { method: req.method, headers: remixHeaders(req.headers) };
  if (req.method !== "GET" && req.method !== "HEAD") {
    // Streamed, never read whole here: uploads go to disk as they arrive.
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(remixUrl(req), init);
}

/** Writes a Fetch Response to a Node response, body streamed. */
export async function sendResponse(res, response) {
  res.statusCode = response.status;
  res.statusMessage = response.statusText;
  for (const [key, value] of response.headers.entries()) res.appendHeader(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** A 500 for an error no route handled (logged whole), or a cut connection once the answer has started. */
export function failRequest(res, error) {
  console.error(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("Internal Server Error");
}

/** `(req, res) => Promise<void>` answering every request with the Remix `build`; `getLoadContext(req, res)` gives each request's context. */
export function remixHandler({ build, mode, getLoadContext }) {
  const handle = createRequestHandler(build, mode);
  return async (req, res) => {
    try {
      await sendResponse(res, await handle(remixRequest(req), getLoadContext?.(req, res)));
    } catch (error) {
      failRequest(res, error);
    }
  };
}
