/**
 * One page of a list shown a fixed number at a time: which slice to show and the pager's
 * numbers. Pages count from 1; `first` and `last` are 1-based positions for "Modules 21–40 of
 * 500" (an empty list is page 1 of 1 with first 1 and last 0).
 */
export type PageWindow = {
  page: number;
  pageCount: number;
  /** 1-based position of the first entry shown. */
  first: number;
  /** 1-based position of the last entry shown (first - 1 when nothing is shown). */
  last: number;
  total: number;
  /** `list.slice(start, end)` is the page. */
  start: number;
  end: number;
};

/** The page of modules a URL asks for (`?modules=N`), or null when it names none (or nonsense). */
export function modulesPageOf(url: string | URL): number | null {
  return Number(new URL(url).searchParams.get("modules")) || null;
}

/**
 * The page `requested` (a page number from a URL: fractions round down, past the end means the
 * last page) or, when it is missing or below 1, `fallback` (itself clamped the same way).
 */
export function pageWindow(total: number, perPage: number, requested: number | null | undefined, fallback = 1): PageWindow {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a whole number >= 0, not ${total}`);
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError(`perPage must be a whole number >= 1, not ${perPage}`);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const wanted = requested != null && Number.isFinite(requested) && requested >= 1 ? requested : fallback;
  const page = Math.min(Math.max(1, Math.floor(Number.isFinite(wanted) ? wanted : 1)), pageCount);
  const start = (page - 1) * perPage;
  const end = Math.min(start + perPage, total);
  return { page, pageCount, first: start + 1, last: end, total, start, end };
}
