/**
 * The study plan writes its module cards and their item rows as HTML strings (planModulesHtml,
 * planItemsHtml) from the tuples the loader sends (packModules); here those strings, made from
 * packed modules, are compared with what React writes for the same cards and rows as elements
 * (the Card and ProgressBar components themselves) made from the service's objects, for hostile
 * and plain text. Equal markup also means packModules put every field in its place.
 */
import { Fragment, createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { packModules, planItemsHtml, planModulesHtml, type PlanItemFields, type PlanModuleFields } from "~/components/study-plan";
import { Card } from "~/components/ui/card";
import { ProgressBar } from "~/components/ui/progress-bar";
import { escapeHtml } from "~/lib/html";

const KIND: Record<string, string> = { LESSON: "Lesson", VIDEO: "Video", FILE: "File", ASSIGNMENT: "Assignment", DISCUSSION: "Discussion" };
const STATE = { COMPLETE: "Done", AVAILABLE: "To do", LOCKED: "Locked" } as const;

/** The rows as React elements: the markup planItemsHtml promises. */
const rowElements = (slug: string, items: readonly PlanItemFields[]) =>
  items.map(({ id, title, kind, state, lockText }) =>
    h(
      "li",
      { key: id, className: "plan-item" },
      h("span", { className: "plan-kind" }, KIND[kind] ?? kind),
      state === "LOCKED" ? h("span", { className: "text-slate-600" }, title) : h("a", { href: `/courses/${slug}/items/${id}`, "data-discover": "true" }, title),
      h("span", { className: state === "COMPLETE" ? "plan-state plan-state-done" : "plan-state" }, state === "LOCKED" && lockText ? `Locked: ${lockText}` : STATE[state]),
    ),
  );
const reactRows = (slug: string, items: readonly PlanItemFields[]) => renderToStaticMarkup(h("ul", null, rowElements(slug, items)));
/** The module cards as React elements: the markup planModulesHtml promises. */
function reactModules(slug: string, modules: PlanModuleFields[]): string {
  return renderToStaticMarkup(
    h(
      "ol",
      null,
      modules.map((m) =>
        h(
          "li",
          { key: m.id },
          h(Card, {
            "aria-labelledby": `module-${m.id}`,
            children: h(
              Fragment,
              null,
              h(
                "div",
                { className: "mb-2 flex flex-wrap items-baseline justify-between gap-2" },
                h("h3", { id: `module-${m.id}`, className: "text-lg font-semibold" }, m.title),
                h("span", { className: "text-sm text-slate-600" }, m.complete ? "Complete" : m.locked ? "Locked" : `${m.done} of ${m.total} done`),
              ),
              m.locked && m.lockText ? h("p", { className: "mb-2 text-sm font-medium text-slate-800" }, m.lockText) : null,
              h(ProgressBar, { value: m.done, max: Math.max(1, m.total), label: `${m.title} progress` }),
              h("ul", { className: "mt-3 divide-y divide-slate-100" }, rowElements(slug, m.items)),
            ),
          }),
        ),
      ),
    ),
  );
}
const stringModules = (slug: string, modules: PlanModuleFields[]) => `<ol>${planModulesHtml(slug, packModules(modules))}</ol>`;

const item = (over: Partial<PlanItemFields>): PlanItemFields => ({ id: "i1", title: "Welcome", kind: "LESSON", state: "AVAILABLE", lockText: null, ...over });
const module = (over: Partial<PlanModuleFields>): PlanModuleFields => ({ id: "m1", title: "Week 1", done: 1, total: 2, complete: false, locked: false, lockText: null, items: [item({})], ...over });

/** The rows of one module, packed as the loader sends them, as HTML. */
const stringRows = (slug: string, items: PlanItemFields[]) => `<ul>${planItemsHtml(slug, packModules([module({ items })])[0][7])}</ul>`;

const HOSTILE = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;

/** The string markup is React's, and none of HOSTILE's tags survive as tags. */
function expectEscapedLikeReact(html: string, react: string) {
  expect(html).toBe(react);
  expect(html).not.toContain("<script>");
  expect(html).not.toContain("<img");
}

describe("planItemsHtml", () => {
  it("writes what React writes for every state and kind", () => {
    const items: PlanItemFields[] = [];
    for (const state of ["AVAILABLE", "COMPLETE", "LOCKED"] as const)
      for (const kind of [...Object.keys(KIND), "SOMETHING_NEW"])
        for (const lockText of [null, "Opens Tue 3 Mar, 09:00 your time"]) items.push(item({ id: `${state}-${kind}-${items.length}`, title: `${kind} ${state}`, kind, state, lockText }));
    expect(stringRows("intro-101", items)).toBe(reactRows("intro-101", items));
  });

  it("escapes titles, lock texts, kinds and ids exactly as React does", () => {
    const items = [
      item({ title: HOSTILE }),
      item({ id: `a"b'<c>&`, title: "Tom & Jerry's \"best\"" }),
      item({ state: "LOCKED", title: HOSTILE, lockText: `Complete "<b>Module 2</b>" & 'more' first` }),
      item({ kind: `<i>"odd"</i>`, title: "Ünïcödé — ✓ 日本語" }),
    ];
    expectEscapedLikeReact(stringRows("c&'\"<>", items), reactRows("c&'\"<>", items));
  });

  it("writes nothing for a module without items", () => {
    expect(planItemsHtml("c", [])).toBe("");
  });
});

describe("planModulesHtml", () => {
  it("writes what React writes for complete, locked, in-progress and empty modules", () => {
    const modules: PlanModuleFields[] = [
      module({}),
      module({ id: "m2", done: 2, total: 2, complete: true, items: [item({ state: "COMPLETE" }), item({ id: "i2", state: "COMPLETE" })] }),
      module({ id: "m3", done: 0, locked: true, lockText: "Opens Tue 3 Mar, 09:00 your time", items: [item({ state: "LOCKED" })] }),
      module({ id: "m4", done: 0, locked: true, lockText: null, items: [] }),
      module({ id: "m5", done: 0, total: 0, items: [] }),
      // A count past the total (an item unpublished after it was done) is drawn full, as ProgressBar clamps it.
      module({ id: "m6", done: 3, total: 2 }),
    ];
    expect(stringModules("intro-101", modules)).toBe(reactModules("intro-101", modules));
  });

  it("escapes ids, titles and lock texts exactly as React does", () => {
    const modules: PlanModuleFields[] = [
      module({ id: `a"b'<c>&`, title: HOSTILE }),
      module({ id: "m2", title: "Tom & Jerry's \"best\"", locked: true, done: 0, lockText: `Complete "<b>Module 2</b>" & 'more' first` }),
      module({ id: "m3", title: "Ünïcödé — ✓ 日本語", items: [item({ title: HOSTILE })] }),
    ];
    expectEscapedLikeReact(stringModules("c&'\"<>", modules), reactModules("c&'\"<>", modules));
  });

  it("writes nothing for an empty page", () => {
    expect(planModulesHtml("c", [])).toBe("");
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
