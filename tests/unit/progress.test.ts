import { describe, expect, test, vi } from "vitest";
import * as schedule from "../../app/domain/schedule.js";
import type { CourseContext, DateRule, LearnerContext } from "../../app/domain/schedule.js";
import {
  computeCourseProgress,
  describeLock,
  describePrerequisiteCycle,
  findPrerequisiteCycle,
  isItemComplete,
  type CourseProgress,
  type ItemInput,
  type ItemProgressInput,
  type LockReason,
  type ModuleInput,
  type ModuleView,
} from "../../app/domain/progress.js";

// Transparent wrapper so the performance test can count resolvers.
vi.mock("../../app/domain/schedule.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../app/domain/schedule.js")>();
  return { ...actual, createResolver: vi.fn(actual.createResolver) };
});

const T0 = new Date("2026-03-01T10:00:00Z"); // learner start: 11:00 Berlin, 05:00 New York
const NOW = new Date("2026-03-05T12:00:00Z");
const learner: LearnerContext = { id: "u1", sectionId: null, startedAt: T0, timeZone: "America/New_York" };
const course: CourseContext = { timeZone: "Europe/Berlin", endsAt: null };
const DONE: ItemProgressInput = { viewed: true, completed: true, watchedPercent: 100, submitted: true, scorePercent: 100 };
const NOTHING: ItemProgressInput = { viewed: false, completed: false, watchedPercent: 0, submitted: false, scorePercent: null };

let pos = 0;
const item = (id: string, extra: Partial<ItemInput> = {}): ItemInput => ({
  id, title: `Item ${id}`, position: pos++, kind: "LESSON", published: true, completionRule: "MARK_DONE", completionThreshold: null, ...extra,
});
const mod = (id: string, items: ItemInput[], extra: Partial<ModuleInput> = {}): ModuleInput => ({
  id, title: `Module ${id}`, position: pos++, published: true, sequential: false, releaseRule: null, prerequisiteIds: [], items, ...extra,
});
const run = (modules: ModuleInput[], done: string[] = [], now = NOW, preview?: boolean) =>
  computeCourseProgress({ modules, progress: new Map(done.map((id) => [id, DONE])), learner, course, now, preview });

/** "open" | "not-released" | "needs:A,B". */
const lockOf = (m: ModuleView) =>
  !m.lockReason ? "open" : m.lockReason.code === "NOT_RELEASED" ? "not-released" : `needs:${m.lockReason.modules.map((x) => x.id).join(",")}`;
const locks = (r: CourseProgress) => Object.fromEntries(r.modules.map((m) => [m.id, lockOf(m)]));
/** "a=A b=C c=L" with L:after for sequential locks. */
const states = (r: CourseProgress) =>
  r.modules
    .flatMap((m) => m.items)
    .map((i) => `${i.id}=${i.state[0]}${i.lockReason?.code === "SEQUENTIAL" ? `:${i.lockReason.after.id}` : ""}`)
    .join(" ");

describe("isItemComplete", () => {
  const cases: [ItemInput["completionRule"], number | null, Partial<ItemProgressInput> | null, boolean][] = [
    ["VIEW", null, null, false],
    ["VIEW", null, {}, false],
    ["VIEW", null, { viewed: true }, true],
    ["VIEW", null, { completed: true }, true],
    ["MARK_DONE", null, { viewed: true }, false],
    ["MARK_DONE", null, { completed: true }, true],
    ["WATCH", null, { watchedPercent: 89.9 }, false],
    ["WATCH", null, { watchedPercent: 90 }, true],
    ["WATCH", 50, { watchedPercent: 49.9 }, false],
    ["WATCH", 50, { watchedPercent: 50 }, true],
    ["WATCH", 0, {}, true],
    ["WATCH", null, { watchedPercent: NaN }, false],
    ["WATCH", null, { completed: true, viewed: true }, false],
    ["SUBMIT", null, { viewed: true, completed: true }, false],
    ["SUBMIT", null, { submitted: true }, true],
    ["SCORE", null, { scorePercent: null, submitted: true }, false],
    ["SCORE", null, { scorePercent: 0 }, true],
    ["SCORE", 70, { scorePercent: 69.99 }, false],
    ["SCORE", 70, { scorePercent: 70 }, true],
    ["SCORE", 70, { scorePercent: NaN }, false],
  ];
  test.each(cases)("%s threshold %s with %o → %s", (rule, threshold, progress, expected) => {
    const p = progress === null ? undefined : { ...NOTHING, ...progress };
    expect(isItemComplete({ completionRule: rule, completionThreshold: threshold }, p)).toBe(expected);
  });
  test("an unknown rule is never complete", () => {
    expect(isItemComplete({ completionRule: "OTHER" as never, completionThreshold: null }, DONE)).toBe(false);
  });
});

