import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jsonAction, handleLoader, parseForm, parseInput } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { draftKeySchema, getDraft, saveDraft, saveDraftSchema } from "~/services/drafts.server";

/** GET ?key=… → the signed-in person's draft (or null). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const draft = await handleLoader(async () => getDraft(user, parseInput(draftKeySchema, new URL(request.url).searchParams.get("key") ?? "")));
  return Response.json({ draft }, { headers: { "Cache-Control": "private, no-store" } });
}

/** POST key + body (form-encoded) → saved; empty body deletes. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return jsonAction(async () => {
    const draft = await saveDraft(user, await parseForm(request, saveDraftSchema));
    return { ok: true as const, savedAt: draft?.updatedAt ?? null };
  });
}
