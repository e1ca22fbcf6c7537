import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { previewPost, previewSchema } from "~/services/posts.server";

/** Live Markdown preview: the same server-side sanitizer as a saved post. */
export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    await requireUser(request);
    return previewPost(await parseForm(request, previewSchema));
  });
}
