/**
 * Course progress for ONE learner: where am I, what is next, what is locked and why. Pure: no
 * I/O, no clock (`now` is a parameter). What depends only on the course (order, the flat item
 * list, prerequisites as indices) is made once per modules array, in time linear in modules +
 * items + prerequisite links plus the position sort; each learner's plan is then linear in
 * modules + items + their progress records, with one schedule resolver per call.
 * `summarizeCourseProgress` is the same plan with the item views made per module on request.
 *
 * Semantics (see also docs/decisions.md):
 * - Only published modules and published items exist for learners. `preview: true` (an
 *   instructor viewing as a student) changes nothing: previews show exactly what learners see.
 * - Modules and items are ordered by `position`; ties keep the input order.
 * - A module is released when its `releaseRule` (resolved by the schedule engine as
 *   `{ openAt: releaseRule }`, `ScheduleResolver.openingOf`) is not NOT_OPEN at `now`: exactly at
 *   the release instant it is released. No rule = always released (`releaseAt` null). Invalid rules throw
 *   `ScheduleRuleError` (rules are validated when saved).
 * - A module is complete when all its published items are complete; an empty module is
 *   complete. Completion is recomputed from item records every time, so an item added after a
 *   learner finished a module makes it incomplete again (the service keeps the first
 *   course-completion date).
 * - Lock of a module, first match wins: NOT_RELEASED (even if prerequisites are also missing:
 *   finishing them would not open it) → PREREQUISITES (the direct prerequisites that are not
 *   complete, in course order). A prerequisite counts as met when the required module is
 *   complete, whatever its own lock. Prerequisites on unpublished or unknown modules and
 *   self-prerequisites are ignored (saving rejects them; see `findPrerequisiteCycle`).
 * - Item state: COMPLETE whenever its rule is met (done work is never hidden by a lock that
 *   appeared later), else LOCKED/MODULE_LOCKED inside a locked module, else in a sequential
 *   module LOCKED/SEQUENTIAL while the item just before it is not complete, else AVAILABLE.
 * - `overall` counts only items of released modules (drip content not yet released does not
 *   lower it; released items locked by prerequisites do count). percent = floor(done/total),
 *   so 100 means everything released is done; with nothing to count it is 100 when the course
 *   is complete, else 0.
 * - `courseComplete`: every published module is released and complete. A course with drip
 *   content still to come is not complete, even at 100 %.
 * - `next` ("Continue where you left off"): the first AVAILABLE item in course order.
 */
import { createResolver, type CourseContext, type DateRule, type LearnerContext } from "./schedule.js";

export type ItemKind = "LESSON" | "VIDEO" | "FILE" | "ASSIGNMENT" | "DISCUSSION";
export type CompletionRule = "VIEW" | "MARK_DONE" | "WATCH" | "SUBMIT" | "SCORE";
/** Watched % needed for WATCH when the item has no threshold. */
export const DEFAULT_WATCH_THRESHOLD = 90;
/** Score % needed for SCORE when the item has no threshold (any score). */
export const DEFAULT_SCORE_THRESHOLD = 0;

export type ItemInput = {
  id: string;
  title: string;
  position: number;
  kind: ItemKind;
  published: boolean;
  completionRule: CompletionRule;
  completionThreshold: number | null;
};
export type ModuleInput = {
  id: string;
  title: string;
  position: number;
  published: boolean;
  sequential: boolean;
  releaseRule: DateRule | null;
  prerequisiteIds: readonly string[];
  items: readonly ItemInput[];
};
/** The learner's record for one item; a missing record means nothing done. Only whether it was viewed or marked done counts, not when. */
export type ItemProgressInput = {
  viewed: boolean;
  completed: boolean;
  watchedPercent: number;
  submitted: boolean;
  scorePercent: number | null;
};
export type ModuleRef = { id: string; title: string };
export type ModuleLockReason = { code: "NOT_RELEASED"; at: Date } | { code: "PREREQUISITES"; modules: ModuleRef[] };
export type ItemLockReason = { code: "SEQUENTIAL"; after: { id: string; title: string } } | { code: "MODULE_LOCKED" };
export type LockReason = ModuleLockReason | ItemLockReason;
export type ItemState = "LOCKED" | "AVAILABLE" | "COMPLETE";
export type ItemView = { id: string; title: string; kind: ItemKind; state: ItemState; lockReason: ItemLockReason | null };
export type ModuleView = {
  id: string;
  title: string;
  released: boolean;
  releaseAt: Date | null;
  locked: boolean;
  lockReason: ModuleLockReason | null;
  complete: boolean;
  items: ItemView[];
  done: number;
  total: number;
};
export type CourseProgressInput = {
  modules: readonly ModuleInput[];
  progress: ReadonlyMap<string, ItemProgressInput>;
  learner: LearnerContext;
  course: CourseContext;
  now: Date;
  /** An instructor previewing as a student: same output. */
  preview?: boolean;
};
export type CourseProgress = {
  modules: ModuleView[];
  overall: { done: number; total: number; percent: number };
  courseComplete: boolean;
  next: { moduleId: string; itemId: string } | null;
};

