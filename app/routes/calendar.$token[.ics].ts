import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/lib/errors";
import { acceptsGzip } from "~/lib/http.server";
import { loadIcalFeed } from "~/services/ical-feed.server";

/**
 * `/calendar/<token>.ics`: the personal deadline feed calendar apps subscribe to. The secret
 * token in the URL is the only credential (calendar apps send no cookies).
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  try {
    const feed = await loadIcalFeed(params.token ?? "", new Date());
    // The gzip form is made once per version: sent as is (compression passes encoded bodies by), with its own ETag.
    const gzipped = acceptsGzip(request.headers.get("accept-encoding"));
    const etag = gzipped ? feed.etag.replace(/"$/, '-gzip"') : feed.etag;
    const headers = {
      "Cache-Control": "private, max-age=300",
      ETag: etag,
      Vary: "Accept-Encoding",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    };
    const known = request.headers.get("if-none-match")?.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    if (known?.includes(etag)) return new Response(null, { status: 304, headers });
    return new Response(gzipped ? feed.gzipped : feed.text, {
      headers: {
        ...headers,
        ...(gzipped ? { "Content-Encoding": "gzip" } : {}),
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="coursework.ics"',
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
