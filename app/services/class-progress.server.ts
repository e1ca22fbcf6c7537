/**
 * The instructor's view of progress: per student, per module completion (one
 * page of students by one page of modules), and the class as a funnel (how many
 * students completed each module of the page, over the WHOLE class or one
 * section, by aggregate SQL). A fixed number of queries; completion per student
 * is computed by domain/progress.ts exactly as the student sees it, and each
 * student's overall % covers every module, not only the page's.
 */
import { computeCourseProgress, DEFAULT_WATCH_THRESHOLD, type ItemProgressInput } from "~/domain/progress";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { pageWindow, wholeList } from "~/lib/page-window";
import { loadModuleTree } from "./module-tree.server";
import { queryRows } from "./raw-query.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const PROGRESS_PAGE_SIZE = 100;
/** Module columns (and funnel bars) shown at once; a 500-module course was a 4.7 MB page. */
export const PROGRESS_MODULES_PER_PAGE = 20;

/**
 * Students (active, optionally of one section) who completed each module: every published item
 * of the module meets its completion rule (as in domain/progress.ts `isItemComplete`: VIEW,
 * MARK_DONE, WATCH from the progress rows, SUBMIT from submissions; SCORE is not recorded yet).
 * One aggregate query whatever the class size, over the modules `moduleIds` (null: all of the
 * course's); modules without a row have no completers.
 *
 * Reads from the items (CROSS JOIN fixes SQLite's join order; PostgreSQL plans it freely), whose
 * progress rows come from the covering (itemId, enrollmentId, flags) index: a page of later
 * modules touches only its own few rows instead of the class's 300,000. The branches cannot
 * overlap (SUBMIT items count only submissions), so UNION ALL; a student's second attempt of an
 * assignment is one completed item (DISTINCT). Which students count (active, of the section) is
 * checked once per completed module, not once per progress row.
 */
async function completersByModule(courseId: string, sectionId: string | null, moduleIds: readonly string[] | null): Promise<Map<string, number>> {
  const params: unknown[] = [courseId, DEFAULT_WATCH_THRESHOLD];
  const learner = `e."courseId" = $1 AND e."status" = 'ACTIVE' AND e."role" = 'STUDENT'${sectionId ? ` AND e."sectionId" = $${params.push(sectionId)}` : ""}`;
  if (moduleIds?.length === 0) return new Map();
  const inModules = moduleIds ? ` AND i."moduleId" IN (${moduleIds.map((id) => `$${params.push(id)}`).join(", ")})` : "";
  const rows = await queryRows<{ moduleId: string; students: number | bigint }>(
    `SELECT c."moduleId" AS "moduleId", COUNT(*) AS "students"
     FROM (
       SELECT d."moduleId", d."enrollmentId", COUNT(*) AS "done"
       FROM (
         SELECT i."moduleId", p."enrollmentId", i."id"
         FROM "ModuleItem" i
         CROSS JOIN "ItemProgress" p
         WHERE p."itemId" = i."id" AND i."courseId" = $1 AND i."published" = TRUE${inModules}
           AND ((i."completionRule" = 'VIEW' AND (p."viewedAt" IS NOT NULL OR p."completedAt" IS NOT NULL))
             OR (i."completionRule" = 'MARK_DONE' AND p."completedAt" IS NOT NULL)
             OR (i."completionRule" = 'WATCH' AND p."watchedPercent" >= COALESCE(i."completionThreshold", $2)))
         UNION ALL
         SELECT DISTINCT i."moduleId", s."enrollmentId", i."id"
         FROM "ModuleItem" i
         CROSS JOIN "Submission" s
         WHERE s."assignmentId" = i."assignmentId" AND i."courseId" = $1 AND i."published" = TRUE${inModules} AND i."completionRule" = 'SUBMIT'
       ) d
       GROUP BY d."moduleId", d."enrollmentId"
     ) c
     JOIN (
       SELECT i."moduleId", COUNT(*) AS "total" FROM "ModuleItem" i WHERE i."courseId" = $1 AND i."published" = TRUE${inModules} GROUP BY i."moduleId"
     ) t ON t."moduleId" = c."moduleId"
     JOIN "Enrollment" e ON e."id" = c."enrollmentId"
     WHERE c."done" = t."total" AND ${learner}
     GROUP BY c."moduleId"`,
    params,
  );
  return new Map(rows.map((r) => [r.moduleId, Number(r.students)]));
}

/**
 * `page`: the page of students (PROGRESS_PAGE_SIZE a page, by name); `modulesPage`: the page of
 * modules (PROGRESS_MODULES_PER_PAGE a page, in course order); `all`: every student and every
 * module (the CSV export); `sectionId`: one section's students.
 */
export async function getClassProgress(
  actor: Actor,
  courseId: string,
  now: Date,
  options: { page?: number; modulesPage?: number | null; all?: boolean; sectionId?: string | null } = {},
) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see class progress.");
  const db = getDb();
  const page = Math.max(1, options.page ?? 1);
  const sectionId = options.sectionId || null;
  const where = { courseId, status: "ACTIVE" as const, role: "STUDENT" as const, ...(sectionId ? { sectionId } : {}) };
  // The tree first (cached by version): the funnel's query needs the page's module ids.
  const modules = await loadModuleTree(courseId, { publishedOnly: true });
  const { start, end, ...modulePage } = options.all ? wholeList(modules.length) : pageWindow(modules.length, PROGRESS_MODULES_PER_PAGE, options.modulesPage);
  const shown = modules.slice(start, end);
  const [course, sections, total, enrollments, completers] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true, endsAt: true } }),
    db.section.findMany({ where: { courseId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: { user: { displayName: "asc" } },
      ...(options.all ? {} : { skip: (page - 1) * PROGRESS_PAGE_SIZE, take: PROGRESS_PAGE_SIZE }),
      select: { id: true, sectionId: true, startedAt: true, completedAt: true, user: { select: { displayName: true, email: true, timeZone: true } } },
    }),
    completersByModule(courseId, sectionId, options.all ? null : shown.map((m) => m.id)),
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
      // The plan's modules are the tree's published modules in the same order.
      modules: plan.modules.slice(start, end).map((m) => ({ id: m.id, done: m.done, total: m.total, complete: m.complete })),
    };
  });
  // Over every student of the filter, not just this page. A module without published items is complete for all.
  const funnel = shown.map((m) => ({ id: m.id, title: m.title, completed: m.items.length === 0 ? total : (completers.get(m.id) ?? 0) }));
  return {
    modules: shown.map((m) => ({ id: m.id, title: m.title })),
    modulePage,
    sections,
    sectionId,
    rows,
    funnel,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PROGRESS_PAGE_SIZE)),
  };
}
