import { renderMarkdown } from "~/lib/markdown.server";

const imageAllowed = (src: string) => /^\/files\/[\w-]+$/.test(src) || /^https:\/\/[^/]/i.test(src);

/** Rendered bodies by source text: rendering is a pure function of the text, so any process may keep them. */
const cache = new Map<string, string>();
const CACHE_ENTRIES = 2_000;
const CACHE_MAX_CHARS = 4_000;

/**
 * A post's Markdown as safe HTML: the app's sanitizer (lib/markdown.server.ts), then a stricter
 * rule for user posts: images only from our /files or over https (no relative URLs that would make
 * every reader's browser send a GET to one of our routes). The sanitizer's output is normalized
 * (attribute values quoted, with <, >, " escaped), so matching its <img> tags is exact.
 *
 * Markdown parsing and sanitizing were the largest share of a thread page's own CPU, and the same
 * posts are read again and again: results are kept in a small least-recently-used map keyed by the
 * source text itself (an edit is a new text, so nothing can go stale; long posts are not kept).
 */
export function renderPostHtml(body: string): string {
  const hit = cache.get(body);
  if (hit !== undefined) {
    cache.delete(body);
    cache.set(body, hit);
    return hit;
  }
  const html = renderMarkdown(body).replace(/<img\b[^>]*>/g, (tag) => {
    const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
    return src && imageAllowed(src.replace(/&amp;/g, "&")) ? tag : "";
  });
  if (body.length <= CACHE_MAX_CHARS) {
    cache.set(body, html);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return html;
}