describe("computeCourseProgress: structure", () => {
  test("orders by position (ties keep input order), drops unpublished modules and items; preview is identical", () => {
    const modules = [
      mod("B", [item("b2", { position: 2 }), item("b1", { position: 1 }), item("bx", { position: 0, published: false })], { position: 5 }),
      mod("A", [item("a1")], { position: 1 }),
      mod("H", [item("h1")], { position: 0, published: false }),
      mod("C", [], { position: 5 }),
    ];
    const r = run(modules, ["bx"]);
    expect(r.modules.map((m) => m.id)).toEqual(["A", "B", "C"]);
    expect(states(r)).toBe("a1=A b1=A b2=A");
    expect(r.modules[1]).toMatchObject({ done: 0, total: 2, complete: false });
    expect(r.overall).toEqual({ done: 0, total: 3, percent: 0 });
    expect(run(modules, ["bx"], NOW, true)).toEqual(r);
  });

  test("empty modules are complete; an empty course is complete at 100 %", () => {
    const r = run([mod("E", []), mod("A", [item("a")])], ["a"]);
    expect(r.modules[0]).toMatchObject({ complete: true, done: 0, total: 0, locked: false });
    expect(r).toMatchObject({ courseComplete: true, next: null, overall: { done: 1, total: 1, percent: 100 } });
    expect(run([])).toEqual({ modules: [], overall: { done: 0, total: 0, percent: 100 }, courseComplete: true, next: null });
  });

  test("an item added after completion makes the module and course incomplete again", () => {
    const before = run([mod("A", [item("a1")])], ["a1"]);
    expect(before).toMatchObject({ courseComplete: true, next: null });
    const after = run([mod("A", [item("a1"), item("a2")])], ["a1"]);
    expect(after.modules[0]).toMatchObject({ complete: false, done: 1, total: 2 });
    expect(after).toMatchObject({ courseComplete: false, next: { moduleId: "A", itemId: "a2" }, overall: { percent: 50 } });
  });
});

describe("computeCourseProgress: prerequisites", () => {
  const chain = () => [mod("A", [item("a")]), mod("B", [item("b")], { prerequisiteIds: ["A"] }), mod("C", [item("c")], { prerequisiteIds: ["B"] })];
  test.each([
    [[], { A: "open", B: "needs:A", C: "needs:B" }, "a=A b=L c=L", "a"],
    [["a"], { A: "open", B: "open", C: "needs:B" }, "a=C b=A c=L", "b"],
    [["a", "b"], { A: "open", B: "open", C: "open" }, "a=C b=C c=A", "c"],
    [["b"], { A: "open", B: "needs:A", C: "open" }, "a=A b=C c=A", "a"], // B done on record: C's prerequisite is met
    [["a", "b", "c"], { A: "open", B: "open", C: "open" }, "a=C b=C c=C", null],
  ])("chain A→B→C with %j done", (done, expectedLocks, expectedStates, next) => {
    const r = run(chain(), done);
    expect(locks(r)).toEqual(expectedLocks);
    expect(states(r)).toBe(expectedStates);
    expect(r.next?.itemId ?? null).toBe(next);
    expect(r.modules.filter((m) => m.locked).flatMap((m) => m.items.filter((i) => i.state === "LOCKED").map((i) => i.lockReason))).toSatisfy(
      (reasons: unknown[]) => reasons.every((x) => (x as LockReason).code === "MODULE_LOCKED"),
    );
  });

  const diamond = () => [
    mod("A", [item("a")]),
    mod("B", [item("b")], { prerequisiteIds: ["A"] }),
    mod("C", [item("c")], { prerequisiteIds: ["A"] }),
    mod("D", [item("d")], { prerequisiteIds: ["C", "B", "C"] }), // listed out of order and twice
  ];
  test.each([
    [[], { A: "open", B: "needs:A", C: "needs:A", D: "needs:B,C" }],
    [["a"], { A: "open", B: "open", C: "open", D: "needs:B,C" }],
    [["a", "b"], { A: "open", B: "open", C: "open", D: "needs:C" }],
    [["a", "c"], { A: "open", B: "open", C: "open", D: "needs:B" }],
    [["a", "b", "c"], { A: "open", B: "open", C: "open", D: "open" }],
  ])("diamond A→(B,C)→D with %j done", (done, expected) => {
    expect(locks(run(diamond(), done))).toEqual(expected);
  });

  test("prerequisite reason carries titles; self, unknown and unpublished prerequisites are ignored", () => {
    const r = run([
      mod("A", [item("a")]),
      mod("H", [item("h")], { published: false }),
      mod("B", [item("b")], { prerequisiteIds: ["B", "nope", "H", "A"] }),
    ]);
    expect(r.modules[1].lockReason).toEqual({ code: "PREREQUISITES", modules: [{ id: "A", title: "Module A" }] });
    expect(locks(run([mod("S", [item("s")], { prerequisiteIds: ["S"] })]))).toEqual({ S: "open" });
  });

  test("a complete item stays COMPLETE inside a locked module and counts", () => {
    const r = run([mod("A", [item("a")]), mod("B", [item("b1"), item("b2")], { prerequisiteIds: ["A"] })], ["b1"]);
    expect(states(r)).toBe("a=A b1=C b2=L");
    expect(r.modules[1]).toMatchObject({ locked: true, done: 1, total: 2 });
    expect(r.overall).toEqual({ done: 1, total: 3, percent: 33 });
  });
});

