/**
 * The learner's side of modules: where am I, what is next, what is locked and
 * why. One call loads a fixed number of queries (modules with items,
 * prerequisites, this learner's progress and submissions) whatever the size
 * of the course, then domain/progress.ts decides.
 */
import { describeLock, summarizeCourseProgress, type CourseProgressSummary, type ItemView, type ModuleSummary } from "~/domain/progress";
import { pageWindow } from "~/lib/page-window";
import { formatDateTime } from "~/lib/time";
import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import { loadModuleTree } from "./module-tree.server";
import { loadCourseAccess, type CourseAccess } from "./permissions.server";
import { progressInputs, readProgressFlags, submittedAssignmentsOf, type ProgressFlags } from "./progress-flags.server";
import { dateOf, queryRows } from "./raw-query.server";
import type { CompletionRule, ItemKind } from "~/generated/sqlite/enums";
import type { Actor } from "./users.server";

type LearnerCtx = { enrollmentId: string | null; sectionId: string | null; startedAt: Date; completedAt: Date | null; timeZone: string };

type ModelRow = { timeZone: string; endsAt: unknown; moduleTreeVersion: number | bigint; startedAt: unknown; sectionId: string | null; completedAt: unknown };

/**
 * Who studies (a student's enrollment, or staff previewing as a learner who starts today), the
 * course's dates, its module tree (cached by version) and the learner's progress flags. A
 * learner far into a 500-module course has hundreds of progress rows, read on every course home
 * and lesson page, so the reads are few and in plain SQL: one statement for the course, its tree
 * version and the enrollment, next to one for the flags; the tree itself comes from the cache.
 */
async function loadCourseModel(actor: Actor, access: CourseAccess, now: Date, preview: boolean) {
  const enrollmentId = access.role === "STUDENT" && access.enrollmentId ? access.enrollmentId : null;
  if (!enrollmentId && !(access.isStaff && preview)) throw forbidden("Enroll in this course to study it.");
  const courseId = access.course.id;
  const [[row], progress] = await Promise.all([
    queryRows<ModelRow>(
      `SELECT c."timeZone", c."endsAt", c."moduleTreeVersion", e."startedAt", e."sectionId", e."completedAt"
         FROM "Course" c LEFT JOIN "Enrollment" e ON e."id" = $2 AND e."courseId" = c."id"
        WHERE c."id" = $1`,
      [courseId, enrollmentId],
    ),
    enrollmentId ? readProgressFlags(enrollmentId) : Promise.resolve(new Map<string, ProgressFlags>()),
  ]);
  if (!row) throw notFound("course");
  if (enrollmentId && row.startedAt == null) throw notFound("enrollment");
  const learner: LearnerCtx = enrollmentId
    ? { enrollmentId, sectionId: row.sectionId, startedAt: dateOf(row.startedAt)!, completedAt: dateOf(row.completedAt), timeZone: actor.timeZone }
    : { enrollmentId: null, sectionId: null, startedAt: now, completedAt: null, timeZone: actor.timeZone };
  // Published modules and items only: the plan counts nothing else.
  const modules = await loadModuleTree(courseId, { publishedOnly: true, version: Number(row.moduleTreeVersion) });
  const submitted = enrollmentId ? (await submittedAssignmentsOf([enrollmentId], modules)).get(enrollmentId) : undefined;
  return { learner, course: { timeZone: row.timeZone, endsAt: dateOf(row.endsAt) }, modules, progress, submitted };
}

function compute(model: Awaited<ReturnType<typeof loadCourseModel>>, now: Date) {
  const { learner } = model;
  return summarizeCourseProgress({
    modules: model.modules, // the (cached) tree is shaped as the domain's input
    progress: progressInputs(model.progress, model.submitted, model.modules),
    learner: { id: learner.enrollmentId ?? "preview", sectionId: learner.sectionId, startedAt: learner.startedAt, timeZone: learner.timeZone },
    course: model.course,
    now,
  });
}

/**
 * Modules with progress, locks and the next item, for a student (or staff previewing as one); item
 * views per module on request (`plan.itemsOf`).
 */
async function studyPlanWithModel(actor: Actor, courseId: string, now: Date, preview: boolean) {
  const access = await loadCourseAccess(actor, { id: courseId });
  const model = await loadCourseModel(actor, access, now, preview || access.role !== "STUDENT");
  const plan = compute(model, now);
  const { learner } = model;
  let completedAt = learner.completedAt;
  if (learner.enrollmentId && plan.courseComplete && !completedAt) {
    await recordCourseComplete(learner.enrollmentId, now);
    completedAt = now;
  }
  return { access, plan, completedAt, preview: !learner.enrollmentId, model };
}

/**
 * Which of the course's items are open to the actor (a student: not LOCKED in their plan; staff:
 * all), with the lock text of the first locked one, for files that belong to items.
 */
