/**
 * The learner's side of modules: where am I, what is next, what is locked and
 * why. One call loads a fixed number of queries (modules with items,
 * prerequisites, this learner's progress and submissions) whatever the size
 * of the course, then domain/progress.ts decides.
 */
import { computeCourseProgress, describeLock, type CourseProgress, type ItemProgressInput } from "~/domain/progress";
import { formatDateTime } from "~/lib/time";
import { addRange, watchedPercent } from "~/domain/watched";
import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import { decodeRule } from "./date-rules";
import { loadCourseAccess, type CourseAccess } from "./permissions.server";
import type { Actor } from "./users.server";

/** What the progress rules need of a module and its items (shared with class progress). */
export const moduleTreeSelect = {
  id: true,
  title: true,
  position: true,
  published: true,
  sequential: true,
  releaseRule: true,
  items: {
    orderBy: { position: "asc" as const },
    select: { id: true, title: true, position: true, kind: true, published: true, completionRule: true, completionThreshold: true, assignmentId: true },
  },
};

type LearnerCtx = { enrollmentId: string | null; sectionId: string | null; startedAt: Date; timeZone: string };

async function loadCourseModel(courseId: string, enrollmentId: string | null) {
  const db = getDb();
  const [course, modules, prerequisites, progress, submissions] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true, endsAt: true, startsAt: true } }),
    db.module.findMany({
      where: { courseId },
      orderBy: { position: "asc" },
      select: moduleTreeSelect,
    }),
    db.modulePrerequisite.findMany({ where: { module: { courseId } }, select: { moduleId: true, requiresModuleId: true } }),
    enrollmentId
      ? db.itemProgress.findMany({
          where: { enrollmentId },
          select: { itemId: true, viewedAt: true, completedAt: true, watchedPercent: true, positionSeconds: true },
        })
      : Promise.resolve([]),
    enrollmentId ? db.submission.findMany({ where: { enrollmentId }, distinct: ["assignmentId"], select: { assignmentId: true } }) : Promise.resolve([]),
  ]);
  return { course, modules, prerequisites, progress, submissions };
}

function progressMap(model: Awaited<ReturnType<typeof loadCourseModel>>) {
  const submitted = new Set(model.submissions.map((s) => s.assignmentId));
  const rows = new Map(model.progress.map((p) => [p.itemId, p]));
  const out = new Map<string, ItemProgressInput>();
  for (const m of model.modules) {
    for (const item of m.items) {
      const p = rows.get(item.id);
      const done = item.assignmentId ? submitted.has(item.assignmentId) : false;
      if (!p && !done) continue;
      out.set(item.id, {
        viewedAt: p?.viewedAt ?? null,
        completedAt: p?.completedAt ?? null,
        watchedPercent: p?.watchedPercent ?? 0,
        submitted: done,
        scorePercent: null,
      });
    }
  }
  return out;
}

function compute(model: Awaited<ReturnType<typeof loadCourseModel>>, learner: LearnerCtx, now: Date) {
  const prereq = new Map<string, string[]>();
  for (const p of model.prerequisites) prereq.set(p.moduleId, [...(prereq.get(p.moduleId) ?? []), p.requiresModuleId]);
  return computeCourseProgress({
    modules: model.modules.map((m) => ({
      id: m.id,
      title: m.title,
      position: m.position,
      published: m.published,
      sequential: m.sequential,
      releaseRule: decodeRule(m.releaseRule) ?? null,
      prerequisiteIds: prereq.get(m.id) ?? [],
      items: m.items.map((i) => ({ ...i })),
    })),
    progress: progressMap(model),
    learner: { id: learner.enrollmentId ?? "preview", sectionId: learner.sectionId, startedAt: learner.startedAt, timeZone: learner.timeZone },
    course: { timeZone: model.course.timeZone, endsAt: model.course.endsAt },
    now,
  });
}

async function learnerOf(actor: Actor, access: CourseAccess, now: Date, preview: boolean): Promise<LearnerCtx> {
  if (access.role === "STUDENT" && access.enrollmentId) {
    const e = await getDb().enrollment.findUniqueOrThrow({ where: { id: access.enrollmentId }, select: { startedAt: true, sectionId: true } });
    return { enrollmentId: access.enrollmentId, sectionId: e.sectionId, startedAt: e.startedAt, timeZone: actor.timeZone };
  }
  if (access.isStaff && preview) return { enrollmentId: null, sectionId: null, startedAt: now, timeZone: actor.timeZone };
  throw forbidden("Enroll in this course to study it.");
}

