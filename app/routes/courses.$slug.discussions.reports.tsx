import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { dismissReport, listOpenReports, muteSchema, muteUser, resolveReportSchema } from "~/services/moderation.server";

export const meta: MetaFunction = () => [{ title: "Reported posts · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ ...(await listOpenReports(user, { slug: params.slug })), zone: user.timeZone }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const form = await readForm(request);
    const ref = { slug: params.slug };
    if (form.intent === "dismiss") {
      await dismissReport(user, ref, parseInput(resolveReportSchema, form));
      return { ok: true as const, message: "Report dismissed." };
    }
    if (form.intent === "mute" || form.intent === "unmute") {
      await muteUser(user, ref, parseInput(muteSchema, form), form.intent === "mute");
      return { ok: true as const, message: form.intent === "mute" ? "Muted: they can read but not post." : "Unmuted." };
    }
    return { ok: false as const, message: "Unknown action." };
  });
}

/** Staff queue of open reports: open the post to hide it, dismiss the report, or mute the author. */
export default function Reports() {
  const { course, reports, muted, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok: boolean; message?: string } | undefined;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/discussions`}>All discussions</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold text-slate-900">Reported posts</h1>
      {result?.ok === false ? <FormMessage message={result.message} /> : result?.message ? <Alert tone="success" title={result.message} /> : null}
      {reports.length === 0 ? <p className="mt-4 text-slate-600">No open reports.</p> : null}
      <ul className="mt-4 space-y-3">
        {reports.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-sm text-slate-600">
              {r.reporter} reported a post by {r.author} in <Link to={`/courses/${course.slug}/discussions/${r.discussion.id}#post-${r.postId}`}>{r.discussion.title}</Link> on{" "}
              {formatDateTime(r.createdAt, zone)}
              {r.hidden ? " · already hidden" : ""}
            </p>
            <p className="mt-1 font-medium">Reason: {r.reason}</p>
            <blockquote className="mt-2 whitespace-pre-wrap border-l-4 border-slate-300 pl-3 text-slate-800">{r.body ?? "(deleted)"}</blockquote>
            <div className="mt-2 flex flex-wrap gap-2">
              <Form method="post">
                <input type="hidden" name="intent" value="dismiss" />
                <input type="hidden" name="reportId" value={r.id} />
                <Button variant="secondary">Dismiss report</Button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="mute" />
                <input type="hidden" name="userId" value={r.authorId} />
                <Button variant="danger">Mute {r.author}</Button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      <h2 className="mt-8 text-lg font-semibold">Muted students</h2>
      {muted.length === 0 ? <p className="mt-2 text-slate-600">Nobody is muted.</p> : null}
      <ul className="mt-2 space-y-2">
        {muted.map((m) => (
          <li key={m.userId} className="flex flex-wrap items-center gap-3">
            <span>
              {m.name} · since {formatDateTime(m.since, zone)}
              {m.reason ? ` · ${m.reason}` : ""}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="unmute" />
              <input type="hidden" name="userId" value={m.userId} />
              <Button variant="secondary">Unmute {m.name}</Button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
