/**
 * Course progress for ONE learner: where am I, what is next, what is locked and why. Pure: no
 * I/O, no clock (`now` is a parameter). Linear in modules + items + prerequisite links (plus
 * the position sort); one schedule resolver per call. `summarizeCourseProgress` is the same plan
 * with the item views made per module on request.
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

/**
 * Stable sort by position (ties keep input order), published only. Runs for every module and its
 * items on each plan, so a list already in order (the cached tree is) is returned as it is,
 * without a copy or a sort; treat the result as read-only.
 */
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

type Prepared = { module: ModuleInput; index: number; items: readonly ItemInput[]; flags: boolean[]; done: number; complete: boolean; locked: boolean };

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

/** In a sequential module, an item waits while the item before it is not complete. */
const waitsForPrevious = (p: Prepared, i: number) => p.module.sequential && i > 0 && !p.flags[i - 1];

/** One item's view: the item rules of the file header, in order. */
function itemView(p: Prepared, i: number): ItemView {
  const item = p.items[i];
  let reason: ItemLockReason | null = null;
  if (!p.flags[i]) {
    if (p.locked) reason = MODULE_LOCKED;
    else if (waitsForPrevious(p, i)) reason = { code: "SEQUENTIAL", after: { id: p.items[i - 1].id, title: p.items[i - 1].title } };
  }
  return { id: item.id, title: item.title, kind: item.kind, state: p.flags[i] ? "COMPLETE" : reason ? "LOCKED" : "AVAILABLE", lockReason: reason };
}

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
  const resolver = createResolver(input.course, input.learner);

  // Pass 1: item completion per module (prerequisites need every module's completion first).
  const prepared = publishedByPosition(input.modules).map((module, index): Prepared => {
    const items = publishedByPosition(module.items);
    const flags = new Array<boolean>(items.length);
    let done = 0;
    for (let i = 0; i < items.length; i++) if ((flags[i] = isItemComplete(items[i], progress.get(items[i].id)))) done++;
    return { module, index, items, flags, done, complete: done === items.length, locked: false };
  });
  const byId = new Map<string, Prepared>();
  for (const p of prepared) if (!byId.has(p.module.id)) byId.set(p.module.id, p);

  // Pass 2: release, locks, totals, and the first available item.
  const modules: ModuleSummary[] = new Array(prepared.length);
  let next: CourseProgress["next"] = null;
  let overallDone = 0;
  let overallTotal = 0;
  let courseComplete = true;
  for (let index = 0; index < prepared.length; index++) {
    const p = prepared[index];
    const { module, items, done, complete } = p;
    const releaseAt = module.releaseRule ? resolver.openingOf(module.releaseRule) : null;
    const released = releaseAt === null || now.getTime() >= releaseAt.getTime();

    let lockReason: ModuleLockReason | null = null;
    if (!released) lockReason = { code: "NOT_RELEASED", at: releaseAt as Date };
    else {
      const missing = missingPrerequisites(module, byId);
      if (missing.length) lockReason = { code: "PREREQUISITES", modules: missing };
    }
    p.locked = lockReason !== null;

    if (next === null && !p.locked) {
      for (let i = 0; i < items.length; i++) {
        if (!p.flags[i] && !waitsForPrevious(p, i)) {
          next = { moduleId: module.id, itemId: items[i].id };
          break;
        }
      }
    }
    if (released) {
      overallDone += done;
      overallTotal += items.length;
    }
    if (!released || !complete) courseComplete = false;
    modules[index] = { id: module.id, title: module.title, released, releaseAt, locked: p.locked, lockReason, complete, done, total: items.length };
  }

  const percent = overallTotal === 0 ? (courseComplete ? 100 : 0) : Math.floor((overallDone * 100) / overallTotal);
  const itemsOf = (index: number): ItemView[] => {
    const p = prepared[index];
    if (!p) throw new RangeError(`No module at index ${index} of the plan.`);
    const views: ItemView[] = new Array(p.items.length);
    for (let i = 0; i < p.items.length; i++) views[i] = itemView(p, i);
    return views;
  };
  return { modules, overall: { done: overallDone, total: overallTotal, percent }, courseComplete, next, itemsOf };
}

/** Direct prerequisites of `module` that are published, not itself, and not complete; in course order. */
function missingPrerequisites(module: ModuleInput, byId: ReadonlyMap<string, Prepared>): ModuleRef[] {
  const ids = module.prerequisiteIds;
  if (!ids || ids.length === 0) return [];
  const seen = new Set<string>();
  const missing: Prepared[] = [];
  for (const id of ids) {
    if (id === module.id || seen.has(id)) continue;
    seen.add(id);
    const p = byId.get(id);
    if (p && !p.complete) missing.push(p);
  }
  if (missing.length > 1) missing.sort((a, b) => a.index - b.index);
  return missing.map((p) => ({ id: p.module.id, title: p.module.title }));
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
