import { describe, expect, test } from "vitest";
import {
  chooseDropped,
  computeStudentGrade,
  distribution,
  formatScore,
  validateCategories,
  type GradebookAssignment,
  type GradebookCategory,
  type GradebookEntry,
} from "../../app/domain/gradebook.js";

const cat = (id: string, weight: number, dropLowest = 0): GradebookCategory => ({ id, name: id, weight, dropLowest });
const a = (id: string, points: number, categoryId: string | null = null): GradebookAssignment => ({ id, points, categoryId });
const s = (score: number | null, extra: Partial<GradebookEntry> = {}): GradebookEntry => ({ score, ...extra });
const grade = (categories: GradebookCategory[], assignments: GradebookAssignment[], entries: Record<string, GradebookEntry>) =>
  computeStudentGrade({ categories, assignments, entries });

describe("worked examples (numbers checked by hand)", () => {
  test("1. total points: ungraded is left out of current and counts 0 in projected", () => {
    // A1 8/10, A2 15/20, A3 ungraded (10 pts).
    // current   = (8 + 15) / (10 + 20)      = 23/30 = 76.666… → 76.67
    // projected = (8 + 15) / (10 + 20 + 10) = 23/40 = 57.5
    const g = grade([], [a("A1", 10), a("A2", 20), a("A3", 10)], { A1: s(8), A2: s(15) });
    expect(g).toMatchObject({ mode: "POINTS", current: 76.67, projectedFinal: 57.5, earned: 23, possibleGraded: 30, possibleAll: 40 });
  });

  test("2. weighted: Homework 40 %, Exams 60 %", () => {
    // Homework: H1 9/10, H2 6/10 → 15/20 = 75 %.  Exams: E1 70/100, E2 ungraded (100).
    // current:   Exams = 70/100 = 70 %  → (40×75 + 60×70) / 100 = (3000 + 4200) / 100 = 72
    // projected: Exams = 70/200 = 35 %  → (40×75 + 60×35) / 100 = (3000 + 2100) / 100 = 51
    const g = grade(
      [cat("Homework", 40), cat("Exams", 60)],
      [a("H1", 10, "Homework"), a("H2", 10, "Homework"), a("E1", 100, "Exams"), a("E2", 100, "Exams")],
      { H1: s(9), H2: s(6), E1: s(70) },
    );
    expect(g.mode).toBe("WEIGHTED");
    expect(g.current).toBe(72);
    expect(g.projectedFinal).toBe(51);
    expect(g.categories.map((c) => [c.name, c.current, c.projected])).toEqual([
      ["Homework", 75, 75],
      ["Exams", 70, 35],
    ]);
  });

  test("3. drop lowest 1 by percentage, not by points", () => {
    // Quizzes (100 %, drop 1): Q1 4/10 = 40 %, Q2 18/20 = 90 %, Q3 5/5 = 100 %, Q4 ungraded (10).
    // Q1 has the lowest percentage and is dropped (Q3 has fewer points but 100 %).
    // current   = (18 + 5) / (20 + 5)      = 23/25 = 92
    // projected = (18 + 5) / (20 + 5 + 10) = 23/35 = 65.714… → 65.71
    // (without the drop, current would be 27/35 = 77.14)
    const g = grade([cat("Quizzes", 100, 1)], [a("Q1", 10, "Quizzes"), a("Q2", 20, "Quizzes"), a("Q3", 5, "Quizzes"), a("Q4", 10, "Quizzes")], {
      Q1: s(4),
      Q2: s(18),
      Q3: s(5),
    });
    expect(g.categories[0].dropped).toEqual(["Q1"]);
    expect(g.current).toBe(92);
    expect(g.projectedFinal).toBe(65.71);
  });

  test("4. excused counts nowhere; missing counts its missing score", () => {
    // A1 40/50; A2 excused (50); A3 missing, policy 0 % → 0/100; A4 missing, policy 50 % → 50/100.
    // current = projected = (40 + 0 + 50) / (50 + 100 + 100) = 90/250 = 36
    const g = grade([], [a("A1", 50), a("A2", 50), a("A3", 100), a("A4", 100)], {
      A1: s(40),
      A2: s(null, { excused: true }),
      A3: s(0, { missing: true }),
      A4: s(50, { missing: true }),
    });
    expect(g.current).toBe(36);
    expect(g.projectedFinal).toBe(36);
    expect(g.categories[0]).toMatchObject({ name: "Uncategorised", excused: 1, graded: 3, ungraded: 0 });
  });

  test("5. weighted: an ungraded category counts only in projected; uncategorised does not count", () => {
    // Labs 30 %: L1 10/10 = 100 %.  Final 70 %: F1 ungraded (100).  Uncategorised U1 0/10.
    // current:   only Labs has graded work → 30×100 / 30 = 100
    // projected: (30×100 + 70×0) / 100 = 30; U1 is listed but not counted (weight 0)
    const g = grade([cat("Labs", 30), cat("Final", 70)], [a("L1", 10, "Labs"), a("F1", 100, "Final"), a("U1", 10)], { L1: s(10), U1: s(0) });
    expect(g.current).toBe(100);
    expect(g.projectedFinal).toBe(30);
    expect(g.categories.find((c) => c.id === null)).toMatchObject({ name: "Uncategorised", counts: false, current: 0 });
  });

  test("6. drop lowest never drops the last graded item, nor ungraded ones", () => {
    // HW (drop 3): H1 2/10, H2 8/10, H3 ungraded. Two graded → at most one dropped (H1).
    // current = 8/10 = 80; projected = 8/(10 + 10) = 40
    const g = grade([cat("HW", 0, 3)], [a("H1", 10, "HW"), a("H2", 10, "HW"), a("H3", 10, "HW")], { H1: s(2), H2: s(8) });
    expect(g.categories[0].dropped).toEqual(["H1"]);
    expect(g.current).toBe(80);
    expect(g.projectedFinal).toBe(40);
  });

  test("7. ties drop the item with more points first", () => {
    // H1 5/10 = 50 %, H2 10/20 = 50 %, H3 10/10. Drop 1 → H2 (more points).
    // current = (5 + 10) / (10 + 10) = 75 (dropping H1 instead would give 20/30 = 66.67)
    const g = grade([cat("HW", 100, 1)], [a("H1", 10, "HW"), a("H2", 20, "HW"), a("H3", 10, "HW")], { H1: s(5), H2: s(10), H3: s(10) });
    expect(g.categories[0].dropped).toEqual(["H2"]);
    expect(g.current).toBe(75);
  });
});

