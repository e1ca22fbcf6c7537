import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { openNotification } from "~/services/notifications.server";

/** Following a notification: marks it read, then goes to its post (404 for someone else's). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const to = await handleLoader(() => openNotification(user, params.notificationId ?? "", new Date()));
  return redirect(to);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** Never rendered: the loader always redirects or fails (the error boundary then shows a page). */
export default function OpenNotification() {
  return null;
}
