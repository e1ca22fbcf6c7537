import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/lib/errors";
import { getIcalFeed } from "~/services/calendar.server";

/**
 * `/calendar/<token>.ics`: the personal deadline feed calendar apps subscribe to. The secret
 * token in the URL is the only credential (calendar apps send no cookies).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const body = await getIcalFeed(params.token ?? "", new Date());
    return new Response(body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="coursework.ics"',
        "Cache-Control": "private, max-age=300",
        "X-Robots-Tag": "noindex",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      return new Response("This calendar link does not work any more. Make a new one in Coursework under Settings → Calendar feed.\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
      });
    }
    throw error;
  }
}
