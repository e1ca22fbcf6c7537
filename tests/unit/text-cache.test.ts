import { describe, expect, test } from "vitest";
import { TextCache } from "~/lib/text-cache";

const entry = (text: string) => ({ text });

describe("TextCache", () => {
  test("keeps entries within the character budget, dropping the least recently used first", () => {
    const cache = new TextCache<{ text: string }>(10);
    cache.set("a", entry("aaaa"));
    cache.set("b", entry("bbbb"));
    expect(cache.chars).toBe(8);
    cache.get("a"); // a is now the most recently used
    cache.set("c", entry("cccc"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.text).toBe("aaaa");
    expect(cache.get("c")?.text).toBe("cccc");
    expect(cache.chars).toBe(8);
  });

  test("replacing an entry updates the size; an entry larger than the budget is not kept", () => {
    const cache = new TextCache<{ text: string }>(10);
    cache.set("a", entry("aaaa"));
    cache.set("a", entry("aa"));
    expect(cache.chars).toBe(2);
    cache.set("a", entry("x".repeat(11)));
    expect(cache.get("a")).toBeUndefined();
    expect(cache.chars).toBe(0);
    cache.set("b", entry("b".repeat(10)));
    expect(cache.chars).toBe(10);
    cache.delete("b");
    cache.delete("missing");
    expect(cache.chars).toBe(0);
  });
});
