/**
 * Importing scores from a CSV (the gradebook export's layout works): a preview lists every
 * change (old → new) and every rejected cell or row with its reason before anything is
 * written; "Apply" re-checks the same text against the current grades and saves every change
 * in one transaction (late penalty and audit exactly as a grader's edit): all or nothing.
 *
 * Columns: `email` identifies the student (required). Every other column is an assignment,
 * matched by title (case-insensitive; a trailing " (10 pts)" as in the export is ignored),
 * except name, section, current % and projected %, which are ignored. Cells: a number is the
 * raw score (before late penalty), "EX" excuses, an empty cell leaves the grade alone.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { roundScore } from "~/domain/late-policy";
import { getDb } from "~/lib/db.server";
import { AppError, badRequest, conflict } from "~/lib/errors";
import { saveGradesTogether } from "./grades.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 900_000;

export const gradeImportSchema = z.object({
  csv: z.string().trim().min(1, "Paste a CSV or choose a file.").max(MAX_IMPORT_BYTES, "That file is larger than 900 KB. Split it into smaller files."),
  /** The preview's fingerprint the grader confirmed; Apply refuses (409) when the outcome would differ. */
  expected: z.string().max(100).optional(),
});

export type ImportChange = { line: number; email: string; name: string; enrollmentId: string; assignmentId: string; assignment: string; old: string; new: string; rawScore?: number; excused?: boolean };
export type ImportRejection = { line: number; email: string; column?: string; reason: string };
export type ImportPreview = { changes: ImportChange[]; rejected: ImportRejection[]; unchanged: number; columns: string[]; fingerprint: string };

const IGNORED = new Set(["email", "name", "section", "current %", "projected %", "current", "projected"]);
const titleKey = (s: string) => s.trim().replace(/^'(?=[=+\-@])/, "").replace(/\s*\(\s*[\d.]+\s*pts?\s*\)\s*$/i, "").toLowerCase();
const show = (raw: number | null, excused: boolean) => (excused ? "Excused" : raw === null ? "—" : String(raw));

function readRows(csv: string): string[][] {
  try {
    return parse(csv, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw badRequest(`We could not read that CSV: ${(error as Error).message}`, { csv: ["The file is not valid CSV."] });
  }
}

/** Checks every row and cell; writes nothing. Staff only (a section-scoped TA: own section). */
export async function previewGradeImport(actor: Actor, courseId: string, input: z.infer<typeof gradeImportSchema>): Promise<ImportPreview> {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can import grades.");
  const rows = readRows(input.csv);
  if (rows.length < 2) throw badRequest("The file has no rows below its header line.", { csv: ["No rows found."] });
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw new AppError("PAYLOAD_TOO_LARGE", `An import can have at most ${MAX_IMPORT_ROWS} rows; this one has ${rows.length - 1}.`);
  const header = rows[0].map((h) => h.trim());
  const emailAt = header.findIndex((h) => h.toLowerCase() === "email");
  if (emailAt < 0) throw badRequest("The first line must name the columns, including an “email” column.", { csv: ["Missing the email column."] });

  const db = getDb();
  const emails = [...new Set(rows.slice(1).map((r) => (r[emailAt] ?? "").trim().toLowerCase()).filter(Boolean))];
  const [course, assignments, allEnrollments] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { taSectionScoped: true } }),
    db.assignment.findMany({ where: { courseId }, select: { id: true, title: true, points: true } }),
    db.enrollment.findMany({
      where: { courseId, role: "STUDENT", status: "ACTIVE", user: { email: { in: emails } } },
      select: { id: true, sectionId: true, user: { select: { email: true, displayName: true } } },
    }),
  ]);
  const scopedSection = !actor.isAdmin && access.role === "TA" && course.taSectionScoped ? (access.sectionId ?? "") : null;
  const outside = new Set(scopedSection === null ? [] : allEnrollments.filter((e) => e.sectionId !== scopedSection).map((e) => e.user.email.toLowerCase()));
  const enrollments = allEnrollments.filter((e) => !outside.has(e.user.email.toLowerCase()));
  const rejected: ImportRejection[] = [];
  const byTitle = new Map<string, (typeof assignments)[number]>();
  for (const a of assignments) if (!byTitle.has(titleKey(a.title))) byTitle.set(titleKey(a.title), a);
  const columns: Array<{ index: number; assignment: (typeof assignments)[number] }> = [];
  header.forEach((h, index) => {
    if (index === emailAt || IGNORED.has(h.toLowerCase()) || h === "") return;
    const a = byTitle.get(titleKey(h));
    if (a) columns.push({ index, assignment: a });
    else rejected.push({ line: 1, email: "", column: h, reason: `Unknown assignment column “${h}”: no assignment in this course has that title.` });
  });
  const enrollmentByEmail = new Map(enrollments.map((e) => [e.user.email.toLowerCase(), e]));
  const grades = await db.grade.findMany({
    where: { enrollmentId: { in: enrollments.map((e) => e.id) }, assignmentId: { in: columns.map((c) => c.assignment.id) } },
    select: { assignmentId: true, enrollmentId: true, rawScore: true, finalScore: true, excused: true },
  });
  const gradeBy = new Map(grades.map((g) => [`${g.assignmentId}|${g.enrollmentId}`, g]));

  const changes: ImportChange[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const email = (row[emailAt] ?? "").trim().toLowerCase();
    if (!email) return void rejected.push({ line, email, reason: "No email in this row." });
    if (seen.has(email)) return void rejected.push({ line, email, reason: "The same student appears earlier in the file." });
    seen.add(email);
    if (outside.has(email)) return void rejected.push({ line, email, reason: "This student is not in your section; you grade only your own section's students." });
    const enrollment = enrollmentByEmail.get(email);
    if (!enrollment) return void rejected.push({ line, email, reason: "Unknown student: no active student in this course has this email." });
    for (const { index, assignment } of columns) {
      const cell = (row[index] ?? "").trim();
      if (cell === "" || cell === "—") continue;
      const existing = gradeBy.get(`${assignment.id}|${enrollment.id}`);
      const oldText = show(existing?.rawScore ?? null, existing?.excused ?? false);
      const base = { line, email, name: enrollment.user.displayName, enrollmentId: enrollment.id, assignmentId: assignment.id, assignment: assignment.title, old: oldText };
      if (/^(ex|excused)$/i.test(cell)) {
        if (existing?.excused) unchanged++;
        else changes.push({ ...base, new: "Excused", excused: true });
        continue;
      }
      const value = Number(cell.replace(/,/g, "."));
      if (!/^-?\d+([.,]\d+)?$/.test(cell) || !Number.isFinite(value)) {
        rejected.push({ line, email, column: assignment.title, reason: `“${cell}” is not a number (use a score like 8.5, or EX to excuse).` });
        continue;
      }
      if (value < 0) {
        rejected.push({ line, email, column: assignment.title, reason: `${cell} is below 0.` });
        continue;
      }
      if (value > assignment.points) {
        rejected.push({ line, email, column: assignment.title, reason: `${cell} is over the ${assignment.points} points possible.` });
        continue;
      }
      const score = roundScore(value);
      // The export holds final (late-penalised) scores: re-importing an unchanged export changes nothing.
      if (existing && !existing.excused && (existing.rawScore === score || existing.finalScore === score)) {
        unchanged++;
        continue;
      }
      changes.push({ ...base, new: String(score), rawScore: score, ...(existing?.excused ? { excused: false } : {}) });
    }
  });
  return { changes, rejected, unchanged, columns: columns.map((c) => c.assignment.title), fingerprint: fingerprintOf(changes, rejected) };
}

