/**
 * Per-request memo for reads that several loaders of one page repeat (the root, the course layout
 * and the page each check the session and the viewer's course access; Remix runs them in
 * parallel for the same request). The cache hangs off the actor object that `getOptionalUser`
 * makes for a GET request, so it lives exactly as long as that request and is never shared
 * between people. Actors made any other way (actions, jobs, tests) carry no cache, and every
 * call reads the database as before, so a write can never be followed by a stale read.
 */
const CACHE = Symbol("coursework.requestCache");

type Cached = { [CACHE]?: Map<string, Promise<unknown>> };

/** Gives `owner` a fresh, empty cache (not enumerable: never serialized into loader data). */
export function attachRequestCache<T extends object>(owner: T): T {
  Object.defineProperty(owner, CACHE, { value: new Map(), enumerable: false });
  return owner;
}

/** `read()` once per owner and key when the owner carries a cache; a plain call otherwise. */
export function memoizeForRequest<T>(owner: object, key: string, read: () => Promise<T>): Promise<T> {
  const cache = (owner as Cached)[CACHE];
  if (!cache) return read();
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = read();
    cache.set(key, promise);
  }
  return promise;
}

/** Stores an already-started read under another key too (the same thing named two ways). */
export function primeRequestCache<T>(owner: object, key: string, promise: Promise<T>): void {
  const cache = (owner as Cached)[CACHE];
  if (cache && !cache.has(key)) cache.set(key, promise);
}
