/**
 * Rubric math and validation. Pure functions.
 *
 * - A rubric has criteria; each criterion has rating levels with points (0..criterion.points).
 * - A selection per criterion is `{ ratingId, points }`: clicking a rating fills its points; a grader
 *   may type other points (ratingId null) between 0 and the criterion's points.
 * - The total is the sum of the selected points, rounded to 2 decimals at the end; criteria without
 *   a selection count as 0 and are reported in `missing` so the UI can say "2 criteria not rated".
 */
import { roundScore } from "./late-policy";

export type RubricRatingDef = { id: string; title: string; points: number };
export type RubricCriterionDef = { id: string; title: string; description?: string; points: number; ratings: RubricRatingDef[] };
export type RubricDef = { criteria: RubricCriterionDef[] };
export type RubricSelection = { ratingId: string | null; points: number };
export type RubricScores = Record<string, RubricSelection>;
export type RubricProblem = { field: string; message: string };

/** Points possible: the sum of the criteria's points. */
export function rubricPointsPossible(rubric: RubricDef): number {
  return roundScore(rubric.criteria.reduce((sum, c) => sum + c.points, 0));
}

/** Total of the selections plus the criteria left unrated. Unknown criterion ids are ignored. */
export function rubricTotal(rubric: RubricDef, scores: RubricScores | null | undefined): { total: number; missing: string[] } {
  let total = 0;
  const missing: string[] = [];
  for (const c of rubric.criteria) {
    const s = scores?.[c.id];
    if (!s) missing.push(c.id);
    else total += s.points;
  }
  return { total: roundScore(total), missing };
}

/** Problems with a grader's selections: unknown criterion or rating, points outside 0..criterion points, or not matching the rating. */
export function validateRubricScores(rubric: RubricDef, scores: RubricScores): RubricProblem[] {
  const out: RubricProblem[] = [];
  const byId = new Map(rubric.criteria.map((c) => [c.id, c]));
  for (const [criterionId, s] of Object.entries(scores)) {
    const c = byId.get(criterionId);
    if (!c) {
      out.push({ field: criterionId, message: "That criterion is not part of this rubric." });
      continue;
    }
    if (typeof s.points !== "number" || !Number.isFinite(s.points) || s.points < 0 || s.points > c.points) {
      out.push({ field: criterionId, message: `"${c.title}" takes 0 to ${c.points} points.` });
      continue;
    }
    if (s.ratingId !== null) {
      const rating = c.ratings.find((r) => r.id === s.ratingId);
      if (!rating) out.push({ field: criterionId, message: `That rating is not part of "${c.title}".` });
      else if (rating.points !== s.points) out.push({ field: criterionId, message: `"${rating.title}" is worth ${rating.points} points.` });
    }
  }
  return out;
}

/** Problems with a rubric definition: a title, at least one criterion, points ≥ 0, ratings within 0..criterion points. */
export function validateRubric(rubric: { title: string; criteria: Array<Omit<RubricCriterionDef, "id" | "ratings"> & { ratings: Array<Omit<RubricRatingDef, "id">> }> }): RubricProblem[] {
  const out: RubricProblem[] = [];
  if (!rubric.title.trim()) out.push({ field: "title", message: "Give the rubric a title." });
  if (rubric.criteria.length === 0) out.push({ field: "criteria", message: "Add at least one criterion." });
  rubric.criteria.forEach((c, i) => {
    const field = `criteria.${i}`;
    if (!c.title.trim()) out.push({ field, message: `Criterion ${i + 1} needs a title.` });
    if (!Number.isFinite(c.points) || c.points < 0) out.push({ field, message: `Criterion ${i + 1}: points must be 0 or more.` });
    if (c.ratings.length === 0) out.push({ field, message: `Criterion ${i + 1} needs at least one rating.` });
    c.ratings.forEach((r, j) => {
      if (!r.title.trim()) out.push({ field, message: `Criterion ${i + 1}, rating ${j + 1} needs a title.` });
      if (!Number.isFinite(r.points) || r.points < 0 || r.points > c.points)
        out.push({ field, message: `Criterion ${i + 1}, rating ${j + 1}: points must be between 0 and ${c.points}.` });
    });
  });
  return out;
}

/** Parses the stored JSON of Grade.rubricScores; anything malformed reads as null. */
export function parseRubricScores(json: string | null | undefined): RubricScores | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    const out: RubricScores = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = v as { ratingId?: unknown; points?: unknown };
      if (typeof s?.points !== "number") continue;
      out[k] = { ratingId: typeof s.ratingId === "string" ? s.ratingId : null, points: s.points };
    }
    return out;
  } catch {
    return null;
  }
}
