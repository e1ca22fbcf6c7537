/**
 * The instructor's view of progress: per student, per module completion (one
 * page of students by one page of modules), and the class as a funnel (how many
 * students completed each module of the page, over the WHOLE class or one
 * section, by aggregate SQL). A fixed number of queries; completion per student
 * is computed by domain/progress.ts exactly as the student sees it, and each
 * student's overall % covers every module, not only the page's.
 */
import { DEFAULT_WATCH_THRESHOLD, summarizeCourseProgress } from "~/domain/progress";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { pageWindow } from "~/lib/page-window";
import { loadModuleTree, type ModuleTree } from "./module-tree.server";
import { progressInputs, readProgressFlagsOf, submittedAssignmentsOf } from "./progress-flags.server";
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
 * One aggregate query whatever the class size, over the modules `moduleIds` (one page of them);
 * modules without a row have no completers.
 *
 * Reads from the items (CROSS JOIN fixes SQLite's join order; PostgreSQL plans it freely), whose
 * progress rows come from the covering (itemId, enrollmentId, flags) index: a page of later
 * modules touches only its own few rows instead of the class's 300,000. The branches cannot
 * overlap (SUBMIT items count only submissions), so UNION ALL; a student's second attempt of an
 * assignment is one completed item (DISTINCT). Which students count (active, of the section) is
 * checked once per completed module, not once per progress row.
 */
async function completersByModule(courseId: string, sectionId: string | null, moduleIds: readonly string[]): Promise<Map<string, number>> {
  if (moduleIds.length === 0) return new Map();
  const params: unknown[] = [courseId, DEFAULT_WATCH_THRESHOLD];
  const learner = `e."courseId" = $1 AND e."status" = 'ACTIVE' AND e."role" = 'STUDENT'${sectionId ? ` AND e."sectionId" = $${params.push(sectionId)}` : ""}`;
  const inModules = ` AND i."moduleId" IN (${moduleIds.map((id) => `$${params.push(id)}`).join(", ")})`;
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

/** What the progress page and its export read of each student (the plan needs the enrollment and the time zone). */
export const classLearnerSelect = {
  id: true,
  sectionId: true,
  startedAt: true,
  completedAt: true,
  user: { select: { displayName: true, email: true, timeZone: true } },
} as const;

/** The course's dates and zone, as the plans of its students need them. */
export const classCourseOf = (courseId: string) => getDb().course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true, endsAt: true } });

/** A student of the class as the plan needs them (enrollment and the person's time zone). */
export type ClassLearner = { id: string; sectionId: string | null; startedAt: Date; user: { timeZone: string } };
export type ClassCourse = { timeZone: string; endsAt: Date | null };

/**
 * Reads the progress flags and submissions of `learners` (two statements whatever their number)
 * and returns each one's plan over the whole published tree, exactly as they see it (without item
 * views: the class views count, they list no items), computed when asked for: an export of
 * thousands keeps one plan alive at a time, not a batch of them.
 */
export async function planReader(learners: readonly ClassLearner[], modules: ModuleTree, course: ClassCourse, now: Date) {
  const ids = learners.map((e) => e.id);
  const [flags, submitted] = await Promise.all([readProgressFlagsOf(ids), submittedAssignmentsOf(ids, modules)]);
  return (e: ClassLearner) =>
    summarizeCourseProgress({
      modules,
      progress: progressInputs(flags.get(e.id), submitted.get(e.id), modules),
      learner: { id: e.id, sectionId: e.sectionId, startedAt: e.startedAt, timeZone: e.user.timeZone },
      course,
      now,
    });
}

/**
 * `page`: the page of students (PROGRESS_PAGE_SIZE a page, by name); `modulesPage`: the page of
 * modules (PROGRESS_MODULES_PER_PAGE a page, in course order); `sectionId`: one section's students.
 */
export async function getClassProgress(
  actor: Actor,
  courseId: string,
  now: Date,
  options: { page?: number; modulesPage?: number | null; sectionId?: string | null } = {},
) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see class progress.");
  const db = getDb();
  const page = Math.max(1, options.page ?? 1);
  const sectionId = options.sectionId || null;
  const where = { courseId, status: "ACTIVE" as const, role: "STUDENT" as const, ...(sectionId ? { sectionId } : {}) };
  // The tree first (cached by version): the funnel's query needs the page's module ids.
  const modules = await loadModuleTree(courseId, { publishedOnly: true });
  const { start, end, ...modulePage } = pageWindow(modules.length, PROGRESS_MODULES_PER_PAGE, options.modulesPage);
  const shown = modules.slice(start, end);
  const [course, sections, total, enrollments, completers] = await Promise.all([
    classCourseOf(courseId),
    db.section.findMany({ where: { courseId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: { user: { displayName: "asc" } },
      skip: (page - 1) * PROGRESS_PAGE_SIZE,
      take: PROGRESS_PAGE_SIZE,
      select: classLearnerSelect,
    }),
    completersByModule(courseId, sectionId, shown.map((m) => m.id)),
  ]);
  if (sectionId && !sections.some((s) => s.id === sectionId)) throw notFound("section");
  const planOf = await planReader(enrollments, modules, course, now);
  const rows = enrollments.map((e) => {
    const plan = planOf(e);
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