test("known limit: in points mode a raised score can change which item is dropped and lower the total", () => {
  // C1 (drop 1): X 2/2, Y 0/1 → Y dropped, C1 counts 2/2.  C0: Z 0/1.  Total = 2/3 = 66.67.
  // Raise Y to 1/1: X and Y tie at 100 %, the larger X is dropped → C1 counts 1/1. Total = 1/2 = 50.
  const cats = [cat("C0", 0), cat("C1", 0, 1)];
  const items = [a("X", 2, "C1"), a("Y", 1, "C1"), a("Z", 1, "C0")];
  expect(grade(cats, items, { X: s(2), Y: s(0), Z: s(0) }).current).toBe(66.67);
  expect(grade(cats, items, { X: s(2), Y: s(1), Z: s(0) }).current).toBe(50);
});

describe("table: current and projected", () => {
  const cases: Array<[string, GradebookCategory[], GradebookAssignment[], Record<string, GradebookEntry>, number | null, number | null]> = [
    ["nothing at all", [], [], {}, null, null],
    ["nothing graded", [], [a("A", 10)], {}, null, 0],
    ["all excused", [], [a("A", 10)], { A: s(null, { excused: true }) }, null, null],
    ["perfect", [], [a("A", 10)], { A: s(10) }, 100, 100],
    ["zero", [], [a("A", 10)], { A: s(0) }, 0, 0],
    ["excused with a score is ignored", [], [a("A", 10), a("B", 10)], { A: s(0, { excused: true }), B: s(5) }, 50, 50],
    ["extra credit above points", [], [a("A", 10)], { A: s(12) }, 120, 120],
    ["zero-point bonus item adds earned only", [], [a("A", 10), a("B", 0)], { A: s(8), B: s(1) }, 90, 90],
    ["all weights 0 → points", [cat("X", 0), cat("Y", 0)], [a("A", 10, "X"), a("B", 30, "Y")], { A: s(10), B: s(0) }, 25, 25],
    ["unknown category → uncategorised", [], [a("A", 10, "gone")], { A: s(5) }, 50, 50],
    ["weighted, one category empty", [cat("X", 50), cat("Y", 50)], [a("A", 10, "X")], { A: s(6) }, 60, 60],
    ["weighted, missing 0", [cat("X", 50), cat("Y", 50)], [a("A", 10, "X"), a("B", 10, "Y")], { A: s(10), B: s(0, { missing: true }) }, 50, 50],
    ["weighted, category fully excused", [cat("X", 25), cat("Y", 75)], [a("A", 10, "X"), a("B", 10, "Y")], { A: s(4), B: s(null, { excused: true }) }, 40, 40],
    ["drop 1 of 1 keeps it", [cat("X", 100, 1)], [a("A", 10, "X")], { A: s(3) }, 30, 30],
    ["drop ignores excused", [cat("X", 100, 1)], [a("A", 10, "X"), a("B", 10, "X"), a("C", 10, "X")], { A: s(null, { excused: true }), B: s(2), C: s(6) }, 60, 60],
  ];
  test.each(cases)("%s", (_name, categories, assignments, entries, current, projected) => {
    const g = grade(categories, assignments, entries);
    expect(g.current).toBe(current);
    expect(g.projectedFinal).toBe(projected);
  });
});

