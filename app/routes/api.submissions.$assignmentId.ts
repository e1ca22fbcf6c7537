import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonAction } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { submissionNotice, submitFromRequest } from "~/services/submission-uploads.server";

/** JSON twin of the assignment page's submit action, for the XHR upload with a progress bar. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return jsonAction(async () => {
    const submission = await submitFromRequest(user, params.assignmentId ?? "", request, new Date());
    return { ok: true as const, notice: submissionNotice(submission) };
  });
}
