import { useMemo } from "react";

/** A value that comes back from JSON unchanged: no Dates, Maps, undefined or class instances. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/** A loader value sent to the browser as one text: its JSON, with apostrophes for double quotes (see toJsonText; read it back with useJsonText). */
export type JsonText<T extends Json> = string & { readonly __jsonOf: T };

/**
 * Texts made on this server whose page has not rendered yet, with the value each was made from,
 * so the server render does not parse back what it just wrote. Bounded: a page that never
 * renders (an error, a data request) leaves its entry to be pushed out. Empty in the browser.
 */
const madeHere = new Map<string, unknown>();
const MADE_HERE_MAX = 32;

/**
 * Remix's single-fetch serializer (turbo-stream) indexes every value of a loader's data one at a
 * time: for a study plan's ~300 values that cost about three times what JSON.stringify takes for
 * the whole plan. A big, plain value is therefore sent as one JSON text, which turbo-stream
 * passes as a single string. Only for values whose type is JSON (the `Json` bound).
 *
 * The text is the value's JSON with its double quotes written as apostrophes (an apostrophe of the
 * value's own strings becomes the JSON escape \u0027 first, so the swap back is exact). On the
 * page the text sits inside a turbo-stream string inside a script's string, and each `"` of it
 * cost four characters (`\\\"`) and two rounds of JSON escaping there; an apostrophe costs one
 * character and none.
 */
export function toJsonText<T extends Json>(value: T): JsonText<T> {
  const text = JSON.stringify(value).replaceAll("'", "\\u0027").replaceAll('"', "'") as JsonText<T>;
  madeHere.delete(text);
  madeHere.set(text, value);
  if (madeHere.size > MADE_HERE_MAX) madeHere.delete(madeHere.keys().next().value!);
  return text;
}

/** The value behind a JsonText: the loader's own value during the server render, else parsed (once per text). */
export function readJsonText<T extends Json>(text: JsonText<T>): T {
  const value = madeHere.get(text);
  if (value === undefined) return JSON.parse(text.replaceAll("'", '"')) as T;
  madeHere.delete(text);
  return value as T;
}

/** readJsonText for a component, memoized on the text. */
export function useJsonText<T extends Json>(text: JsonText<T> | null): T | null {
  return useMemo(() => (text === null ? null : readJsonText(text)), [text]);
}
