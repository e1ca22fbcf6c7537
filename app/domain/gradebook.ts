/**
 * Gradebook math: category weights, drop-lowest, excused and missing work, current and
 * projected grades. Pure functions of their inputs; no clock, no database.
 *
 * Decisions (also in docs/decisions.md):
 * - An entry's `score` is the points earned after late penalties (Grade.finalScore), or null
 *   when ungraded. A missing item counts as its missing score (recorded, or derived by the caller
 *   from the missing policy once the item closed). When the policy leaves missing work blank the
 *   caller passes score null, so the item is simply ungraded.
 * - Excused items count nowhere: neither earned nor possible, in current or projected.
 * - `current` = graded work only. `projectedFinal` = every item, ungraded counted as 0 (the
 *   worst case if nothing else is handed in).
 * - Weighted mode when any category has a weight > 0; otherwise total points (earned / possible
 *   over every counted item, categories only drive drop-lowest).
 * - In weighted mode a course grade is Σ weight × category % / Σ weight over the categories that
 *   have something to count (graded work for current; any non-excused item for projected), so a
 *   category with nothing in it yet does not drag the grade down (Canvas does the same).
 * - Uncategorised assignments form an implicit category "Uncategorised" (id null) with weight 0
 *   and no drops: in weighted mode they are listed but do not count (the page says so); in
 *   points mode they count like any other item.
 * - Drop lowest N per category: among graded, non-excused items with points > 0, the N lowest
 *   percentages are dropped (ties: larger points first, then the later assignment), always
 *   keeping at least one graded item. Ungraded and excused items are never dropped. The same
 *   dropped set is used for current and projected, so dropping never lowers a category.
 * - A category % is earned / possible of its counted items; null when nothing is possible.
 * - Percentages are rounded to 2 decimals only at the end.
 */
import { roundScore } from "./late-policy";
import type { FieldProblem } from "./schedule";

export type GradebookCategory = { id: string; name: string; weight: number; dropLowest: number };
export type GradebookAssignment = { id: string; categoryId: string | null; points: number };
/** One learner's result on one assignment; a missing key means "ungraded". */
export type GradebookEntry = { score: number | null; excused?: boolean; missing?: boolean };

export type CategoryBreakdown = {
  /** null for the implicit "Uncategorised" category. */
  id: string | null;
  name: string;
  weight: number;
  /** Whether this category takes part in the course grade. */
  counts: boolean;
  earned: number;
  possible: number;
  /** Graded work only; null when nothing graded. */
  current: number | null;
  /** Ungraded counted as 0; null when the category has nothing to count. */
  projected: number | null;
  dropped: string[];
  graded: number;
  ungraded: number;
  excused: number;
};

export type StudentGrade = {
  mode: "WEIGHTED" | "POINTS";
  /** Percent over graded work; null when nothing is graded yet. */
  current: number | null;
  /** Percent with ungraded work counted as 0. */
  projectedFinal: number | null;
  /** Points totals (points mode meaning; also shown in weighted mode for information). */
  earned: number;
  possibleGraded: number;
  possibleAll: number;
  categories: CategoryBreakdown[];
};

export const UNCATEGORISED = "Uncategorised";
const EPS = 1e-9;

/** Plain-language problems with a course's categories (names, weights summing to 100 %, drops). */
export function validateCategories(categories: Array<{ name: string; weight: number; dropLowest: number }>): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  categories.forEach((c, i) => {
    const name = c.name.trim();
    if (!name) out.push({ field: `name.${i}`, message: `Category ${i + 1} needs a name.` });
    else if (seen.has(name.toLowerCase())) out.push({ field: `name.${i}`, message: `There are two categories called “${name}”. Use different names.` });
    else if (name.toLowerCase() === UNCATEGORISED.toLowerCase()) out.push({ field: `name.${i}`, message: `“${UNCATEGORISED}” is reserved for assignments without a category.` });
    seen.add(name.toLowerCase());
    if (!Number.isFinite(c.weight) || c.weight < 0 || c.weight > 100)
      out.push({ field: `weight.${i}`, message: `The weight of “${name || `category ${i + 1}`}” must be between 0 and 100 %.` });
    if (!Number.isInteger(c.dropLowest) || c.dropLowest < 0 || c.dropLowest > 50)
      out.push({ field: `dropLowest.${i}`, message: `“Drop lowest” for “${name || `category ${i + 1}`}” must be a whole number from 0 to 50.` });
  });
  const total = categories.reduce((s, c) => s + (Number.isFinite(c.weight) ? c.weight : 0), 0);
  const anyWeight = categories.some((c) => c.weight > 0);
  if (anyWeight && Math.abs(total - 100) > 0.001)
    out.push({ field: "weights", message: `The category weights add up to ${roundScore(total)} %. They must add up to 100 %, or all be 0 to grade by total points.` });
  return out;
}

type Item = { id: string; points: number; score: number | null; excused: boolean; order: number };

/** Items to drop: the N lowest percentages among graded, non-excused items with points > 0, keeping one. */
export function chooseDropped(items: Item[], dropLowest: number): Set<string> {
  const candidates = items.filter((i) => !i.excused && i.score !== null && i.points > 0);
  const n = Math.max(0, Math.min(Math.floor(dropLowest), candidates.length - 1));
  if (n === 0) return new Set();
  const sorted = [...candidates].sort((a, b) => {
    const d = a.score! / a.points - b.score! / b.points;
    if (Math.abs(d) > EPS) return d;
    if (a.points !== b.points) return b.points - a.points;
    return b.order - a.order;
  });
  return new Set(sorted.slice(0, n).map((i) => i.id));
}

