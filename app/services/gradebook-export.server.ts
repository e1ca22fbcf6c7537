/**
 * The gradebook CSV export, streamed: the header, then the students in keyset batches on the
 * enrollment id, each batch turned straight into CSV text. A cell is exactly the staff
 * gradebook's (`cellOf`: final score, EX, the missing score after close) and the totals are
 * `computeStudentGrade`'s; only the bookkeeping is leaner than the on-screen gradebook's (no
 * per-cell row objects, grades looked up by student then assignment), because 10,000 students
 * × 100 assignments is a million cells that must stream in seconds with flat memory.
 */
import { computeStudentGrade, type GradebookCategory, type GradebookEntry } from "~/domain/gradebook";
import { dbProvider, getDb } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import { csvCell, csvLine } from "~/lib/csv";
import { gradebookCsvHeader } from "./grade-import.server";
import { cellOf, type GradebookColumn } from "./gradebook.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import { queryRows } from "./raw-query.server";
import { learnerSelect, resolveForLearners, toLearner, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

/** Students per batch: small enough that a batch's objects die young (flat memory), large enough to amortize the queries. */
export const CSV_BATCH_SIZE = 100;

const columnSelect = { id: true, title: true, points: true, categoryId: true, postPolicy: true, missingScorePercent: true } as const;

/** Separators of the packed grades (ASCII record and unit separators: never in an id or a number). */
const RS = "\x1e";
const US = "\x1f";
const EXCUSED = 1;
const MISSING = 2;

/**
 * What a CSV cell needs of a batch's grades, packed by the database into one string per student:
 * `<flags><finalScore>US<assignmentId>` joined by RS, flags = 1 excused + 2 missing, the score as
 * the database's text of the float (both print the shortest text that reads back as the same
 * double; tested). A batch is 10,000 grades: as rows, the driver, Prisma's raw-result decoding and
 * our objects made ~60 objects a grade, most of the export's CPU and garbage; packed, it is 100
 * strings a batch, cut up below without an object a grade.
 */
async function gradesOfBatch(enrollmentIds: string[]): Promise<Map<string, string>> {
  const pg = dbProvider() === "postgresql";
  const packed =
    `(CASE WHEN "excused" THEN ${EXCUSED} ELSE 0 END + CASE WHEN "missing" THEN ${MISSING} ELSE 0 END) || ` +
    `COALESCE(CAST("finalScore" AS TEXT), '') || ${pg ? "chr(31)" : "char(31)"} || "assignmentId"`;
  const rows = await queryRows<{ enrollmentId: string; grades: string }>(
    `SELECT "enrollmentId", ${pg ? `string_agg(${packed}, chr(30))` : `group_concat(${packed}, char(30))`} AS "grades" FROM "Grade" ` +
      `WHERE "enrollmentId" IN (${enrollmentIds.map((_, i) => `$${i + 1}`).join(", ")}) GROUP BY "enrollmentId"`,
    enrollmentIds,
  );
  return new Map(rows.map((r) => [r.enrollmentId, r.grades]));
}
const enrollmentSelect = { ...learnerSelect, user: { select: { ...learnerSelect.user.select, displayName: true, email: true } }, section: { select: { name: true } } } as const;

/** A number cell: `csvCell`'s text, without its pattern tests unless the text starts with "-". */
const numberCell = (n: number) => {
  const text = String(n);
  return text.charCodeAt(0) === 45 ? csvCell(n) : text;
};

/** `cellOf`'s input for a Grade row without a score (only `missing` matters to a CSV cell). */
const unscored = (missing: boolean) => ({ assignmentId: "", enrollmentId: "", rawScore: null, finalScore: null, latePenalty: 0, excused: false, missing, feedback: "", postedAt: null });
const UNSCORED = unscored(false);
const UNSCORED_MISSING = unscored(true);

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

  // Reused for every student: a column's grade as parsed from the packed string, and the
  // entries computeStudentGrade reads (one object per column, rewritten per student).
  const columnOf = new Map(cols.map((c, i) => [c.id, i]));
  const scores: Array<number | null> = cols.map(() => null);
  const flags = new Uint8Array(cols.length);
  const graded = new Uint8Array(cols.length);
  const entryObjects: GradebookEntry[] = cols.map(() => ({ score: null, excused: false, missing: false }));
  const entries: Record<string, GradebookEntry | undefined> = Object.create(null);

  function readGrades(packed: string | undefined) {
    graded.fill(0);
    if (!packed) return;
    for (let at = 0; at < packed.length; ) {
      let end = packed.indexOf(RS, at);
      if (end < 0) end = packed.length;
      const sep = packed.indexOf(US, at);
      const column = columnOf.get(packed.slice(sep + 1, end));
      // Grades of unpublished assignments are not columns.
      if (column !== undefined) {
        graded[column] = 1;
        flags[column] = packed.charCodeAt(at) - 48;
        scores[column] = sep > at + 1 ? Number(packed.slice(at + 1, sep)) : null;
      }
      at = end + 1;
    }
  }

  async function* chunks(): AsyncGenerator<string> {
    let cursor: string | null = null;
    for (;;) {
      const enrollments = await batchAfter(cursor);
      if (enrollments.length === 0) return;
      const ids = enrollments.map((e) => e.id);
      // Grades by student only (the student index); the few of unpublished assignments are skipped.
      const [grades, resolved] = await Promise.all([
        cols.length ? gradesOfBatch(ids) : Promise.resolve(new Map<string, string>()),
        withMissingRule.length ? resolveForLearners(enrollments.map(toLearner), now, { assignmentIds: withMissingRule }) : Promise.resolve([] as ResolvedAssignment[]),
      ]);
      const resolvedOf = groupBy(resolved, (r) => r.enrollmentId, (r) => r.assignment.id);
      const lines: string[] = [];
      for (const e of enrollments) {
        readGrades(grades.get(e.id));
        const dates = resolvedOf.get(e.id);
        let line = `${csvCell(e.user.displayName)},${csvCell(e.user.email)},${csvCell(e.section?.name ?? null)}`;
        for (let i = 0; i < cols.length; i++) {
          const c = cols[i];
          const entry = entryObjects[i];
          const excused = graded[i] === 1 && (flags[i] & EXCUSED) !== 0;
          if (graded[i] === 1 && (excused || scores[i] !== null)) {
            // A graded or excused cell: what `cellOf` gives staff, without the on-screen text.
            entry.score = excused ? null : scores[i];
            entry.excused = excused;
            entry.missing = (flags[i] & MISSING) !== 0;
            entries[c.id] = entry;
            line += excused ? ",EX" : `,${numberCell(scores[i]!)}`;
            continue;
          }
          // No score (never graded, or cleared): the missing-work rule decides, as on screen. Without
          // a missing score the cell is blank, missing or not.
          entries[c.id] = undefined;
          if (c.missingScorePercent === null) {
            line += ",";
            continue;
          }
          const grade = graded[i] === 1 ? ((flags[i] & MISSING) !== 0 ? UNSCORED_MISSING : UNSCORED) : undefined;
          const cell = cellOf(c, grade, dates?.get(c.id), now, false);
          if (cell.entry) {
            entry.score = cell.entry.score;
            entry.excused = false;
            entry.missing = true;
            entries[c.id] = entry;
          }
          line += cell.score === null ? "," : `,${numberCell(cell.score)}`;
        }
        const total = computeStudentGrade({ categories: cats, assignments: cols, entries });
        lines.push(`${line},${csvCell(total.current)},${csvCell(total.projectedFinal)}\r\n`);
      }
      yield lines.join("");
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