describe("computeCourseProgress: sequential", () => {
  const seq = (sequential = true, extra: Partial<ModuleInput> = {}) => [mod("S", [item("s1"), item("s2"), item("s3")], { sequential, ...extra })];
  test.each([
    [true, [], "s1=A s2=L:s1 s3=L:s2"],
    [true, ["s1"], "s1=C s2=A s3=L:s2"],
    [true, ["s1", "s2"], "s1=C s2=C s3=A"],
    [true, ["s2"], "s1=A s2=C s3=A"], // s1 inserted before completed s2: only the item just before matters
    [true, ["s1", "s2", "s3"], "s1=C s2=C s3=C"],
    [false, [], "s1=A s2=A s3=A"],
    [false, ["s2"], "s1=A s2=C s3=A"],
  ])("sequential=%s with %j done → %s", (sequential, done, expected) => {
    expect(states(run(seq(sequential), done))).toBe(expected);
  });

  test("lock reason names the previous item; a locked module locks every item with MODULE_LOCKED", () => {
    expect(run(seq()).modules[0].items[1].lockReason).toEqual({ code: "SEQUENTIAL", after: { id: "s1", title: "Item s1" } });
    const r = run([mod("A", [item("a")]), ...seq(true, { prerequisiteIds: ["A"] })]);
    expect(r.modules[1].items.map((i) => i.lockReason)).toEqual(Array(3).fill({ code: "MODULE_LOCKED" }));
  });

  test("unpublished items are skipped in the sequence", () => {
    const r = run([mod("S", [item("s1"), item("hidden", { published: false }), item("s2")], { sequential: true })], ["s1"]);
    expect(states(r)).toBe("s1=C s2=A");
  });
});

