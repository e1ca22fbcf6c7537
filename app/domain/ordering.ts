/**
 * Reordering lists of ids (modules of a course, items of a module). Pure: the services read the
 * current order and save the result in one transaction.
 */

/** Keyboard-friendly move: swaps `id` with its neighbour above or below (unchanged at either end or when absent). */
export function moveInOrder(ids: readonly string[], id: string, direction: "up" | "down"): string[] {
  const i = ids.indexOf(id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return [...ids];
  const next = [...ids];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/**
 * The whole order after one page of it was reordered (drag and drop on a page of 20 modules out
 * of 500): the page's ids take the places they held, in their new order, and every other id
 * stays where it is. Null when `pageOrder` repeats an id or names one not in `ids` (the list
 * changed since the page was shown).
 */
export function placePageOrder(ids: readonly string[], pageOrder: readonly string[]): string[] | null {
  const moved = new Set(pageOrder);
  if (moved.size !== pageOrder.length) return null;
  const slots: number[] = [];
  ids.forEach((id, index) => {
    if (moved.has(id)) slots.push(index);
  });
  if (slots.length !== pageOrder.length) return null;
  const next = [...ids];
  slots.forEach((slot, k) => (next[slot] = pageOrder[k]));
  return next;
}
