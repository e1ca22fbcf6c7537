import { expect, test } from "vitest";
import { parseRubricScores, rubricPointsPossible, rubricTotal, validateRubric, validateRubricScores, type RubricDef } from "~/domain/rubric";

const rubric: RubricDef = {
  criteria: [
    { id: "c1", title: "Thesis", points: 4, ratings: [{ id: "r1", title: "Strong", points: 4 }, { id: "r2", title: "Weak", points: 1.5 }] },
    { id: "c2", title: "Evidence", points: 6, ratings: [{ id: "r3", title: "Full", points: 6 }, { id: "r4", title: "None", points: 0 }] },
    { id: "c3", title: "Style", points: 0.3, ratings: [{ id: "r5", title: "Ok", points: 0.1 }, { id: "r6", title: "Good", points: 0.2 }] },
  ],
};

test("points possible is the sum of criteria points", () => {
  expect(rubricPointsPossible(rubric)).toBe(10.3);
});

test("total sums selected points, rounds at the end and reports unrated criteria", () => {
  expect(rubricTotal(rubric, { c1: { ratingId: "r2", points: 1.5 }, c3: { ratingId: null, points: 0.3 } })).toEqual({ total: 1.8, missing: ["c2"] });
  expect(rubricTotal(rubric, { c3: { ratingId: "r5", points: 0.1 }, c2: { ratingId: null, points: 0.2 } }).total).toBe(0.3);
  expect(rubricTotal(rubric, null)).toEqual({ total: 0, missing: ["c1", "c2", "c3"] });
  expect(rubricTotal(rubric, { zz: { ratingId: null, points: 99 } }).total).toBe(0);
});

test("selections are checked against the rubric", () => {
  expect(validateRubricScores(rubric, { c1: { ratingId: "r1", points: 4 }, c2: { ratingId: null, points: 5.5 } })).toEqual([]);
  const problems = validateRubricScores(rubric, {
    c1: { ratingId: "r3", points: 6 },
    c2: { ratingId: null, points: 7 },
    c3: { ratingId: "r5", points: 0.2 },
    nope: { ratingId: null, points: 1 },
  });
  expect(problems.map((p) => p.field)).toEqual(["c1", "c2", "c3", "nope"]);
  expect(problems[1].message).toMatch(/0 to 6 points/);
  expect(validateRubricScores(rubric, { c1: { ratingId: null, points: -1 } })).toHaveLength(1);
  expect(validateRubricScores(rubric, { c1: { ratingId: null, points: Number.NaN } })).toHaveLength(1);
});

test("a rubric definition needs a title, criteria and ratings within the criterion's points", () => {
  expect(validateRubric({ title: "R", criteria: [{ title: "A", points: 2, ratings: [{ title: "Full", points: 2 }] }] })).toEqual([]);
  expect(validateRubric({ title: " ", criteria: [] }).map((p) => p.field)).toEqual(["title", "criteria"]);
  const bad = validateRubric({ title: "R", criteria: [{ title: "", points: 2, ratings: [{ title: "x", points: 3 }] }, { title: "B", points: 1, ratings: [] }] });
  expect(bad.map((p) => p.message)).toEqual([
    "Criterion 1 needs a title.",
    "Criterion 1, rating 1: points must be between 0 and 2.",
    "Criterion 2 needs at least one rating.",
  ]);
});

test("stored scores parse defensively", () => {
  expect(parseRubricScores('{"c1":{"ratingId":"r1","points":4},"bad":{"points":"x"}}')).toEqual({ c1: { ratingId: "r1", points: 4 } });
  expect(parseRubricScores("not json")).toBeNull();
  expect(parseRubricScores("[1]")).toBeNull();
  expect(parseRubricScores(null)).toBeNull();
});