/** Whether the item's completion rule is met by the learner's record (missing = nothing done). */
export function isItemComplete(
  item: Pick<ItemInput, "completionRule" | "completionThreshold">,
  progress: ItemProgressInput | null | undefined,
): boolean {
  if (!progress) return false;
  switch (item.completionRule) {
    case "VIEW":
      return progress.viewed || progress.completed;
    case "MARK_DONE":
      return progress.completed;
    case "WATCH":
      return progress.watchedPercent >= (item.completionThreshold ?? DEFAULT_WATCH_THRESHOLD);
    case "SUBMIT":
      return progress.submitted === true;
    case "SCORE":
      return progress.scorePercent != null && progress.scorePercent >= (item.completionThreshold ?? DEFAULT_SCORE_THRESHOLD);
    default:
      return false;
  }
}

/** Stable sort by position (ties keep input order), published only; a list already in order is returned as it is. */
function publishedByPosition<T extends { position: number; published: boolean }>(list: readonly T[]): readonly T[] {
  let ordered = true;
  for (let i = 0; i < list.length; i++) {
    if (!list[i].published || (i > 0 && list[i - 1].position > list[i].position)) {
      ordered = false;
      break;
    }
  }
  if (ordered) return list;
  return list.filter((x) => x.published).sort((a, b) => a.position - b.position);
}

/**
 * What the plan needs of a course's modules, whoever the learner: published modules and items in
 * order, the items in one flat list, and each module's prerequisites as module indices. Made once
 * per modules array ({@link courseShapeOf}), so a learner's plan walks small arrays instead of a
 * few thousand objects, and looks up only the items they have a record for.
 */
type CourseShape = {
  modules: readonly ModuleInput[];
  /** Every published item of every published module, in course order. */
  items: readonly ItemInput[];
  /** Module m holds items[start[m]] up to (not including) items[start[m + 1]]. */
  start: Int32Array;
  /** Item id → its first flat index; `sameId` chains further items with that id (-1 ends). */
  firstIndex: ReadonlyMap<string, number>;
  sameId: Int32Array;
  /** Per module: its distinct published prerequisites other than itself, as module indices in course order. */
  prerequisites: readonly (readonly number[])[];
};

function buildCourseShape(input: readonly ModuleInput[]): CourseShape {
  const modules = publishedByPosition(input);
  const start = new Int32Array(modules.length + 1);
  const items: ItemInput[] = [];
  const moduleIndex = new Map<string, number>();
  modules.forEach((module, m) => {
    start[m] = items.length;
    for (const item of publishedByPosition(module.items)) items.push(item);
    if (!moduleIndex.has(module.id)) moduleIndex.set(module.id, m);
  });
  start[modules.length] = items.length;
  const firstIndex = new Map<string, number>();
  const lastIndex = new Map<string, number>();
  const sameId = new Int32Array(items.length).fill(-1);
  items.forEach((item, k) => {
    const last = lastIndex.get(item.id);
    if (last === undefined) firstIndex.set(item.id, k);
    else sameId[last] = k;
    lastIndex.set(item.id, k);
  });
  const prerequisites = modules.map((module) => {
    const found = new Set<number>();
    for (const id of module.prerequisiteIds ?? []) {
      const m = moduleIndex.get(id);
      if (id !== module.id && m !== undefined) found.add(m);
    }
    return [...found].sort((a, b) => a - b);
  });
  return { modules, items, start, firstIndex, sameId, prerequisites };
}

/**
 * Shapes by modules array. Inputs are read-only (the service's cached tree is one array per
 * version, shared by every request), so a shape never goes stale; like the schedule engine's
 * parsed rules, this is a memo, not state.
 */
const shapes = new WeakMap<readonly ModuleInput[], CourseShape>();