describe("chooseDropped", () => {
  const item = (id: string, points: number, score: number | null, excused = false, order = 0) => ({ id, points, score, excused, order });
  test.each([
    ["none asked", 0, [item("a", 10, 1), item("b", 10, 2)], []],
    ["lowest", 1, [item("a", 10, 1), item("b", 10, 2)], ["a"]],
    ["two lowest", 2, [item("a", 10, 1), item("b", 10, 2), item("c", 10, 3)], ["a", "b"]],
    ["keeps one", 5, [item("a", 10, 1), item("b", 10, 2)], ["a"]],
    ["never ungraded", 1, [item("a", 10, null), item("b", 10, 2), item("c", 10, 9)], ["b"]],
    ["never excused", 1, [item("a", 10, 0, true), item("b", 10, 2), item("c", 10, 9)], ["b"]],
    ["never zero-point items", 1, [item("a", 0, 0), item("b", 10, 2), item("c", 10, 9)], ["b"]],
    ["tie: later item first when points equal", 1, [item("a", 10, 5, false, 0), item("b", 10, 5, false, 1)], ["b"]],
  ] as const)("%s", (_n, drop, items, expected) => {
    expect([...chooseDropped(items.map((i) => ({ ...i })), drop)].sort()).toEqual([...expected]);
  });
});

describe("validateCategories", () => {
  test.each([
    ["no categories", [], []],
    ["all zero weights (points mode)", [{ name: "A", weight: 0, dropLowest: 0 }], []],
    ["sum 100", [{ name: "A", weight: 40, dropLowest: 0 }, { name: "B", weight: 60, dropLowest: 1 }], []],
    ["sum 100 with decimals", [{ name: "A", weight: 33.33, dropLowest: 0 }, { name: "B", weight: 33.33, dropLowest: 0 }, { name: "C", weight: 33.34, dropLowest: 0 }], []],
    ["sum 90", [{ name: "A", weight: 40, dropLowest: 0 }, { name: "B", weight: 50, dropLowest: 0 }], ["The category weights add up to 90 %. They must add up to 100 %, or all be 0 to grade by total points."]],
    ["negative weight", [{ name: "A", weight: -10, dropLowest: 0 }, { name: "B", weight: 110, dropLowest: 0 }], ["The weight of “A” must be between 0 and 100 %.", "The weight of “B” must be between 0 and 100 %."]],
    ["duplicate name", [{ name: "A", weight: 50, dropLowest: 0 }, { name: " a ", weight: 50, dropLowest: 0 }], ["There are two categories called “a”. Use different names."]],
    ["empty name", [{ name: " ", weight: 100, dropLowest: 0 }], ["Category 1 needs a name."]],
    ["reserved name", [{ name: "uncategorised", weight: 100, dropLowest: 0 }], ["“Uncategorised” is reserved for assignments without a category."]],
    ["fractional drop", [{ name: "A", weight: 100, dropLowest: 1.5 }], ["“Drop lowest” for “A” must be a whole number from 0 to 50."]],
  ] as const)("%s", (_n, categories, messages) => {
    expect(validateCategories(categories.map((c) => ({ ...c }))).map((p) => p.message)).toEqual([...messages]);
  });
});

describe("display", () => {
  test.each([
    [undefined, 10, "POINTS", "—"],
    [s(null), 10, "PERCENT", "—"],
    [s(null, { excused: true }), 10, "POINTS", "Excused"],
    [s(8.5), 10, "POINTS", "8.5/10"],
    [s(8.5), 10, "PERCENT", "85%"],
    [s(2), 3, "PERCENT", "66.67%"],
    [s(1), 0, "PERCENT", "1 pts"],
  ] as const)("%o of %d as %s → %s", (entry, points, display, text) => {
    expect(formatScore(entry, points, display)).toBe(text);
  });

  test("distribution puts 100 % in the top bucket and counts every score once", () => {
    const d = distribution([0, 9.99, 10, 55, 90, 100, 120]);
    expect(d.map((b) => b.value)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(d[9].label).toBe("90–100%");
  });
});
