import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { saveVideoProgress } from "~/services/study.server";

const seconds = z.coerce.number().finite().min(0).max(24 * 3600);
const progressSchema = z.object({ position: seconds, from: seconds, to: seconds, duration: z.coerce.number().finite().positive().max(24 * 3600) });

/** The video player reports where the learner is and what they actually watched. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, progressSchema);
    return { ok: true as const, ...(await saveVideoProgress(user, params.itemId ?? "", input, new Date())) };
  });
}
