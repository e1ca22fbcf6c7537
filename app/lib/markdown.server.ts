import { Marked } from "marked";
import { TextCache } from "./text-cache";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  "img",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "del",
  "ins",
  "sup",
  "sub",
  "details",
  "summary",
];

/**
 * Markdown to safe HTML, on the server. Sanitizing is an allow-list: no
 * script/style/iframe, no event-handler attributes, and URLs only with http(s)
 * or mailto (images: https or our own /files paths), so `javascript:` and
 * `data:` links never reach the page.
 */
export function renderMarkdown(source: string): string {
  const hit = rendered.get(source);
  if (hit) return hit.text;
  const html = sanitize(marked.parse(source) as string);
  // Keys count too: long sources are not kept.
  if (source.length <= MEMO_MAX_SOURCE) rendered.set(source, { text: html });
  return html;
}

/**
 * Rendered HTML by source text. Parsing and sanitizing cost more than the rest of a page that
 * shows a course summary, a lesson or a page of posts, and the same texts are shown again and
 * again; the output is a pure function of the text (an edit is a new key), so nothing can go stale.
 */
const rendered = new TextCache<{ text: string }>(8_000_000);
const MEMO_MAX_SOURCE = 20_000;

function sanitize(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title", "width", "height"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    allowedClasses: { code: [/^language-[\w-]+$/] },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: "noopener noreferrer nofollow" },
      }),
    },
  });
}
