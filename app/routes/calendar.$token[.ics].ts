import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/lib/errors";
import { loadIcalFeed } from "~/services/ical-feed.server";

/**
 * `/calendar/<token>.ics`: the personal deadline feed calendar apps subscribe to. The secret
 * token in the URL is the only credential (calendar apps send no cookies).
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  try {
    const feed = await loadIcalFeed(params.token ?? "", new Date());
    const headers = {
      "Cache-Control": "private, max-age=300",
      ETag: feed.etag,
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    };
    const known = request.headers.get("if-none-match")?.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    if (known?.includes(feed.etag)) return new Response(null, { status: 304, headers });
    return new Response(feed.text, {
      headers: { ...headers, "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'inline; filename="coursework.ics"' },
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