export async function unlockedItemIds(actor: Actor, courseId: string, itemIds: string[], now: Date) {
  const access = await loadCourseAccess(actor, { id: courseId });
  if (access.isStaff) return { unlocked: itemIds, lockText: null };
  const { plan, model } = await studyPlanWithModel(actor, courseId, now, false);
  const wanted = new Set(itemIds);
  // Item views only for the modules that hold the items asked about (a lesson's images are one request each).
  const holding = new Set(model.modules.filter((m) => m.items.some((i) => wanted.has(i.id))).map((m) => m.id));
  const entries = plan.modules
    .flatMap((m, index) => {
      if (!holding.has(m.id)) return [];
      const moduleLockText = moduleLockTextOf(m, actor.timeZone);
      return plan.itemsOf(index).map((i) => entryOf(m, i, moduleLockText, actor.timeZone));
    })
    .filter((e) => wanted.has(e.id));
  return { unlocked: entries.filter((e) => e.state !== "LOCKED").map((e) => e.id), lockText: entries.find((e) => e.state === "LOCKED")?.lockText ?? null };
}

async function recordCourseComplete(enrollmentId: string, now: Date) {
  await getDb().enrollment.updateMany({ where: { id: enrollmentId, completedAt: null }, data: { completedAt: now } });
}

/**
 * One item for its viewer. A locked item answers 403 with the reason, never
 * the content. Viewing counts toward "view" completion.
 */
export async function openItem(actor: Actor, itemId: string, now: Date, preview = false) {
  const db = getDb();
  const [row] = await queryRows<ItemRow>(
    `SELECT "id", "courseId", "moduleId", "title", "kind", "body", "published", "completionRule", "completionThreshold", "assignmentId", "videoAssetId", "fileId"
       FROM "ModuleItem" WHERE "id" = $1`,
    [itemId],
  );
  if (!row) throw notFound("item");
  const item = { ...row, published: Boolean(row.published), completionThreshold: row.completionThreshold === null ? null : Number(row.completionThreshold) };
  const { access, plan, model } = await studyPlanWithModel(actor, item.courseId, now, preview);
  const { entry, previous, next } = neighbours(plan, item.moduleId, itemId, actor.timeZone);
  if (!entry && !access.isStaff) throw notFound("item");
  if (entry?.state === "LOCKED" && !(access.isStaff && !preview)) {
    throw forbidden(entry.lockText ?? "This item is locked.");
  }
  // The download of a FILE item (a second query only for those).
  const file = item.kind === "FILE" && item.fileId ? await db.storedFile.findUnique({ where: { id: item.fileId }, select: { id: true, filename: true, size: true } }) : null;
  let progress = null;
  if (access.role === "STUDENT" && access.enrollmentId) {
    // Viewed before (the plan's flags say so): one read for its dates and resume position. A
    // first view writes the row.
    const [known] = model.progress.get(itemId)?.viewed
      ? await queryRows<{ viewedAt: unknown; completedAt: unknown; positionSeconds: number | bigint; watchedPercent: number | bigint }>(
          `SELECT "viewedAt", "completedAt", "positionSeconds", "watchedPercent" FROM "ItemProgress" WHERE "enrollmentId" = $1 AND "itemId" = $2`,
          [access.enrollmentId, itemId],
        )
      : [];
    progress = known
      ? { viewedAt: dateOf(known.viewedAt)!, completedAt: dateOf(known.completedAt), positionSeconds: Number(known.positionSeconds), watchedPercent: Number(known.watchedPercent) }
      : await db.itemProgress.upsert({
          where: { enrollmentId_itemId: { enrollmentId: access.enrollmentId, itemId } },
          create: { enrollmentId: access.enrollmentId, itemId, viewedAt: now },
          update: { viewedAt: now },
          select: { viewedAt: true, completedAt: true, positionSeconds: true, watchedPercent: true },
        });
  }
  return {
    access,
    item: { ...item, file, bodyHtml: item.kind === "LESSON" ? renderMarkdown(item.body) : "" },
    progress,
    moduleTitle: entry?.moduleTitle ?? "",
    previous,
    next,
  };
}

type ItemRow = {
  id: string;
  courseId: string;
  moduleId: string;
  title: string;
  kind: ItemKind;
  body: string;
  published: unknown;
  completionRule: CompletionRule;
  completionThreshold: number | bigint | null;
  assignmentId: string | null;
  videoAssetId: string | null;
  fileId: string | null;
};

const moduleLockTextOf = (m: ModuleSummary, zone: string) => (m.lockReason ? describeLock(m.lockReason, zone, formatDateTime) : null);

