import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { createResolver, type CourseContext, type DateRule, type LearnerContext } from "../../app/domain/schedule.js";
import {
  computeCourseProgress,
  findPrerequisiteCycle,
  isItemComplete,
  summarizeCourseProgress,
  type CompletionRule,
  type CourseProgress,
  type ItemInput,
  type ItemProgressInput,
  type ItemView,
  type ModuleInput,
} from "../../app/domain/progress.js";

const DAY = 86_400_000;
const NOW = new Date("2026-03-05T12:00:00Z");
const learner: LearnerContext = { id: "u1", sectionId: null, startedAt: new Date("2026-03-01T10:00:00Z"), timeZone: "Asia/Kolkata" };
const course: CourseContext = { timeZone: "America/New_York", endsAt: null };
const RULES: CompletionRule[] = ["VIEW", "MARK_DONE", "WATCH", "SUBMIT", "SCORE"];

const releaseRule: fc.Arbitrary<DateRule | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -3, max: 3 }).map((d) => ({ type: "ABSOLUTE" as const, at: new Date(NOW.getTime() + d * DAY) })),
  fc.record({ type: fc.constant("RELATIVE_DAYS" as const), days: fc.integer({ min: 0, max: 8 }), time: fc.constantFrom("00:00", "09:00", "23:59"), zone: fc.constantFrom("COURSE" as const, "LEARNER" as const) }),
);
const itemShape = fc.record({
  published: fc.integer({ min: 0, max: 99 }).map((n) => n < 85),
  rule: fc.constantFrom(...RULES),
  threshold: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  position: fc.integer({ min: 0, max: 5 }),
});
const moduleShape = fc.record({
  published: fc.boolean(),
  sequential: fc.boolean(),
  releaseRule,
  prereqs: fc.array(fc.nat(7), { maxLength: 3 }),
  position: fc.integer({ min: 0, max: 5 }),
  items: fc.array(itemShape, { maxLength: 4 }),
});
/** A record and a record with at least as much progress. */
const progressPair = fc
  .record({
    viewed: fc.boolean(), completed: fc.boolean(), watched: fc.integer({ min: 0, max: 100 }), submitted: fc.boolean(),
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    more: fc.record({ viewed: fc.boolean(), completed: fc.boolean(), watched: fc.nat(100), submitted: fc.boolean(), score: fc.option(fc.nat(100), { nil: null }) }),
  })
  .map(({ more, ...p }): [ItemProgressInput, ItemProgressInput] => {
    const low = { viewed: p.viewed, completed: p.completed, watchedPercent: p.watched, submitted: p.submitted, scorePercent: p.score };
    const score = p.score === null ? more.score : more.score === null ? p.score : Math.min(100, p.score + more.score);
    const high = {
      viewed: p.viewed || more.viewed,
      completed: p.completed || more.completed,
      watchedPercent: Math.min(100, p.watched + more.watched),
      submitted: p.submitted || more.submitted,
      scorePercent: score,
    };
    return [low, high];
  });

const courseArb = fc.array(moduleShape, { maxLength: 7 }).chain((shapes) => {
  const modules: ModuleInput[] = shapes.map((m, mi) => ({
    id: `M${mi}`, title: `Module ${mi}`, position: m.position, published: m.published, sequential: m.sequential,
    releaseRule: m.releaseRule, prerequisiteIds: m.prereqs.filter((p) => p < shapes.length).map((p) => `M${p}`),
    items: m.items.map((it, ii): ItemInput => ({
      id: `M${mi}.${ii}`, title: `Item ${mi}.${ii}`, position: it.position, kind: "LESSON",
      published: it.published, completionRule: it.rule, completionThreshold: it.threshold,
    })),
  }));
  const ids = modules.flatMap((m) => m.items.map((i) => i.id));
  return fc.tuple(fc.constant(modules), fc.array(fc.option(progressPair, { nil: null }), { minLength: ids.length, maxLength: ids.length }).map((pairs) => {
    const low = new Map<string, ItemProgressInput>();
    const high = new Map<string, ItemProgressInput>();
    pairs.forEach((pair, i) => {
      if (pair) {
        low.set(ids[i], pair[0]);
        high.set(ids[i], pair[1]);
      }
    });
    return { low, high };
  }));
});

/**
 * Courses whose module and item ids repeat (a few ids for many rows), with records for ids the
 * course does not hold: the plan must read every row, not just the first with an id.
 */
