import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAction } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { submissionNotice, submitFromRequest } from "~/services/submission-uploads.server";

/** JSON twin of the assignment page's submit action, for the XHR upload with a progress bar. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await handleAction(async () => {
    const submission = await submitFromRequest(user, params.assignmentId ?? "", request, new Date());
    return { ok: true as const, notice: submissionNotice(submission) };
  });
  return "init" in result ? Response.json(result.data, result.init ?? undefined) : Response.json(result);
}