/** An item of the plan with its module and the plain-language reason for its lock (an item locked with its module gives the module's reason). */
function entryOf(m: ModuleSummary, i: ItemView, moduleLockText: string | null, zone: string) {
  const lockText = !i.lockReason ? null : i.lockReason.code === "MODULE_LOCKED" && moduleLockText ? moduleLockText : describeLock(i.lockReason, zone, formatDateTime);
  return { ...i, moduleId: m.id, moduleTitle: m.title, moduleLockText, lockText };
}

type PlanEntry = ReturnType<typeof entryOf>;

/**
 * The item and the ones before and after it in course order, lock texts formatted for these three
 * only. Item views are made for the item's module and the modules walked to its neighbours (the
 * item's row names its module), not for the whole course.
 */
function neighbours(plan: CourseProgressSummary, moduleId: string, itemId: string, zone: string): { entry: PlanEntry | null; previous: PlanEntry | null; next: PlanEntry | null } {
  const views = new Map<number, ItemView[]>();
  const itemsAt = (mi: number) => {
    let items = views.get(mi);
    if (!items) views.set(mi, (items = plan.itemsOf(mi)));
    return items;
  };
  const at = (mi: number, ii: number): PlanEntry => entryOf(plan.modules[mi], itemsAt(mi)[ii], moduleLockTextOf(plan.modules[mi], zone), zone);
  const step = (mi: number, ii: number, dir: 1 | -1): PlanEntry | null => {
    for (ii += dir; ; ) {
      if (ii >= 0 && ii < itemsAt(mi).length) return at(mi, ii);
      mi += dir;
      if (mi < 0 || mi >= plan.modules.length) return null;
      ii = dir === 1 ? 0 : itemsAt(mi).length - 1;
    }
  };
  const mi = plan.modules.findIndex((m) => m.id === moduleId);
  const ii = mi < 0 ? -1 : itemsAt(mi).findIndex((i) => i.id === itemId);
  if (ii < 0) return { entry: null, previous: null, next: null };
  return { entry: at(mi, ii), previous: step(mi, ii, -1), next: step(mi, ii, 1) };
}

async function enrollmentForItem(actor: Actor, itemId: string, now: Date) {
  const opened = await openItem(actor, itemId, now);
  if (opened.access.role !== "STUDENT" || !opened.access.enrollmentId) throw forbidden("Only students record progress.");
  return { enrollmentId: opened.access.enrollmentId, item: opened.item };
}

/** "Mark as done" (and undo). */
export async function setItemDone(actor: Actor, itemId: string, done: boolean, now: Date) {
  const { enrollmentId } = await enrollmentForItem(actor, itemId, now);
  await getDb().itemProgress.update({ where: { enrollmentId_itemId: { enrollmentId, itemId } }, data: { completedAt: done ? now : null } });
}

/** Modules shown at once on the course home; the rest are a page away (a course can hold hundreds). */
export const HOME_MODULES_PER_PAGE = 20;

/**
 * The study plan shaped for the course home: overall progress and "Continue" over the whole
 * course, and one page of modules with their items (lock texts in the viewer's zone). Without a
 * page number, the page holding the next item, so the learner lands where they left off.
 */
export async function getCourseHomePlan(actor: Actor, courseId: string, now: Date, preview = false, page?: number | null) {
  const { plan, completedAt, preview: isPreview } = await studyPlanWithModel(actor, courseId, now, preview);
  const zone = actor.timeZone;
  const nextModule = plan.next ? plan.modules.findIndex((m) => m.id === plan.next!.moduleId) : -1;
  const { start, end, ...modulePage } = pageWindow(plan.modules.length, HOME_MODULES_PER_PAGE, page, nextModule >= 0 ? Math.floor(nextModule / HOME_MODULES_PER_PAGE) + 1 : 1);
  const nextTitle = nextModule >= 0 ? (plan.itemsOf(nextModule).find((i) => i.id === plan.next!.itemId)?.title ?? "") : "";
  // Item views for the page's modules only: a 500-module course has over a thousand items.
  const modules = plan.modules.slice(start, end).map((m, k) => ({
    id: m.id,
    title: m.title,
    done: m.done,
    total: m.total,
    complete: m.complete,
    locked: m.locked,
    lockText: m.lockReason ? describeLock(m.lockReason, zone, formatDateTime) : null,
    items: plan.itemsOf(start + k).map((i) => ({
      id: i.id,
      title: i.title,
      kind: i.kind,
      state: i.state,
      // Items locked with their module say only "Locked": the module shows why, once.
      lockText: i.lockReason && i.lockReason.code !== "MODULE_LOCKED" ? describeLock(i.lockReason, zone, formatDateTime) : null,
    })),
  }));
  return {
    preview: isPreview,
    completedAt: completedAt ? formatDateTime(completedAt, zone) : null,
    overall: plan.overall,
    next: plan.next ? { itemId: plan.next.itemId, title: nextTitle } : null,
    modules,
    modulePage,
  };
}
