import { describe, expect, it } from "vitest";
import { clientNavigationOf } from "~/lib/list-links";

const origin = "https://coursework.example";

/** A click whose target sits inside an anchor with these attributes (null: no anchor around it). */
function click(attributes: Record<string, string> | null, extra: Partial<Parameters<typeof clientNavigationOf>[0]> = {}) {
  const anchor = attributes && {
    hasAttribute: (name: string) => name in attributes,
    getAttribute: (name: string) => attributes[name] ?? null,
  };
  const target = { closest: (selector: string) => (selector === "a" ? anchor : null) };
  return { button: 0, metaKey: false, altKey: false, ctrlKey: false, shiftKey: false, defaultPrevented: false, target: target as unknown as EventTarget, ...extra };
}

describe("clientNavigationOf", () => {
  it("navigates a plain left click on a same-origin link, keeping the query and hash", () => {
    expect(clientNavigationOf(click({ href: "/courses/c/items/1" }), origin)).toBe("/courses/c/items/1");
    expect(clientNavigationOf(click({ href: "/courses/c?modules=2#m-4" }), origin)).toBe("/courses/c?modules=2#m-4");
    expect(clientNavigationOf(click({ href: `${origin}/due` }), origin)).toBe("/due");
  });

  it("leaves modified, middle-button and already handled clicks to the browser", () => {
    for (const extra of [{ metaKey: true }, { ctrlKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }, { defaultPrevented: true }]) {
      expect(clientNavigationOf(click({ href: "/x" }, extra), origin)).toBeNull();
    }
  });

  it("leaves other origins, new windows, downloads and anchors without href to the browser", () => {
    expect(clientNavigationOf(click({ href: "https://example.org/syllabus" }), origin)).toBeNull();
    expect(clientNavigationOf(click({ href: "/x", target: "_blank" }), origin)).toBeNull();
    expect(clientNavigationOf(click({ href: "/x", target: "_self" }), origin)).toBe("/x");
    expect(clientNavigationOf(click({ href: "/file.pdf", download: "" }), origin)).toBeNull();
    expect(clientNavigationOf(click({ name: "top" }), origin)).toBeNull();
  });

  it("resolves a relative href against the page it is on", () => {
    const page = `${origin}/courses/c/progress?section=s1`;
    expect(clientNavigationOf(click({ href: "?modules=2" }), page)).toBe("/courses/c/progress?modules=2");
    expect(clientNavigationOf(click({ href: "about" }), page)).toBe("/courses/c/about");
    expect(clientNavigationOf(click({ href: "#m-4" }), page)).toBe("/courses/c/progress?section=s1#m-4");
  });

  it("ignores clicks outside any link", () => {
    expect(clientNavigationOf(click(null), origin)).toBeNull();
    expect(clientNavigationOf({ ...click(null), target: null }, origin)).toBeNull();
  });
});
