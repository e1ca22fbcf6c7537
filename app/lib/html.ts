const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const HAS_SPECIAL = /[&<>"']/;
const SPECIAL = /[&<>"']/g;

/** Text made safe for HTML text and quoted attribute values, with the same entities React writes. */
export function escapeHtml(text: string): string {
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ENTITY[c]) : text;
}
