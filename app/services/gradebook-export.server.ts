/**
 * The gradebook CSV export, streamed: the header, then the students in keyset batches on the
 * enrollment id, each batch turned straight into CSV text. A cell is exactly the staff
 * gradebook's (`cellOf`: final score, EX, the missing score after close) and the totals are
 * `computeStudentGrade`'s; only the bookkeeping is leaner than the on-screen gradebook's (no
 * per-cell row objects, grades looked up by student then assignment), because 10,000 students
 * × 100 assignments is a million cells that must stream in seconds with flat memory.
 */
import { computeStudentGrade, type GradebookCategory, type GradebookEntry } from "~/domain/gradebook";
import { getDb } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import { csvLine, gradebookCsvHeader } from "./grade-import.server";
import { cellOf, type GradebookColumn } from "./gradebook.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import { queryRows } from "./raw-query.server";
import { learnerSelect, resolveForLearners, toLearner, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

/** Students per batch: small enough that a batch's objects die young (flat memory), large enough to amortize the queries. */
export const CSV_BATCH_SIZE = 100;

const columnSelect = { id: true, title: true, points: true, categoryId: true, postPolicy: true, missingScorePercent: true } as const;
type GradeCells = { assignmentId: string; enrollmentId: string; finalScore: number | null; excused: boolean; missing: boolean };

/**
 * What a CSV cell needs of a batch's grades (the penalty and posting only matter on screen), read
 * with plain SQL: a batch is 10,000 grade rows, and Prisma's model mapping of a million rows was
 * most of the export's CPU and garbage. SQLite answers booleans as 0/1, PostgreSQL as booleans.
 */
async function gradesOfBatch(enrollmentIds: string[]): Promise<GradeCells[]> {
  const rows = await queryRows<{ assignmentId: string; enrollmentId: string; finalScore: number | null; excused: unknown; missing: unknown }>(
    `SELECT "assignmentId", "enrollmentId", "finalScore", "excused", "missing" FROM "Grade" WHERE "enrollmentId" IN (${enrollmentIds.map((_, i) => `$${i + 1}`).join(", ")})`,
    enrollmentIds,
  );
  for (const row of rows) {
    row.excused = Boolean(row.excused);
    row.missing = Boolean(row.missing);
    if (row.finalScore !== null) row.finalScore = Number(row.finalScore);
  }
  return rows as GradeCells[];
}
const enrollmentSelect = { ...learnerSelect, user: { select: { ...learnerSelect.user.select, displayName: true, email: true } }, section: { select: { name: true } } } as const;

/**
 * Staff only; a TA of a course that limits TAs to their sections gets their section only (as
 * in the gradebook). Returns the header line and an async generator of CSV text, one batch of
 * students at a time.
 */
export async function gradebookCsvExport(actor: Actor, courseId: string, now: Date, options: { sectionId?: string | null; batchSize?: number } = {}) {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can export the gradebook.");
  const db = getDb();
  const [course, categories, columns] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { taSectionScoped: true } }),
    db.gradeCategory.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, weight: true, dropLowest: true } }),
    db.assignment.findMany({ where: { courseId, published: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: columnSelect }),
  ]);
  let sectionId = options.sectionId || null;
  if (!actor.isAdmin && access.role === "TA" && course.taSectionScoped) {
    if (!access.sectionId) throw forbidden("You see only your own section's students, and you are not in a section yet. Ask an instructor to add you to one.");
    sectionId = access.sectionId;
  }
  const where = { courseId, role: "STUDENT" as const, status: "ACTIVE" as const, ...(sectionId ? { sectionId } : {}) };
  const take = options.batchSize ?? CSV_BATCH_SIZE;
  const cols = columns as GradebookColumn[];
  // Dates matter to a CSV cell only through the missing-work rule: work missing after close scores
  // the assignment's missing score. Without that rule a missing cell is blank either way, so only
  // these assignments are resolved per student.
  const withMissingRule = cols.filter((c) => c.missingScorePercent !== null).map((c) => c.id);
  const cats = categories as GradebookCategory[];

  const batchAfter = (cursor: string | null) =>
    db.enrollment.findMany({ where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: "asc" }, take, select: enrollmentSelect });

  async function* chunks(): AsyncGenerator<string> {
    let cursor: string | null = null;
    for (;;) {
      const enrollments = await batchAfter(cursor);
      if (enrollments.length === 0) return;
      const ids = enrollments.map((e) => e.id);
      // Grades by student only (the student index); the few of unpublished assignments are skipped below.
      const [grades, resolved] = await Promise.all([
        cols.length ? gradesOfBatch(ids) : Promise.resolve([]),
        withMissingRule.length ? resolveForLearners(enrollments.map(toLearner), now, { assignmentIds: withMissingRule }) : Promise.resolve([] as ResolvedAssignment[]),
      ]);
      const gradesOf = groupBy(grades, (g) => g.enrollmentId, (g) => g.assignmentId);
      const resolvedOf = groupBy(resolved, (r) => r.enrollmentId, (r) => r.assignment.id);
      let text = "";
      for (const e of enrollments) {
        const mine = gradesOf.get(e.id);
        const dates = resolvedOf.get(e.id);
        const entries = new Map<string, GradebookEntry>();
        const cells: Array<string | number> = [];
        for (const c of cols) {
          const grade = mine?.get(c.id);
          if (grade && (grade.excused || grade.finalScore !== null)) {
            // A graded or excused cell: what `cellOf` gives staff, without the on-screen text.
            entries.set(c.id, { score: grade.excused ? null : grade.finalScore, excused: grade.excused, missing: grade.missing });
            cells.push(grade.excused ? "EX" : grade.finalScore!);
            continue;
          }
          // No score (never graded, or cleared): the missing-work rule decides, as on screen.
          const cell = cellOf(c, grade ? { ...grade, rawScore: null, latePenalty: 0, feedback: "", postedAt: null } : undefined, dates?.get(c.id), now, false);
          if (cell.entry) entries.set(c.id, cell.entry);
          cells.push(cell.excused ? "EX" : (cell.score ?? ""));
        }
        const total = computeStudentGrade({ categories: cats, assignments: cols, entries });
        text += csvLine([e.user.displayName, e.user.email, e.section?.name ?? null, ...cells, total.current, total.projectedFinal]);
      }
      yield text;
      if (enrollments.length < take) return;
      // Let the event loop breathe between batches: the response flushes, other requests are served
      // and the garbage collector's incremental tasks run (SQLite answers synchronously, so without
      // this the whole export would be one long run of microtasks holding every batch's garbage).
      await new Promise((resolve) => setImmediate(resolve));
      cursor = enrollments[enrollments.length - 1].id;
    }
  }
  return { header: csvLine(gradebookCsvHeader(cols)), chunks };
}

function groupBy<T>(rows: T[], outer: (row: T) => string, inner: (row: T) => string): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>();
  for (const row of rows) {
    const key = outer(row);
    let group = out.get(key);
    if (!group) out.set(key, (group = new Map()));
    group.set(inner(row), row);
  }
  return out;
}