function courseShapeOf(modules: readonly ModuleInput[]): CourseShape {
  let shape = shapes.get(modules);
  if (!shape) shapes.set(modules, (shape = buildCourseShape(modules)));
  return shape;
}

/** A module of the plan without its item views (`CourseProgressSummary.itemsOf` makes them). */
export type ModuleSummary = Omit<ModuleView, "items">;
/**
 * The plan without item views: what the course home's overall bar and "Continue", and the
 * instructor's class progress, need of every module. A 500-module course has over a thousand
 * items, and a page shows a few dozen of them.
 */
export type CourseProgressSummary = Omit<CourseProgress, "modules"> & {
  modules: ModuleSummary[];
  /** The item views of `modules[index]`, exactly as `computeCourseProgress` gives them. */
  itemsOf(index: number): ItemView[];
};

/** Shared: the reason carries no data, and plans are read-only. */
const MODULE_LOCKED: ItemLockReason = Object.freeze({ code: "MODULE_LOCKED" });

/** The whole plan for one learner, with every item view (the summary and all its `itemsOf`). See the file header for every rule. */
export function computeCourseProgress(input: CourseProgressInput): CourseProgress {
  const { modules, itemsOf, ...rest } = summarizeCourseProgress(input);
  // Written out: a field added after a spread takes V8's slow path (docs/decisions.md).
  const views = modules.map((m, i): ModuleView => ({
    id: m.id,
    title: m.title,
    released: m.released,
    releaseAt: m.releaseAt,
    locked: m.locked,
    lockReason: m.lockReason,
    complete: m.complete,
    items: itemsOf(i),
    done: m.done,
    total: m.total,
  }));
  return { modules: views, ...rest };
}

/**
 * The same plan as {@link computeCourseProgress}, with the item views made on request, per module.
 * See the file header for every rule.
 */
export function summarizeCourseProgress(input: CourseProgressInput): CourseProgressSummary {
  const { progress, now } = input;
  const shape = courseShapeOf(input.modules);
  const { items, start, prerequisites } = shape;
  const resolver = createResolver(input.course, input.learner);

  // Item completion: only items the learner has a record for can be complete.
  const done = new Uint8Array(items.length);
  for (const [id, record] of progress) {
    for (let k = shape.firstIndex.get(id) ?? -1; k >= 0; k = shape.sameId[k]) if (isItemComplete(items[k], record)) done[k] = 1;
  }
  const moduleCount = shape.modules.length;
  const complete = new Uint8Array(moduleCount);
  const doneCount = new Int32Array(moduleCount);
  for (let m = 0; m < moduleCount; m++) {
    let n = 0;
    for (let k = start[m]; k < start[m + 1]; k++) n += done[k];
    doneCount[m] = n;
    complete[m] = n === start[m + 1] - start[m] ? 1 : 0;
  }
  /** In a sequential module, an item waits while the item before it is not complete. */
  const waits = (m: number, k: number) => shape.modules[m].sequential && k > start[m] && !done[k - 1];

  // Release, locks, totals, and the first available item.
  const modules: ModuleSummary[] = new Array(moduleCount);
  let next: CourseProgress["next"] = null;
  let overallDone = 0;
  let overallTotal = 0;
  let courseComplete = true;
  for (let m = 0; m < moduleCount; m++) {
    const module = shape.modules[m];
    const total = start[m + 1] - start[m];
    const releaseAt = module.releaseRule ? resolver.openingOf(module.releaseRule) : null;
    const released = releaseAt === null || now.getTime() >= releaseAt.getTime();

    let lockReason: ModuleLockReason | null = null;
    if (!released) lockReason = { code: "NOT_RELEASED", at: releaseAt as Date };
    else {
      const missing = prerequisites[m].filter((r) => !complete[r]);
      if (missing.length) lockReason = { code: "PREREQUISITES", modules: missing.map((r) => ({ id: shape.modules[r].id, title: shape.modules[r].title })) };
    }
    if (next === null && !lockReason) {
      for (let k = start[m]; k < start[m + 1]; k++) {
        if (!done[k] && !waits(m, k)) {
          next = { moduleId: module.id, itemId: items[k].id };
          break;
        }
      }
    }
    if (released) {
      overallDone += doneCount[m];
      overallTotal += total;
    }
    if (!released || !complete[m]) courseComplete = false;
    modules[m] = { id: module.id, title: module.title, released, releaseAt, locked: lockReason !== null, lockReason, complete: complete[m] === 1, done: doneCount[m], total };
  }

  const percent = overallTotal === 0 ? (courseComplete ? 100 : 0) : Math.floor((overallDone * 100) / overallTotal);
  /** One item's view: the item rules of the file header, in order. */
  const itemView = (m: number, k: number): ItemView => {
    const item = items[k];
    let reason: ItemLockReason | null = null;
    if (!done[k]) {
      if (modules[m].locked) reason = MODULE_LOCKED;
      else if (waits(m, k)) reason = { code: "SEQUENTIAL", after: { id: items[k - 1].id, title: items[k - 1].title } };
    }
    return { id: item.id, title: item.title, kind: item.kind, state: done[k] ? "COMPLETE" : reason ? "LOCKED" : "AVAILABLE", lockReason: reason };
  };
  const itemsOf = (m: number): ItemView[] => {
    if (!Number.isInteger(m) || m < 0 || m >= moduleCount) throw new RangeError(`No module at index ${m} of the plan.`);
    const views: ItemView[] = new Array(start[m + 1] - start[m]);
    for (let k = start[m]; k < start[m + 1]; k++) views[k - start[m]] = itemView(m, k);
    return views;
  };
  return { modules, overall: { done: overallDone, total: overallTotal, percent }, courseComplete, next, itemsOf };
}