describe("computeCourseProgress: drip release", () => {
  // Course zone Berlin (UTC+1 in March 2026); learner zone New York (UTC-5).
  const days1Course: DateRule = { type: "RELATIVE_DAYS", days: 1, time: "09:00" }; // 2 Mar 09:00 Berlin = 08:00Z
  const days1Learner: DateRule = { type: "RELATIVE_DAYS", days: 1, time: "09:00", zone: "LEARNER" }; // 2 Mar 09:00 NY = 14:00Z
  const abs: DateRule = { type: "ABSOLUTE", at: new Date("2026-03-10T00:00:00Z") };
  const ms = (iso: string, delta = 0) => new Date(Date.parse(iso) + delta);
  test.each([
    ["RELATIVE_DAYS course zone", days1Course, "2026-03-02T08:00:00Z", -1, false],
    ["RELATIVE_DAYS course zone", days1Course, "2026-03-02T08:00:00Z", 0, true],
    ["RELATIVE_DAYS course zone", days1Course, "2026-03-02T08:00:00Z", 1, true],
    ["RELATIVE_DAYS learner zone", days1Learner, "2026-03-02T14:00:00Z", -1, false],
    ["RELATIVE_DAYS learner zone", days1Learner, "2026-03-02T14:00:00Z", 0, true],
    ["ABSOLUTE", abs, "2026-03-10T00:00:00Z", -1, false],
    ["ABSOLUTE", abs, "2026-03-10T00:00:00Z", 0, true],
    ["ABSOLUTE", abs, "2026-03-10T00:00:00Z", 86_400_000, true],
  ])("%s released at %s, now %+d ms → released %s", (_label, rule, releaseIso, delta, released) => {
    const r = run([mod("A", [item("a")]), mod("D", [item("d")], { releaseRule: rule })], [], ms(releaseIso, delta));
    const d = r.modules[1];
    expect(d).toMatchObject({ released, locked: !released, releaseAt: new Date(releaseIso) });
    expect(d.lockReason).toEqual(released ? null : { code: "NOT_RELEASED", at: new Date(releaseIso) });
    expect(states(r)).toBe(released ? "a=A d=A" : "a=A d=L");
    expect(r.overall.total).toBe(released ? 2 : 1);
  });

  test("no rule: released, releaseAt null; NOT_RELEASED wins over missing prerequisites", () => {
    const r = run([mod("A", [item("a")]), mod("D", [item("d")], { releaseRule: abs, prerequisiteIds: ["A"] })]);
    expect(r.modules[0]).toMatchObject({ released: true, releaseAt: null });
    expect(r.modules[1].lockReason?.code).toBe("NOT_RELEASED");
    expect(run([mod("A", [item("a")]), mod("D", [item("d")], { releaseRule: abs, prerequisiteIds: ["A"] })], [], abs.at).modules[1].lockReason?.code).toBe("PREREQUISITES");
  });

  test("progress % ignores unreleased items but counts released prerequisite-locked ones", () => {
    const modules = [
      mod("A", [item("a1"), item("a2"), item("a3")]),
      mod("B", [item("b1")], { prerequisiteIds: ["A"] }),
      mod("F", [item("f1"), item("f2"), item("f3"), item("f4")], { releaseRule: abs }),
    ];
    expect(run(modules, ["a1", "a2"]).overall).toEqual({ done: 2, total: 4, percent: 50 });
    expect(run(modules, ["a1", "a2", "f1"]).overall).toEqual({ done: 2, total: 4, percent: 50 });
    expect(run(modules, ["a1"]).overall.percent).toBe(25);
    expect(run([mod("A", [item("x"), item("y"), item("z")])], ["x", "y"]).overall.percent).toBe(66); // floored
    const many = Array.from({ length: 200 }, (_, i) => item(`m${i}`));
    expect(run([mod("M", many)], many.slice(1).map((i) => i.id)).overall.percent).toBe(99); // never 100 until all done
  });

  test("courseComplete waits for future drip content, even an empty or already-done module", () => {
    const modules = [mod("A", [item("a")]), mod("F", [item("f")], { releaseRule: abs }), mod("H", [item("h")], { published: false })];
    expect(run(modules, ["a", "f"])).toMatchObject({ courseComplete: false, next: null, overall: { percent: 100 } });
    expect(run(modules, ["a", "f"], abs.at)).toMatchObject({ courseComplete: true, overall: { done: 2, total: 2 } });
    expect(run(modules, ["a"], abs.at)).toMatchObject({ courseComplete: false, next: { moduleId: "F", itemId: "f" } });
    expect(run([mod("E", [], { releaseRule: abs })])).toMatchObject({ courseComplete: false, overall: { total: 0, percent: 0 } });
  });

  test("invalid rules throw the engine's ScheduleRuleError", () => {
    const bad = { type: "RELATIVE_DAYS", days: -1, time: "09:00" } as DateRule;
    expect(() => run([mod("A", [], { releaseRule: bad })])).toThrow(schedule.ScheduleRuleError);
  });
});

describe("computeCourseProgress: next", () => {
  test.each([
    ["first item", [], { moduleId: "A", itemId: "a1" }],
    ["across modules", ["a1", "a2"], { moduleId: "B", itemId: "b1" }],
    ["skips completed items", ["a1", "a2", "b1"], { moduleId: "B", itemId: "b2" }],
    ["skips unreleased and locked modules", ["a1", "a2", "b1", "b2"], { moduleId: "E", itemId: "e1" }],
    ["null when everything reachable is done", ["a1", "a2", "b1", "b2", "e1"], null],
  ])("%s", (_label, done, expected) => {
    const modules = [
      mod("A", [item("a1"), item("a2")], { sequential: true }),
      mod("B", [item("b1"), item("b2")]),
      mod("F", [item("f1")], { releaseRule: { type: "ABSOLUTE", at: new Date("2027-01-01T00:00:00Z") } }),
      mod("G", [item("g1")], { prerequisiteIds: ["F"] }),
      mod("E", [item("e1")]),
    ];
    expect(run(modules, done as string[]).next).toEqual(expected);
  });
});