const repeatedIdsArb = fc
  .tuple(
    fc.array(fc.tuple(moduleShape, fc.nat(3), fc.array(fc.nat(4), { maxLength: 4 })), { maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(6), progressPair), { maxLength: 8 }),
  )
  .map(([shapes, records]) => {
    const modules: ModuleInput[] = shapes.map(([m, id, itemIds], mi) => ({
      id: `M${id}`, title: `Module ${mi}`, position: m.position, published: m.published, sequential: m.sequential, releaseRule: m.releaseRule,
      prerequisiteIds: m.prereqs.map((p) => `M${p % 4}`),
      items: m.items.map((it, ii): ItemInput => ({
        id: `I${itemIds[ii] ?? ii}`, title: `Item ${mi}.${ii}`, position: it.position, kind: "LESSON", published: it.published, completionRule: it.rule, completionThreshold: it.threshold,
      })),
    }));
    return { modules, progress: new Map(records.map(([id, [low]]) => [`I${id}`, low])) };
  });

/** The rules of domain/progress.ts's header read directly, one item and one module at a time (the oracle of the plan's fast path). */
function referencePlan(modules: readonly ModuleInput[], progress: ReadonlyMap<string, ItemProgressInput>): CourseProgress {
  const inOrder = <T extends { position: number; published: boolean }>(list: readonly T[]) =>
    list.map((x, i) => ({ x, i })).filter(({ x }) => x.published).sort((a, b) => a.x.position - b.x.position || a.i - b.i).map(({ x }) => x);
  const resolver = createResolver(course, learner);
  const rows = inOrder(modules).map((m) => {
    const items = inOrder(m.items);
    const flags = items.map((i) => isItemComplete(i, progress.get(i.id)));
    return { m, items, flags, complete: flags.every(Boolean) };
  });
  const firstWithId = (id: string) => rows.find((r) => r.m.id === id);
  const views = rows.map(({ m, items, flags, complete }) => {
    const releaseAt = m.releaseRule ? resolver.resolve({ openAt: m.releaseRule }, undefined, undefined, NOW).openAt : null;
    const released = releaseAt === null || NOW >= releaseAt;
    const missing = rows.filter((r) => r === firstWithId(r.m.id) && r.m.id !== m.id && m.prerequisiteIds.includes(r.m.id) && !r.complete);
    const lockReason = !released ? { code: "NOT_RELEASED" as const, at: releaseAt! } : missing.length ? { code: "PREREQUISITES" as const, modules: missing.map((r) => ({ id: r.m.id, title: r.m.title })) } : null;
    const itemViews = items.map((item, k): ItemView => {
      const reason = flags[k] ? null : lockReason ? { code: "MODULE_LOCKED" as const } : m.sequential && k > 0 && !flags[k - 1] ? { code: "SEQUENTIAL" as const, after: { id: items[k - 1].id, title: items[k - 1].title } } : null;
      return { id: item.id, title: item.title, kind: item.kind, state: flags[k] ? "COMPLETE" : reason ? "LOCKED" : "AVAILABLE", lockReason: reason };
    });
    const done = flags.filter(Boolean).length;
    return { id: m.id, title: m.title, released, releaseAt, locked: lockReason !== null, lockReason, complete, items: itemViews, done, total: items.length };
  });
  const released = views.filter((v) => v.released);
  const done = released.reduce((n, v) => n + v.done, 0);
  const total = released.reduce((n, v) => n + v.total, 0);
  const courseComplete = views.every((v) => v.released && v.complete);
  const first = views.flatMap((v) => v.items.filter((i) => i.state === "AVAILABLE").map((i) => ({ moduleId: v.id, itemId: i.id })))[0] ?? null;
  return { modules: views, overall: { done, total, percent: total === 0 ? (courseComplete ? 100 : 0) : Math.floor((done * 100) / total) }, courseComplete, next: first };
}

const run = (modules: ModuleInput[], progress: Map<string, ItemProgressInput>, preview?: boolean) =>
  computeCourseProgress({ modules, progress, learner, course, now: NOW, preview });

function checkInvariants(modules: ModuleInput[], r: CourseProgress) {
  const { percent, done, total } = r.overall;
  expect(Number.isInteger(percent) && percent >= 0 && percent <= 100).toBe(true);
  expect(done).toBeLessThanOrEqual(total);
  const published = new Set(modules.filter((m) => m.published).map((m) => m.id));
  const publishedItems = new Set(modules.flatMap((m) => m.items.filter((i) => i.published).map((i) => i.id)));
  let firstAvailable: { moduleId: string; itemId: string } | null = null;
  for (const m of r.modules) {
    expect(published.has(m.id)).toBe(true);
    expect(m.total).toBe(m.items.length);
    expect(m.done).toBe(m.items.filter((i) => i.state === "COMPLETE").length);
    expect(m.complete).toBe(m.done === m.total);
    expect(m.locked).toBe(m.lockReason !== null);
    if (!m.released) expect(m.lockReason).toEqual({ code: "NOT_RELEASED", at: m.releaseAt });
    for (const i of m.items) {
      expect(publishedItems.has(i.id)).toBe(true);
      expect(i.state === "LOCKED").toBe(i.lockReason !== null);
      if (m.locked) expect(i.state).not.toBe("AVAILABLE");
      if (i.state === "AVAILABLE" && !firstAvailable) firstAvailable = { moduleId: m.id, itemId: i.id };
    }
  }
  expect(r.next).toEqual(firstAvailable);
  expect(r.courseComplete).toBe(r.modules.every((m) => m.released && m.complete));
  if (r.courseComplete) expect(r).toMatchObject({ next: null, overall: { percent: 100 } });
  expect(total).toBe(r.modules.filter((m) => m.released).reduce((n, m) => n + m.total, 0));
}