export type PrerequisiteNode = { id: string; title: string; prerequisiteIds: readonly string[] };

/**
 * The first prerequisite cycle as titles, following "requires" links and repeating the first
 * title at the end (["Module A", "Module B", "Module A"]; a self-prerequisite is
 * ["Module A", "Module A"]), or null. Unknown ids are ignored. Iterative, linear time.
 */
export function findPrerequisiteCycle(modules: readonly PrerequisiteNode[]): string[] | null {
  const byId = new Map<string, PrerequisiteNode>();
  for (const m of modules) if (!byId.has(m.id)) byId.set(m.id, m);
  const ON_PATH = 1;
  const DONE = 2;
  const mark = new Map<string, number>();
  for (const root of byId.values()) {
    if (mark.has(root.id)) continue;
    const path: { node: PrerequisiteNode; next: number }[] = [{ node: root, next: 0 }];
    mark.set(root.id, ON_PATH);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const deps = top.node.prerequisiteIds ?? [];
      if (top.next >= deps.length) {
        mark.set(top.node.id, DONE);
        path.pop();
        continue;
      }
      const dep = byId.get(deps[top.next++]);
      if (!dep) continue;
      const m = mark.get(dep.id);
      if (m === ON_PATH) {
        const from = path.findIndex((f) => f.node.id === dep.id);
        return [...path.slice(from).map((f) => f.node.title), dep.title];
      }
      if (m === undefined) {
        mark.set(dep.id, ON_PATH);
        path.push({ node: dep, next: 0 });
      }
    }
  }
  return null;
}

/** "A", "A and B", "A, B and C"; more than `max` names end "and N more <noun>". */
function listText(names: readonly string[], noun: string, max = 3): string {
  if (names.length > max) return `${names.slice(0, max).join(", ")} and ${names.length - max} more ${noun}`;
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Plain-language 400 message for a cycle from `findPrerequisiteCycle`. */
export function describePrerequisiteCycle(cycle: readonly string[]): string {
  const names = cycle.slice(0, -1);
  if (names.length <= 1) return `${names[0] ?? cycle[0] ?? "A module"} cannot be its own prerequisite.`;
  if (names.length === 2) return `${names[0]} and ${names[1]} require each other. Remove one of the prerequisites.`;
  return `These modules require each other in a loop: ${cycle.join(" → ")}. Remove one of the prerequisites.`;
}

/**
 * Plain-language text of a lock: "Opens Tue 3 Mar, 09:00 your time", "Complete Module 2 first",
 * "Complete “Intro video” first". `formatDate(at, zone)` formats the instant in `zone` (the
 * learner's zone) and is a parameter so the domain stays free of locale/formatting choices.
 */
export function describeLock(reason: LockReason, zone: string, formatDate: (at: Date, zone: string) => string): string {
  switch (reason.code) {
    case "NOT_RELEASED":
      return `Opens ${formatDate(reason.at, zone)} your time`;
    case "PREREQUISITES":
      return `Complete ${listText(reason.modules.map((m) => m.title), "modules")} first`;
    case "SEQUENTIAL":
      return `Complete “${reason.after.title}” first`;
    case "MODULE_LOCKED":
      return "Opens when this module unlocks";
  }
}