/** What a preview promises (every change old → new, every rejection): Apply must find the same. */
function fingerprintOf(changes: ImportChange[], rejected: ImportRejection[]): string {
  const hash = createHash("sha256");
  for (const c of changes) hash.update(`${c.enrollmentId}|${c.assignmentId}|${c.old}|${c.new}\n`);
  for (const r of rejected) hash.update(`!${r.line}|${r.column ?? ""}|${r.reason}\n`);
  return hash.digest("hex").slice(0, 32);
}

/**
 * Re-checks the text against the current gradebook and roster and saves every valid change
 * in ONE transaction (`saveGradesTogether`: same authorization, late penalty and GradeEvent
 * audit as an edit in the gradebook, reason "CSV import"). All or nothing: if the outcome
 * differs from the preview the grader confirmed (`expected`), or any grade fails to save,
 * nothing is written. Rejected rows are skipped, as the preview said.
 */
export async function applyGradeImport(actor: Actor, courseId: string, input: z.infer<typeof gradeImportSchema>, now: Date) {
  const preview = await previewGradeImport(actor, courseId, input);
  if (input.expected && input.expected !== preview.fingerprint) {
    throw conflict("The gradebook or the class list changed since your preview, so nothing was saved. Check the new preview below and apply again.");
  }
  if (preview.changes.length === 0) throw badRequest("There is nothing to change: every score in the file is already in the gradebook or was rejected.");
  const inputs = preview.changes.map((c) => ({
    assignmentId: c.assignmentId,
    enrollmentId: c.enrollmentId,
    ...(c.rawScore !== undefined ? { rawScore: c.rawScore } : {}),
    ...(c.excused !== undefined ? { excused: c.excused } : {}),
    reason: "CSV import",
  }));
  await saveGradesTogether(actor, courseId, inputs, now);
  return { applied: inputs.length, rejected: preview.rejected.length, unchanged: preview.unchanged };
}


/** Export header: name, email, section, one "Title (N pts)" column per assignment, current %, projected %. */
export function gradebookCsvHeader(columns: Array<{ title: string; points: number }>): string[] {
  return ["name", "email", "section", ...columns.map((c) => `${c.title} (${c.points} pts)`), "current %", "projected %"];
}

export function gradebookCsvRow(
  columns: Array<{ id: string }>,
  row: { name: string; email: string; section: string | null; cells: Record<string, { score: number | null; excused: boolean }>; current: number | null; projectedFinal: number | null },
): Array<string | number | null> {
  return [
    row.name,
    row.email,
    row.section,
    ...columns.map((c) => {
      const cell = row.cells[c.id];
      return cell?.excused ? "EX" : (cell?.score ?? "");
    }),
    row.current,
    row.projectedFinal,
  ];
}
