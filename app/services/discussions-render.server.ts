import { renderMarkdown } from "~/lib/markdown.server";

const imageAllowed = (src: string) => /^\/files\/[\w-]+$/.test(src) || /^https:\/\/[^/]/i.test(src);

/**
 * A post's Markdown as safe HTML: the app's sanitizer (lib/markdown.server.ts, which keeps
 * rendered texts), then a stricter rule for user posts: images only from our /files or over https
 * (no relative URLs that would make every reader's browser send a GET to one of our routes). The
 * sanitizer's output is normalized (attribute values quoted, with <, >, " escaped), so matching
 * its <img> tags is exact.
 */
export function renderPostHtml(body: string): string {
  const html = renderMarkdown(body);
  if (!html.includes("<img")) return html;
  return html.replace(/<img\b[^>]*>/g, (tag) => {
    const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
    return src && imageAllowed(src.replace(/&amp;/g, "&")) ? tag : "";
  });
}
