import { describe, expect, test } from "vitest";
import { pageWindow } from "~/lib/page-window";

describe("pageWindow", () => {
  test("the first page by default", () => {
    expect(pageWindow(500, 20, null)).toEqual({ page: 1, pageCount: 25, first: 1, last: 20, total: 500, start: 0, end: 20 });
    expect(pageWindow(500, 20, undefined)).toMatchObject({ page: 1 });
  });

  test("a page in the middle and the last, partly filled, page", () => {
    expect(pageWindow(500, 20, 2)).toEqual({ page: 2, pageCount: 25, first: 21, last: 40, total: 500, start: 20, end: 40 });
    expect(pageWindow(45, 20, 3)).toEqual({ page: 3, pageCount: 3, first: 41, last: 45, total: 45, start: 40, end: 45 });
  });

  test("a page past the end shows the last page; fractions round down", () => {
    expect(pageWindow(45, 20, 99)).toMatchObject({ page: 3, first: 41, last: 45 });
    expect(pageWindow(45, 20, 2.9)).toMatchObject({ page: 2, first: 21, last: 40 });
  });

  test("missing, zero, negative or not-a-number pages use the fallback, itself clamped", () => {
    for (const requested of [null, undefined, 0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(pageWindow(100, 20, requested, 4).page).toBe(4);
      expect(pageWindow(100, 20, requested, 40).page).toBe(5);
      expect(pageWindow(100, 20, requested, 0).page).toBe(1);
      expect(pageWindow(100, 20, requested, Number.NaN).page).toBe(1);
    }
  });

  test("an empty list is page 1 of 1 showing nothing", () => {
    expect(pageWindow(0, 20, 3)).toEqual({ page: 1, pageCount: 1, first: 1, last: 0, total: 0, start: 0, end: 0 });
  });

  test("exactly full pages", () => {
    expect(pageWindow(40, 20, 2)).toEqual({ page: 2, pageCount: 2, first: 21, last: 40, total: 40, start: 20, end: 40 });
    expect(pageWindow(40, 20, 3).page).toBe(2);
  });

  test("every page of every small list covers each entry exactly once", () => {
    for (let total = 0; total <= 45; total++) {
      for (const perPage of [1, 7, 20]) {
        const seen: number[] = [];
        const { pageCount } = pageWindow(total, perPage, 1);
        for (let page = 1; page <= pageCount; page++) {
          const w = pageWindow(total, perPage, page);
          expect(w.last - w.first + 1).toBe(w.end - w.start);
          for (let i = w.start; i < w.end; i++) seen.push(i);
        }
        expect(seen).toEqual([...Array(total).keys()]);
      }
    }
  });

  test("rejects sizes that are not whole numbers", () => {
    expect(() => pageWindow(-1, 20, 1)).toThrow(RangeError);
    expect(() => pageWindow(1.5, 20, 1)).toThrow(RangeError);
    expect(() => pageWindow(10, 0, 1)).toThrow(RangeError);
  });
});
