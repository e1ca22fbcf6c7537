import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { jsonAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { saveVideoProgress } from "~/services/video-progress.server";

/** Longest video we take progress for; also the bound on any reported time. */
const MAX_SECONDS = 24 * 3600;
const seconds = (what: string) =>
  z.coerce
    .number({ error: `Send the ${what} as a number of seconds.` })
    .min(0, `The ${what} cannot be negative.`)
    .max(MAX_SECONDS, `The ${what} cannot be more than 24 hours.`);
const progressSchema = z
  .object({
    position: seconds("position"),
    from: seconds("start of the watched span"),
    to: seconds("end of the watched span"),
    duration: z.coerce
      .number({ error: "Send the duration as a number of seconds." })
      .positive("The duration must be longer than 0 seconds.")
      .max(MAX_SECONDS, "The duration cannot be more than 24 hours."),
  })
  .refine((v) => v.to >= v.from, { path: ["to"], error: "The watched span cannot end before it starts." });

/** The video player reports where the learner is and what they actually watched. */
export async function action({ request, params }: ActionFunctionArgs) {
  return jsonAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, progressSchema);
    return { ok: true as const, ...(await saveVideoProgress(user, params.itemId ?? "", input, new Date())) };
  });
}
