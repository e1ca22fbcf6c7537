import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createElement as h, Suspense, type ReactNode } from "react";
import { describe, expect, it } from "vitest";

// The production server renderer, whose writer scripts/patch-remix.mjs changes (4.): chunks are
// kept as text and encoded once per flush. Tests run with NODE_ENV=test, so React's own entry
// would load the development build: this requires the production file directly.
const require = createRequire(import.meta.url);
const cjs = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
const serverFile = path.join(cjs, "react-dom-server.node.production.min.js");
const { renderToPipeableStream } = require(serverFile) as typeof import("react-dom/server");
// The legacy string renderer (not patched) is the reference for a page without Suspense.
const { renderToString } = require(path.join(cjs, "react-dom-server-legacy.node.production.min.js")) as typeof import("react-dom/server");

/** Renders like entry.server.tsx (all data ready, then one pipe); `writes` counts the destination's writes. */
function render(node: ReactNode, when: "onAllReady" | "onShellReady" = "onAllReady"): Promise<{ html: string; writes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    body.on("finish", () => resolve({ html: Buffer.concat(chunks).toString("utf8"), writes: chunks.length }));
    const { pipe } = renderToPipeableStream(node, { [when]: () => pipe(body), onShellError: reject, onError: reject });
  });
}

const LONG = "Grüße aus Köln — 日本語のテキスト 🎓 ".repeat(200); // well over the old 2 kB buffer, multibyte throughout
/** The first `n` characters of LONG, whole code points (a lone surrogate is not text). */
const start = (n: number) => Array.from(LONG).slice(0, n).join("");

function Page({ rows }: { rows: number }) {
  return h(
    "main",
    { className: "page", "data-x": "a\"b<c>&'" },
    h("h1", null, "Plan ", "for ", rows, " rows"),
    h("ul", null, Array.from({ length: rows }, (_, i) => h("li", { key: i, className: i % 2 ? "odd" : "even" }, h("a", { href: `/items/${i}?a=1&b=2` }, `Item ${i} `, start(i)), h("span", null, i)))),
    h("p", null, LONG),
  );
}

describe("React's server writer (patched to write text)", () => {
  it("the installed production renderer is patched", () => {
    expect(readFileSync(serverFile, "utf8")).toContain("coursework: patched by scripts/patch-remix.mjs");
  });

  it("writes the same HTML as the string renderer, multibyte text and escaping included, in one write", async () => {
    for (const rows of [0, 1, 50, 400]) {
      const { html, writes } = await render(h(Page, { rows }));
      expect(html).toBe(renderToString(h(Page, { rows })));
      expect(writes).toBe(1);
    }
    const { html } = await render(h(Page, { rows: 3 }));
    expect(html).toContain(LONG);
    expect(html).toContain('data-x="a&quot;b&lt;c&gt;&amp;&#x27;"');
  });

  it("streams a Suspense boundary as before: the fallback first, the content in a later flush", async () => {
    let release!: () => void;
    const ready = new Promise<void>((resolve) => (release = resolve));
    let done = false;
    function Slow(): ReactNode {
      if (!done) throw ready.then(() => void (done = true));
      return h("p", null, `Loaded: ${start(50)}`);
    }
    const rendering = render(h("div", null, h("h1", null, "Shell"), h(Suspense, { fallback: h("p", null, "Loading…") }, h(Slow))), "onShellReady");
    setTimeout(release, 10);
    const { html, writes } = await rendering;
    expect(writes).toBeGreaterThan(1);
    expect(html.indexOf("Loading…")).toBeGreaterThan(html.indexOf("Shell"));
    expect(html.indexOf("Loaded: " + start(50))).toBeGreaterThan(html.indexOf("Loading…"));
    expect(html).toContain("$RC(");
  });
});