/** Modules with progress, locks and the next item, for a student (or staff previewing as one). */
export async function getStudyPlan(actor: Actor, courseId: string, now: Date, preview = false) {
  const access = await loadCourseAccess(actor, { id: courseId });
  const learner = await learnerOf(actor, access, now, preview || access.role !== "STUDENT");
  const model = await loadCourseModel(courseId, learner.enrollmentId);
  const plan = compute(model, learner, now);
  if (learner.enrollmentId && plan.courseComplete) await recordCourseComplete(learner.enrollmentId, now);
  const completedAt = learner.enrollmentId
    ? (await getDb().enrollment.findUniqueOrThrow({ where: { id: learner.enrollmentId }, select: { completedAt: true } })).completedAt
    : null;
  return { access, plan, completedAt, preview: !learner.enrollmentId };
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
  const item = await db.moduleItem.findUnique({
    where: { id: itemId },
    select: { id: true, courseId: true, moduleId: true, title: true, kind: true, body: true, published: true, completionRule: true, completionThreshold: true, assignmentId: true, videoAssetId: true, fileId: true, file: { select: { id: true, filename: true, size: true } } },
  });
  if (!item) throw notFound("item");
  const { access, plan } = await getStudyPlan(actor, item.courseId, now, preview);
  const flat = flattenPlan(plan, actor.timeZone);
  const index = flat.findIndex((i) => i.id === itemId);
  const entry = flat[index];
  if (!entry && !access.isStaff) throw notFound("item");
  if (entry?.state === "LOCKED" && !(access.isStaff && !preview)) {
    throw forbidden(entry.lockText ?? "This item is locked.");
  }
  let progress = null;
  if (access.role === "STUDENT" && access.enrollmentId) {
    progress = await db.itemProgress.upsert({
      where: { enrollmentId_itemId: { enrollmentId: access.enrollmentId, itemId } },
      create: { enrollmentId: access.enrollmentId, itemId, viewedAt: now },
      update: {},
      select: { viewedAt: true, completedAt: true, positionSeconds: true, watchedPercent: true },
    });
    if (!progress.viewedAt) await db.itemProgress.update({ where: { enrollmentId_itemId: { enrollmentId: access.enrollmentId, itemId } }, data: { viewedAt: now } });
  }
  return {
    access,
    item: { ...item, bodyHtml: item.kind === "LESSON" ? renderMarkdown(item.body) : "" },
    progress,
    moduleTitle: entry?.moduleTitle ?? "",
    previous: index > 0 ? flat[index - 1] : null,
    next: index >= 0 && index < flat.length - 1 ? flat[index + 1] : null,
  };
}

/** Items in course order with the plain-language reason for each lock. */
export function flattenPlan(plan: CourseProgress, zone: string) {
  return plan.modules.flatMap((m) =>
    m.items.map((i) => {
      const reason = i.lockReason?.code === "MODULE_LOCKED" && m.lockReason ? m.lockReason : i.lockReason;
      return { ...i, moduleId: m.id, moduleTitle: m.title, lockText: reason ? describeLock(reason, zone, formatDateTime) : null };
    }),
  );
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

/** Saves the resume position and the span actually watched since the last report. */
export async function saveVideoProgress(actor: Actor, itemId: string, input: { position: number; from: number; to: number; duration: number }, now: Date) {
  const db = getDb();
  const item = await db.moduleItem.findUnique({ where: { id: itemId }, select: { courseId: true, kind: true } });
  if (!item || item.kind !== "VIDEO") throw notFound("video");
  const access = await loadCourseAccess(actor, { id: item.courseId });
  if (access.role !== "STUDENT" || !access.enrollmentId) return { watchedPercent: 0 };
  const key = { enrollmentId_itemId: { enrollmentId: access.enrollmentId, itemId } };
  const current = await db.itemProgress.findUnique({ where: key, select: { watchedRanges: true } });
  const ranges = addRange(current?.watchedRanges ?? "", input.from, input.to, input.duration);
  const percent = watchedPercent(ranges, input.duration);
  await db.itemProgress.upsert({
    where: key,
    create: { enrollmentId: access.enrollmentId, itemId, viewedAt: now, positionSeconds: input.position, watchedRanges: ranges, watchedPercent: percent },
    update: { positionSeconds: input.position, watchedRanges: ranges, watchedPercent: percent },
  });
  return { watchedPercent: percent };
}

/** The study plan shaped for the course home: lock texts in the viewer's zone, next item titled. */
export async function getCourseHomePlan(actor: Actor, courseId: string, now: Date, preview = false) {
  const { plan, completedAt, preview: isPreview } = await getStudyPlan(actor, courseId, now, preview);
  const flat = flattenPlan(plan, actor.timeZone);
  const byId = new Map(flat.map((i) => [i.id, i]));
  return {
    preview: isPreview,
    completedAt: completedAt ? formatDateTime(completedAt, actor.timeZone) : null,
    overall: plan.overall,
    next: plan.next ? { itemId: plan.next.itemId, title: byId.get(plan.next.itemId)?.title ?? "" } : null,
    modules: plan.modules.map((m) => ({
      id: m.id,
      title: m.title,
      done: m.done,
      total: m.total,
      complete: m.complete,
      locked: m.locked,
      lockText: m.lockReason ? describeLock(m.lockReason, actor.timeZone, formatDateTime) : null,
      items: m.items.map((i) => ({ id: i.id, title: i.title, kind: i.kind, state: i.state, lockText: byId.get(i.id)?.lockText ?? null })),
    })),
  };
}