const pct = (earned: number, possible: number) => (possible > 0 ? (earned / possible) * 100 : null);

/**
 * One learner's grade. `entries` maps assignment id → entry (absent = ungraded). Assignments in
 * an unknown category are treated as uncategorised.
 */
export function computeStudentGrade(input: {
  categories: GradebookCategory[];
  assignments: GradebookAssignment[];
  entries: ReadonlyMap<string, GradebookEntry> | Record<string, GradebookEntry | undefined>;
}): StudentGrade {
  const get = (id: string): GradebookEntry | undefined =>
    input.entries instanceof Map ? input.entries.get(id) : (input.entries as Record<string, GradebookEntry | undefined>)[id];
  const weighted = input.categories.some((c) => c.weight > 0);
  const known = new Set(input.categories.map((c) => c.id));
  const groups: Array<{ cat: GradebookCategory | null; items: Item[] }> = input.categories.map((cat) => ({ cat, items: [] }));
  const byId = new Map(groups.map((g) => [g.cat!.id, g]));
  const uncategorised: { cat: null; items: Item[] } = { cat: null, items: [] };
  input.assignments.forEach((a, order) => {
    const e = get(a.id);
    const item: Item = { id: a.id, points: Math.max(0, a.points), score: e?.excused ? null : (e?.score ?? null), excused: Boolean(e?.excused), order };
    (a.categoryId && known.has(a.categoryId) ? byId.get(a.categoryId)! : uncategorised).items.push(item);
  });
  if (uncategorised.items.length) groups.push(uncategorised);

  let earned = 0;
  let possibleGraded = 0;
  let possibleAll = 0;
  const raws: Array<{ e: number; pg: number; pa: number }> = [];
  const categories: CategoryBreakdown[] = groups.map(({ cat, items }) => {
    const dropped = chooseDropped(items, cat?.dropLowest ?? 0);
    let e = 0;
    let pg = 0;
    let pa = 0;
    let graded = 0;
    let ungraded = 0;
    let excused = 0;
    for (const i of items) {
      if (i.excused) {
        excused++;
        continue;
      }
      if (i.score === null) ungraded++;
      else graded++;
      if (dropped.has(i.id)) continue;
      pa += i.points;
      if (i.score !== null) {
        e += i.score;
        pg += i.points;
      }
    }
    const weight = cat?.weight ?? 0;
    const counts = weighted ? weight > 0 : true;
    if (counts) {
      earned += e;
      possibleGraded += pg;
      possibleAll += pa;
    }
    raws.push({ e, pg, pa });
    return {
      id: cat?.id ?? null,
      name: cat?.name ?? UNCATEGORISED,
      weight,
      counts,
      earned: roundScore(e),
      possible: roundScore(pa),
      current: graded > 0 ? round(pct(e, pg)) : null,
      projected: round(pct(e, pa)),
      dropped: [...dropped],
      graded,
      ungraded,
      excused,
    };
  });

  let current: number | null;
  let projectedFinal: number | null;
  if (weighted) {
    current = weightedAverage(categories, (i) => pct(raws[i].e, raws[i].pg));
    projectedFinal = weightedAverage(categories, (i) => pct(raws[i].e, raws[i].pa));
  } else {
    current = round(pct(earned, possibleGraded));
    projectedFinal = round(pct(earned, possibleAll));
  }
  return { mode: weighted ? "WEIGHTED" : "POINTS", current, projectedFinal, earned: roundScore(earned), possibleGraded: roundScore(possibleGraded), possibleAll: roundScore(possibleAll), categories };
}

function weightedAverage(categories: CategoryBreakdown[], percentOf: (index: number) => number | null): number | null {
  let sum = 0;
  let weights = 0;
  for (const [i, c] of categories.entries()) {
    if (!c.counts) continue;
    const p = percentOf(i);
    if (p === null) continue;
    sum += c.weight * p;
    weights += c.weight;
  }
  return weights > 0 ? roundScore(sum / weights) : null;
}

function round(x: number | null): number | null {
  return x === null ? null : roundScore(x);
}

/** "8.5/10" in points, "85%" in percent; "—" when ungraded, "Excused" when excused. */
export function formatScore(entry: GradebookEntry | undefined, points: number, display: "POINTS" | "PERCENT"): string {
  if (entry?.excused) return "Excused";
  if (!entry || entry.score === null) return "—";
  if (display === "PERCENT") return points > 0 ? `${roundScore((entry.score / points) * 100)}%` : `${roundScore(entry.score)} pts`;
  return `${roundScore(entry.score)}/${roundScore(points)}`;
}

/** Letter-free bucket label for a percentage: 10-point buckets, 100 % in the top one. */
export function distribution(percentages: number[]): Array<{ label: string; value: number }> {
  const buckets = Array.from({ length: 10 }, (_, i) => ({ label: i === 9 ? "90–100%" : `${i * 10}–${i * 10 + 9}%`, value: 0 }));
  for (const p of percentages) {
    if (!Number.isFinite(p)) continue;
    const i = Math.max(0, Math.min(9, Math.floor(p / 10)));
    buckets[i].value++;
  }
  return buckets;
}
