/**
 * The instructor's view of progress: per student, per module completion (one
 * page of students), and the class as a funnel (how many students completed
 * each module, over the WHOLE class or one section, by aggregate SQL). A fixed
 * number of queries; completion per student is computed by domain/progress.ts
 * exactly as the student sees it.
 */
import { computeCourseProgress, DEFAULT_WATCH_THRESHOLD, type ItemProgressInput } from "~/domain/progress";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { loadModuleTree } from "./module-tree.server";
import { queryRows } from "./raw-query.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const PROGRESS_PAGE_SIZE = 100;

/**
 * Students (active, optionally of one section) who completed each module: every published item
 * of the module meets its completion rule (as in domain/progress.ts `isItemComplete`: VIEW,
 * MARK_DONE, WATCH from the progress rows, SUBMIT from submissions; SCORE is not recorded yet).
 * One aggregate query whatever the class size; modules without a row have no completers.
 */
async function completersByModule(courseId: string, sectionId: string | null): Promise<Map<string, number>> {
  const learner = `e."courseId" = $1 AND e."status" = 'ACTIVE' AND e."role" = 'STUDENT'${sectionId ? ` AND e."sectionId" = $3` : ""}`;
  const rows = await queryRows<{ moduleId: string; students: number | bigint }>(
    `SELECT c."moduleId" AS "moduleId", COUNT(*) AS "students"
     FROM (
       SELECT d."moduleId", d."enrollmentId", COUNT(*) AS "done"
       FROM (
         SELECT i."moduleId", p."enrollmentId", i."id"
         FROM "ItemProgress" p
         JOIN "ModuleItem" i ON i."id" = p."itemId"
         JOIN "Enrollment" e ON e."id" = p."enrollmentId"
         WHERE i."courseId" = $1 AND i."published" = TRUE AND ${learner}
           AND ((i."completionRule" = 'VIEW' AND (p."viewedAt" IS NOT NULL OR p."completedAt" IS NOT NULL))
             OR (i."completionRule" = 'MARK_DONE' AND p."completedAt" IS NOT NULL)
             OR (i."completionRule" = 'WATCH' AND p."watchedPercent" >= COALESCE(i."completionThreshold", $2)))
         UNION
         SELECT i."moduleId", s."enrollmentId", i."id"
         FROM "Submission" s
         JOIN "ModuleItem" i ON i."assignmentId" = s."assignmentId"
         JOIN "Enrollment" e ON e."id" = s."enrollmentId"
         WHERE i."courseId" = $1 AND i."published" = TRUE AND i."completionRule" = 'SUBMIT' AND ${learner}
       ) d
       GROUP BY d."moduleId", d."enrollmentId"
     ) c
     JOIN (
       SELECT "moduleId", COUNT(*) AS "total" FROM "ModuleItem" WHERE "courseId" = $1 AND "published" = TRUE GROUP BY "moduleId"
     ) t ON t."moduleId" = c."moduleId"
     WHERE c."done" = t."total"
     GROUP BY c."moduleId"`,
    sectionId ? [courseId, DEFAULT_WATCH_THRESHOLD, sectionId] : [courseId, DEFAULT_WATCH_THRESHOLD],
  );
  return new Map(rows.map((r) => [r.moduleId, Number(r.students)]));
}

export async function getClassProgress(
  actor: Actor,
  courseId: string,
  now: Date,
  options: { page?: number; all?: boolean; sectionId?: string | null } = {},
) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see class progress.");
  const db = getDb();
  const page = Math.max(1, options.page ?? 1);
  const sectionId = options.sectionId || null;
  const where = { courseId, status: "ACTIVE" as const, role: "STUDENT" as const, ...(sectionId ? { sectionId } : {}) };
  const [course, sections, modules, total, enrollments, completers] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true, endsAt: true } }),
    db.section.findMany({ where: { courseId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    loadModuleTree(courseId, { publishedOnly: true }),
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: { user: { displayName: "asc" } },
      ...(options.all ? {} : { skip: (page - 1) * PROGRESS_PAGE_SIZE, take: PROGRESS_PAGE_SIZE }),
      select: { id: true, sectionId: true, startedAt: true, completedAt: true, user: { select: { displayName: true, email: true, timeZone: true } } },
    }),
    completersByModule(courseId, sectionId),
  ]);
  if (sectionId && !sections.some((s) => s.id === sectionId)) throw notFound("section");
  const enrollmentIds = enrollments.map((e) => e.id);
  const [progressRows, submissions] = await Promise.all([
    db.itemProgress.findMany({ where: { enrollmentId: { in: enrollmentIds } }, select: { enrollmentId: true, itemId: true, viewedAt: true, completedAt: true, watchedPercent: true } }),
    db.submission.findMany({ where: { enrollmentId: { in: enrollmentIds } }, distinct: ["enrollmentId", "assignmentId"], select: { enrollmentId: true, assignmentId: true } }),
  ]);
  const progressBy = new Map<string, Map<string, ItemProgressInput>>();
  const submittedBy = new Set(submissions.map((s) => `${s.enrollmentId}|${s.assignmentId}`));
  for (const p of progressRows) {
    const map = progressBy.get(p.enrollmentId) ?? new Map();
    map.set(p.itemId, { viewed: p.viewedAt !== null, completed: p.completedAt !== null, watchedPercent: p.watchedPercent, submitted: false, scorePercent: null });
    progressBy.set(p.enrollmentId, map);
  }
  const rows = enrollments.map((e) => {
    const map = new Map(progressBy.get(e.id) ?? []);
    for (const m of modules) {
      for (const i of m.items) {
        if (i.assignmentId && submittedBy.has(`${e.id}|${i.assignmentId}`)) {
          map.set(i.id, { ...(map.get(i.id) ?? { viewed: false, completed: false, watchedPercent: 0, scorePercent: null }), submitted: true });
        }
      }
    }
    const plan = computeCourseProgress({
      modules,
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
  // Over every student of the filter, not just this page. A module without published items is complete for all.
  const funnel = modules.map((m) => ({ id: m.id, title: m.title, completed: m.items.length === 0 ? total : (completers.get(m.id) ?? 0) }));
  return {
    modules: modules.map((m) => ({ id: m.id, title: m.title })),
    sections,
    sectionId,
    rows,
    funnel,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PROGRESS_PAGE_SIZE)),
  };
}
