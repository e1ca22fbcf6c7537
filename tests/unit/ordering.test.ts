import { describe, expect, test } from "vitest";
import { moveInOrder, placePageOrder } from "~/domain/ordering";

describe("moveInOrder", () => {
  test("swaps with the neighbour above or below", () => {
    expect(moveInOrder(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveInOrder(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });

  test("changes nothing at either end or for an unknown id, and never edits its input", () => {
    const ids = ["a", "b", "c"];
    expect(moveInOrder(ids, "a", "up")).toEqual(ids);
    expect(moveInOrder(ids, "c", "down")).toEqual(ids);
    expect(moveInOrder(ids, "x", "up")).toEqual(ids);
    moveInOrder(ids, "b", "up");
    expect(ids).toEqual(["a", "b", "c"]);
  });
});

describe("placePageOrder", () => {
  const ids = ["a", "b", "c", "d", "e", "f"];

  test("a page reordered in place; the other pages keep their order", () => {
    expect(placePageOrder(ids, ["d", "c"])).toEqual(["a", "b", "d", "c", "e", "f"]);
    expect(placePageOrder(ids, ["f", "e"])).toEqual(["a", "b", "c", "d", "f", "e"]);
    expect(placePageOrder(ids, ["c", "a", "b"])).toEqual(["c", "a", "b", "d", "e", "f"]);
  });

  test("the page unchanged, or everything on one page", () => {
    expect(placePageOrder(ids, ["c", "d"])).toEqual(ids);
    expect(placePageOrder(ids, [...ids].reverse())).toEqual([...ids].reverse());
    expect(placePageOrder([], [])).toEqual([]);
  });

  test("ids that are no longer next to each other (a module added meanwhile) keep their places", () => {
    expect(placePageOrder(["a", "new", "b", "c"], ["b", "a"])).toEqual(["b", "new", "a", "c"]);
  });

  test("null for an unknown or repeated id", () => {
    expect(placePageOrder(ids, ["c", "x"])).toBeNull();
    expect(placePageOrder(ids, ["c", "c"])).toBeNull();
    expect(placePageOrder(["a"], ["a", "b"])).toBeNull();
  });

  test("the result is always a permutation of the ids (every page, every rotation)", () => {
    const list = Array.from({ length: 45 }, (_, i) => `m${i}`);
    for (let start = 0; start < list.length; start += 20) {
      const page = list.slice(start, start + 20);
      for (let r = 0; r < page.length; r++) {
        const rotated = [...page.slice(r), ...page.slice(0, r)];
        const next = placePageOrder(list, rotated)!;
        expect([...next].sort()).toEqual([...list].sort());
        expect(next.slice(start, start + 20)).toEqual(rotated);
        expect(next.slice(0, start)).toEqual(list.slice(0, start));
        expect(next.slice(start + 20)).toEqual(list.slice(start + 20));
      }
    }
  });
});
