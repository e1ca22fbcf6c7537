import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationIdSchema,
  notificationsQuerySchema,
} from "~/services/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const url = new URL(request.url);
    const query = parseInput(notificationsQuerySchema, Object.fromEntries(url.searchParams));
    return { ...(await listNotifications(user, query, new Date())), zone: user.timeZone };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const form = await readForm(request);
    const now = new Date();
    if (form.intent === "read-all") {
      const count = await markAllNotificationsRead(user, now);
      return { ok: true as const, message: count === 1 ? "Marked 1 notification as read." : `Marked ${count} notifications as read.` };
    }
    if (form.intent === "read") {
      await markNotificationRead(user, parseInput(notificationIdSchema, form).notificationId, now);
      return { ok: true as const, message: "Marked as read." };
    }
    return { ok: false as const, message: "Unknown action." };
  });
}

export default function Notifications() {
  const { items, unread, next, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div>
      <PageHeader
        title="Notifications"
        subtitle={`${unread === 0 ? "Nothing unread" : unread === 1 ? "1 unread" : `${unread} unread`}. Times are shown in ${zone.replaceAll("_", " ")}.`}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <Button variant="secondary">Mark all as read</Button>
            </Form>
          ) : null
        }
      />
      {result ? <Alert tone={result.ok ? "success" : "error"} title={result.message} /> : null}
      {items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">
          {params.get("after") ? "No older notifications." : "No notifications yet. You'll hear here when someone mentions you or posts in a discussion you follow."}
        </p>
      ) : (
        <ol className="space-y-2" aria-label="Notifications">
          {items.map((n) => (
            <li
              key={n.id}
              className={`rounded-lg border bg-white p-4 ${n.read ? "border-slate-200" : "border-l-4 border-brand-700"}`}
              aria-label={`${n.read ? "" : "Unread: "}${n.sentence}`}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className={n.read ? "text-slate-800" : "font-semibold text-slate-900"}>
                    {n.read ? null : <span className="mr-2 rounded bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">Unread</span>}
                    {n.href ? (
                      <Link to={n.href} reloadDocument>
                        {n.sentence}
                      </Link>
                    ) : (
                      n.sentence
                    )}
                  </p>
                  {n.excerpt ? <p className="mt-1 text-sm text-slate-700">{n.excerpt}</p> : null}
                  <p className="mt-1 text-sm text-slate-600">
                    {n.course ? `${n.course.title} · ` : ""}
                    <time dateTime={new Date(n.createdAt).toISOString()}>{formatDateTime(n.createdAt, zone)}</time>
                  </p>
                </div>
                {n.read ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="notificationId" value={n.id} />
                    <Button variant="ghost" className="px-2 py-1" aria-label={`Mark as read: ${n.sentence}`}>
                      Mark as read
                    </Button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Notification pages" className="mt-4 flex gap-4 text-sm">
        {params.get("after") ? <Link to="/notifications">Newest</Link> : null}
        {next ? <Link to={`?after=${next}`}>Older notifications</Link> : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
