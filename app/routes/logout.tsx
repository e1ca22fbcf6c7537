import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertSameOrigin, handleAction } from "~/lib/http.server";
import { destroySessionCookie, readSessionId } from "~/lib/session.server";
import { logOut } from "~/services/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    assertSameOrigin(request);
    const sessionId = await readSessionId(request);
    if (sessionId) await logOut(sessionId);
    return redirect("/", { headers: { "Set-Cookie": await destroySessionCookie() } });
  });
}

export async function loader() {
  return redirect("/");
}
