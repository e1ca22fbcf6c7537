/**
 * The instructor's view of progress: per student, per module completion, and
 * the class as a funnel (how many students completed each module). A fixed
 * number of queries; completion per student is computed by domain/progress.ts
 * exactly as the student sees it.
 */
import { computeCourseProgress, type ItemProgressInput } from "~/domain/progress";
import { getDb } from "~/lib/db.server";
import { decodeRule } from "./date-rules";
import { moduleTreeSelect } from "./study.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const PROGRESS_PAGE_SIZE = 100;

export async function getClassProgress(actor: Actor, courseId: string, now: Date, options: { page?: number; all?: boolean } = {}) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see class progress.");
  const db = getDb();
  const page = Math.max(1, options.page ?? 1);
  const where = { courseId, status: "ACTIVE" as const, role: "STUDENT" as const };
  const [course, modules, prerequisites, total, enrollments] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true, endsAt: true } }),
    db.module.findMany({
      where: { courseId, published: true },
      orderBy: { position: "asc" },
      select: { ...moduleTreeSelect, items: { ...moduleTreeSelect.items, where: { published: true } } },
    }),
    db.modulePrerequisite.findMany({ where: { module: { courseId } }, select: { moduleId: true, requiresModuleId: true } }),
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: { user: { displayName: "asc" } },
      ...(options.all ? {} : { skip: (page - 1) * PROGRESS_PAGE_SIZE, take: PROGRESS_PAGE_SIZE }),
      select: { id: true, sectionId: true, startedAt: true, completedAt: true, user: { select: { displayName: true, email: true, timeZone: true } } },
    }),
  ]);
  const enrollmentIds = enrollments.map((e) => e.id);
  const [progressRows, submissions] = await Promise.all([
    db.itemProgress.findMany({ where: { enrollmentId: { in: enrollmentIds } }, select: { enrollmentId: true, itemId: true, viewedAt: true, completedAt: true, watchedPercent: true } }),
    db.submission.findMany({ where: { enrollmentId: { in: enrollmentIds } }, distinct: ["enrollmentId", "assignmentId"], select: { enrollmentId: true, assignmentId: true } }),
  ]);
  const prereq = new Map<string, string[]>();
  for (const p of prerequisites) prereq.set(p.moduleId, [...(prereq.get(p.moduleId) ?? []), p.requiresModuleId]);
  const moduleInputs = modules.map((m) => ({ ...m, releaseRule: decodeRule(m.releaseRule) ?? null, prerequisiteIds: prereq.get(m.id) ?? [] }));
  const progressBy = new Map<string, Map<string, ItemProgressInput>>();
  const submittedBy = new Set(submissions.map((s) => `${s.enrollmentId}|${s.assignmentId}`));
  for (const p of progressRows) {
    const map = progressBy.get(p.enrollmentId) ?? new Map();
    map.set(p.itemId, { viewedAt: p.viewedAt, completedAt: p.completedAt, watchedPercent: p.watchedPercent, submitted: false, scorePercent: null });
    progressBy.set(p.enrollmentId, map);
  }
  const rows = enrollments.map((e) => {
    const map = new Map(progressBy.get(e.id) ?? []);
    for (const m of modules) {
      for (const i of m.items) {
        if (i.assignmentId && submittedBy.has(`${e.id}|${i.assignmentId}`)) {
          map.set(i.id, { ...(map.get(i.id) ?? { viewedAt: null, completedAt: null, watchedPercent: 0, scorePercent: null }), submitted: true });
        }
      }
    }
    const plan = computeCourseProgress({
      modules: moduleInputs,
      progress: map,
      learner: { id: e.id, sectionId: e.sectionId, startedAt: e.startedAt, timeZone: e.user.timeZone },
      course,
      now,
    });
    return {
      enrollmentId: e.id,
      name: e.user.displayName,
      email: e.user.email,
      percent: plan.overall.percent,
      completedAt: e.completedAt,
      modules: plan.modules.map((m) => ({ id: m.id, done: m.done, total: m.total, complete: m.complete })),
    };
  });
  const funnel = modules.map((m, index) => ({
    id: m.id,
    title: m.title,
    completed: rows.filter((r) => r.modules[index]?.complete).length,
  }));
  return { modules: modules.map((m) => ({ id: m.id, title: m.title })), rows, funnel, total, page, pageCount: Math.max(1, Math.ceil(total / PROGRESS_PAGE_SIZE)) };
}
