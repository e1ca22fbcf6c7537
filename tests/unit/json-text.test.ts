import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJsonText, toJsonText, type Json, type JsonText } from "~/lib/json-text";

/** What the browser does with a text: parse it (a first read takes the server's own value, if any; the second parses). */
const parsedBack = <T extends Json>(text: JsonText<T>) => {
  readJsonText(text);
  return readJsonText(text);
};

const plan = () => ({
  overall: { done: 3, total: 7, percent: 42 },
  next: null,
  modules: [{ id: "m1", title: "Ünïcode \"quotes\" </script> & more", items: [{ id: "i1", state: "LOCKED", lockText: null }] }],
});

describe("JSON texts", () => {
  it("is the value's JSON with its double quotes written as apostrophes", () => {
    const value = plan();
    const text = toJsonText(value);
    expect(text).not.toContain('"');
    expect(JSON.parse(text.replaceAll("'", '"'))).toEqual(value);
  });

  it("reads back exactly whatever quotes, apostrophes, backslashes and escapes the strings hold", () => {
    const tricky = { a: `it's "quoted" \\ \u0027 \\' '' "" </script>`, "key's \"name\"": ["'", '"', "\\", "\u2028", "ü ✓ 日本"] };
    const text = toJsonText(tricky);
    expect(text).not.toContain('"');
    expect(parsedBack(text)).toEqual(tricky);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parsedBack(toJsonText(value as Json))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the server render the loader's own value once, then parses like the browser does", () => {
    const value = plan();
    const text = toJsonText(value);
    expect(readJsonText(text)).toBe(value);
    const again = readJsonText(text);
    expect(again).not.toBe(value);
    expect(again).toEqual(value);
  });

  it("parses a text it did not make (the browser's case)", () => {
    const text = `{'a':[1,'two',null,'it\\u0027s']}` as JsonText<{ a: (number | string | null)[] }>;
    expect(readJsonText(text)).toEqual({ a: [1, "two", null, "it's"] });
  });

  it("hands out the latest value for a text made twice, and equal values either way", () => {
    const first = plan();
    const second = plan();
    const text = toJsonText(first);
    expect(toJsonText(second)).toBe(text);
    expect(readJsonText(text)).toBe(second);
    expect(readJsonText(text)).toEqual(first);
  });

  it("keeps a bounded number of unread texts: old ones are parsed instead", () => {
    const values = Array.from({ length: 40 }, (_, n) => ({ n }));
    const texts = values.map((v) => toJsonText(v));
    expect(readJsonText(texts[0])).not.toBe(values[0]);
    expect(readJsonText(texts[0])).toEqual(values[0]);
    expect(readJsonText(texts[39])).toBe(values[39]);
  });

  it("takes only values that survive JSON", () => {
    // @ts-expect-error a Date would come back as a string
    toJsonText({ at: new Date(0) });
    // @ts-expect-error a Map would come back as {}
    toJsonText({ byId: new Map<string, number>() });
    expect(toJsonText({ ok: true, list: [1, "a", null], nested: { x: 1.5 } })).toBe("{'ok':true,'list':[1,'a',null],'nested':{'x':1.5}}");
  });
});
