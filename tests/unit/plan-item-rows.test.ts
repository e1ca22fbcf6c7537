/**
 * The study plan writes its item rows as an HTML string (planItemsHtml); here that string is
 * compared with what React writes for the same rows as elements, for hostile and plain text.
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { planItemsHtml, type PlanItem } from "~/components/study-plan";
import { escapeHtml } from "~/lib/html";

const KIND: Record<string, string> = { LESSON: "Lesson", VIDEO: "Video", FILE: "File", ASSIGNMENT: "Assignment", DISCUSSION: "Discussion" };
const STATE = { COMPLETE: "Done", AVAILABLE: "To do", LOCKED: "Locked" } as const;

/** The rows as React elements: the markup planItemsHtml promises. */
function reactRows(slug: string, items: PlanItem[]): string {
  return renderToStaticMarkup(
    h(
      "ul",
      null,
      items.map((i) =>
        h(
          "li",
          { key: i.id, className: "plan-item" },
          h("span", { className: "plan-kind" }, KIND[i.kind] ?? i.kind),
          i.state === "LOCKED" ? h("span", { className: "text-slate-600" }, i.title) : h("a", { href: `/courses/${slug}/items/${i.id}`, "data-discover": "true" }, i.title),
          h("span", { className: i.state === "COMPLETE" ? "plan-state plan-state-done" : "plan-state" }, i.state === "LOCKED" && i.lockText ? `Locked: ${i.lockText}` : STATE[i.state]),
        ),
      ),
    ),
  );
}
const stringRows = (slug: string, items: PlanItem[]) => `<ul>${planItemsHtml(slug, items)}</ul>`;

const item = (over: Partial<PlanItem>): PlanItem => ({ id: "i1", title: "Welcome", kind: "LESSON", state: "AVAILABLE", lockText: null, ...over });

describe("planItemsHtml", () => {
  it("writes what React writes for every state and kind", () => {
    const items: PlanItem[] = [];
    for (const state of ["AVAILABLE", "COMPLETE", "LOCKED"] as const)
      for (const kind of [...Object.keys(KIND), "SOMETHING_NEW"])
        for (const lockText of [null, "Opens Tue 3 Mar, 09:00 your time"]) items.push(item({ id: `${state}-${kind}-${items.length}`, title: `${kind} ${state}`, kind, state, lockText }));
    expect(stringRows("intro-101", items)).toBe(reactRows("intro-101", items));
  });

  it("escapes titles, lock texts, kinds and ids exactly as React does", () => {
    const hostile = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;
    const items = [
      item({ title: hostile }),
      item({ id: `a"b'<c>&`, title: "Tom & Jerry's \"best\"" }),
      item({ state: "LOCKED", title: hostile, lockText: `Complete "<b>Module 2</b>" & 'more' first` }),
      item({ kind: `<i>"odd"</i>`, title: "Ünïcödé — ✓ 日本語" }),
    ];
    const html = stringRows("c&'\"<>", items);
    expect(html).toBe(reactRows("c&'\"<>", items));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
  });

  it("writes nothing for a module without items", () => {
    expect(planItemsHtml("c", [])).toBe("");
  });
});

describe("escapeHtml", () => {
  it("replaces the five special characters with React's entities and leaves other text as it is", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#x27;");
    expect(escapeHtml("plain text, ünïcode ✓")).toBe("plain text, ünïcode ✓");
    expect(escapeHtml("")).toBe("");
    expect(escapeHtml("a & b & c")).toBe("a &amp; b &amp; c");
  });
});
