import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; next: string }> = {
  400: { title: "Something in that request was not right", next: "Go back, check what you entered, and try again." },
  403: { title: "You don't have access to this", next: "If you think you should, ask the course's instructor or an administrator." },
  404: { title: "We couldn't find that page", next: "The link may be wrong or the page may have moved. Try your dashboard or the course catalog." },
  413: { title: "That was too large", next: "Try a smaller file or less text." },
  429: { title: "Too many attempts", next: "Wait a few minutes, then try again." },
  500: { title: "Something went wrong on our side", next: "Try again in a moment. If it keeps happening, tell your instructor or administrator." },
};

/** Per-status error page a person can act on; never shows a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 ? error.data : null;
  const { title, next } = MESSAGES[status] ?? MESSAGES[500];
  if (status >= 500 && !isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold text-slate-900">{title}</h1>
      {detail ? <p className="mt-4 text-slate-700">{detail}</p> : null}
      <p className="mt-4 text-slate-700">{next}</p>
      <div className="mt-8 flex justify-center gap-4">
        <Link to="/dashboard" className="font-semibold">
          Go to your dashboard
        </Link>
        <Link to="/courses" className="font-semibold">
          Browse courses
        </Link>
      </div>
    </div>
  );
}