describe("findPrerequisiteCycle", () => {
  const m = (id: string, ...prerequisiteIds: string[]) => ({ id, title: `Module ${id}`, prerequisiteIds });
  test.each([
    ["no prerequisites", [m("A"), m("B")], null],
    ["chain", [m("A"), m("B", "A"), m("C", "B")], null],
    ["diamond", [m("A"), m("B", "A"), m("C", "A"), m("D", "B", "C")], null],
    ["unknown ids", [m("A", "zzz")], null],
    ["self", [m("A"), m("B", "B")], ["Module B", "Module B"]],
    ["two modules", [m("A", "B"), m("B", "A")], ["Module A", "Module B", "Module A"]],
    ["three modules", [m("A", "C"), m("B", "A"), m("C", "B")], ["Module A", "Module C", "Module B", "Module A"]],
    ["cycle away from the first module", [m("X"), m("Y", "X", "Z"), m("Z", "W"), m("W", "Z")], ["Module Z", "Module W", "Module Z"]],
  ])("%s", (_label, modules, expected) => {
    expect(findPrerequisiteCycle(modules)).toEqual(expected);
  });

  test("a 5,000-module chain is handled without recursion", () => {
    const mods = Array.from({ length: 5000 }, (_, i) => m(`M${i}`, ...(i ? [`M${i - 1}`] : [])));
    expect(findPrerequisiteCycle(mods)).toBeNull();
    mods[0] = m("M0", "M4999");
    expect(findPrerequisiteCycle(mods)).toHaveLength(5001);
  });

  test.each([
    [["Module A", "Module A"], "Module A cannot be its own prerequisite."],
    [["Module A", "Module B", "Module A"], "Module A and Module B require each other. Remove one of the prerequisites."],
    [["A", "B", "C", "A"], "These modules require each other in a loop: A → B → C → A. Remove one of the prerequisites."],
  ])("describePrerequisiteCycle(%j)", (cycle, text) => {
    expect(describePrerequisiteCycle(cycle)).toBe(text);
  });
});

describe("describeLock", () => {
  const fmt = (at: Date, zone: string) => `${at.toISOString()}@${zone}`;
  const ref = (n: number) => ({ id: `m${n}`, title: `Module ${n}` });
  test.each<[LockReason, string]>([
    [{ code: "NOT_RELEASED", at: new Date("2026-03-03T08:00:00Z") }, "Opens 2026-03-03T08:00:00.000Z@Europe/Berlin your time"],
    [{ code: "PREREQUISITES", modules: [ref(2)] }, "Complete Module 2 first"],
    [{ code: "PREREQUISITES", modules: [ref(1), ref(2)] }, "Complete Module 1 and Module 2 first"],
    [{ code: "PREREQUISITES", modules: [ref(1), ref(2), ref(3)] }, "Complete Module 1, Module 2 and Module 3 first"],
    [{ code: "PREREQUISITES", modules: [1, 2, 3, 4, 5].map(ref) }, "Complete Module 1, Module 2, Module 3 and 2 more modules first"],
    [{ code: "SEQUENTIAL", after: { id: "i", title: "Intro video" } }, "Complete “Intro video” first"],
    [{ code: "MODULE_LOCKED" }, "Opens when this module unlocks"],
  ])("%j", (reason, text) => {
    expect(describeLock(reason, "Europe/Berlin", fmt)).toBe(text);
  });
});

describe("performance", () => {
  test("500 modules / 1,500 items: one resolver, fast", () => {
    const modules = Array.from({ length: 500 }, (_, i) =>
      mod(`M${i}`, [item(`M${i}a`), item(`M${i}b`), item(`M${i}c`)], {
        sequential: true,
        prerequisiteIds: i ? [`M${i - 1}`] : [],
        releaseRule: { type: "RELATIVE_DAYS", days: i, time: "09:00" },
      }),
    );
    const done = modules.slice(0, 3).flatMap((x) => x.items.map((i) => i.id));
    const spy = vi.mocked(schedule.createResolver);
    spy.mockClear();
    const start = performance.now();
    const r = run(modules, done);
    const elapsed = performance.now() - start;
    expect(spy).toHaveBeenCalledTimes(1);
    expect(r.next).toEqual({ moduleId: "M3", itemId: "M3a" });
    expect(r.overall).toEqual({ done: 9, total: 15, percent: 60 }); // days 0..4 released by 5 Mar 12:00Z
    expect(elapsed).toBeLessThan(250);
  });
});
