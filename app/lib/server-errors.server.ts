import { isRouteErrorResponse } from "@remix-run/react";

/**
 * What the server logs of an error Remix hands to `handleError` (app/entry.server.tsx). An unknown
 * URL (Remix's "No route matches" 404) is a visitor's mistake, answered by the 404 page: logging
 * it with a stack trace only buried real failures, so it is not logged. Neither is an error of a
 * request the client gave up on: its signal was aborted (`remix vite:dev`), or the load context's
 * `clientGone()` says so (server.mjs, which links no AbortSignal to requests). Everything else is
 * logged whole, as Remix would.
 */
export function reportServerError(error: unknown, { request, context }: { request: Request; context?: unknown }, log: (error: unknown) => void = console.error): void {
  if (request.signal.aborted || clientGone(context)) return;
  if (isRouteErrorResponse(error) && error.status === 404) return;
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  log(inner ?? error);
}

function clientGone(context: unknown): boolean {
  const check = (context as { clientGone?: unknown } | undefined)?.clientGone;
  return typeof check === "function" && check() === true;
}