describe("computeCourseProgress properties", () => {
  test("the summary is the plan without item views, and itemsOf gives each module's views", () => {
    fc.assert(
      fc.property(courseArb, ([modules, { low }]) => {
        const full = run(modules, low);
        const summary = summarizeCourseProgress({ modules, progress: low, learner, course, now: NOW });
        expect(summary.modules.map((m) => ({ ...m, items: [] }))).toEqual(full.modules.map((m) => ({ ...m, items: [] })));
        for (const m of summary.modules) expect(m).not.toHaveProperty("items");
        full.modules.forEach((m, i) => expect(summary.itemsOf(i)).toEqual(m.items));
        expect({ overall: summary.overall, next: summary.next, courseComplete: summary.courseComplete }).toEqual({
          overall: full.overall,
          next: full.next,
          courseComplete: full.courseComplete,
        });
        expect(() => summary.itemsOf(full.modules.length)).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
  });


  test("the plan is the rules read directly, also with repeated ids, records of unknown items, and the same course planned again", () => {
    fc.assert(
      fc.property(courseArb, ([modules, { low, high }]) => {
        expect(run(modules, low)).toEqual(referencePlan(modules, low));
        // The course's shape is kept per modules array: a second learner on the same array.
        expect(run(modules, high)).toEqual(referencePlan(modules, high));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(repeatedIdsArb, ({ modules, progress }) => {
        expect(run(modules, progress)).toEqual(referencePlan(modules, progress));
      }),
      { numRuns: 500 },
    );
  });

  test("invariants hold, preview is identical, and more progress never lowers anything", () => {
    fc.assert(
      fc.property(courseArb, ([modules, { low, high }]) => {
        const a = run(modules, low);
        const b = run(modules, high);
        checkInvariants(modules, a);
        checkInvariants(modules, b);
        expect(run(modules, low, true)).toEqual(a);
        expect(b.overall.total).toBe(a.overall.total);
        expect(b.overall.done).toBeGreaterThanOrEqual(a.overall.done);
        expect(b.overall.percent).toBeGreaterThanOrEqual(a.overall.percent);
        if (a.courseComplete) expect(b.courseComplete).toBe(true);
        a.modules.forEach((m, mi) => {
          expect(b.modules[mi].released).toBe(m.released);
          if (m.complete) expect(b.modules[mi].complete).toBe(true);
          m.items.forEach((i, ii) => {
            if (i.state === "COMPLETE") expect(b.modules[mi].items[ii].state).toBe("COMPLETE");
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  test("with no progress records nothing is complete (even WATCH/SCORE with threshold 0)", () => {
    fc.assert(
      fc.property(courseArb, ([modules]) => {
        const r = run(modules, new Map());
        expect(r.modules.flatMap((m) => m.items).every((i) => i.state !== "COMPLETE")).toBe(true);
        expect(r.overall.done).toBe(0);
      }),
    );
  });

  test("findPrerequisiteCycle: null exactly when the graph is acyclic (Kahn's algorithm as reference); cycles are real", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(9), { maxLength: 3 }), { minLength: 1, maxLength: 10 }), (links) => {
        const deps = links.map((ps) => [...new Set(ps.filter((p) => p < links.length))]);
        const nodes = deps.map((ps, i) => ({ id: `M${i}`, title: `Module ${i}`, prerequisiteIds: ps.map((p) => `M${p}`) }));
        const pending = deps.map((ps) => ps.length);
        const queue = pending.flatMap((n, i) => (n === 0 ? [i] : []));
        for (let q = 0; q < queue.length; q++) deps.forEach((ps, i) => ps.includes(queue[q]) && --pending[i] === 0 && queue.push(i));
        const cycle = findPrerequisiteCycle(nodes);
        expect(cycle === null).toBe(queue.length === links.length);
        if (cycle) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let k = 0; k + 1 < cycle.length; k++) {
            const from = nodes.find((n) => n.title === cycle[k])!;
            expect(from.prerequisiteIds).toContain(nodes.find((n) => n.title === cycle[k + 1])!.id);
          }
        }
      }),
    );
  });
});
