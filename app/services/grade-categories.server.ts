/**
 * Grade categories of a course (weights, drop-lowest) and which assignment is in which.
 * The whole list is saved at once and validated with domain/gradebook.ts, so the weights
 * never sit half-edited at 130 %.
 */
import { z } from "zod";
import { validateCategories } from "~/domain/gradebook";
import { getDb } from "~/lib/db.server";
import { badRequest } from "~/lib/errors";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const MAX_CATEGORIES = 20;

const number = (message: string) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? 0 : Number(v.trim())) : v), z.number({ error: message }).refine(Number.isFinite, message));

export const categoryRowSchema = z.object({
  id: z.string().trim().max(64).optional().transform((v) => v || undefined),
  name: z.string().trim().max(60, "Use at most 60 characters for a category name."),
  weight: number("Enter the weight as a number of percent, e.g. 40."),
  dropLowest: number("Enter how many lowest scores to drop as a whole number."),
});
export type CategoryRow = { id?: string; name: string; weight: number; dropLowest: number };

/** The course's categories in order, with how many assignments each has. Staff only. */
export async function listCategories(actor: Actor, courseId: string) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see grade categories.");
  const db = getDb();
  const [categories, assignments] = await Promise.all([
    db.gradeCategory.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, weight: true, dropLowest: true } }),
    db.assignment.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true, title: true, points: true, published: true, categoryId: true } }),
  ]);
  return { categories, assignments, problems: validateCategories(categories).map((p) => p.message) };
}

/**
 * Replaces the course's categories with `rows` (rows with an id update that category; rows
 * without create one; categories left out are deleted, their assignments become uncategorised)
 * and sets each listed assignment's category. Instructors only; one transaction.
 * `assignmentCategories` values are a row index ("new:2") or an existing id, or "" for none.
 */
export async function saveCategories(
  actor: Actor,
  courseId: string,
  rows: CategoryRow[],
  assignmentCategories: Record<string, string> = {},
): Promise<void> {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only the course's instructors can change grade categories.");
  if (rows.length > MAX_CATEGORIES) throw badRequest(`Use at most ${MAX_CATEGORIES} categories.`);
  const problems = validateCategories(rows);
  if (problems.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message);
    throw badRequest(problems[0].message, fieldErrors);
  }
  const db = getDb();
  const [existing, assignments] = await Promise.all([
    db.gradeCategory.findMany({ where: { courseId }, select: { id: true } }),
    db.assignment.findMany({ where: { courseId }, select: { id: true } }),
  ]);
  const existingIds = new Set(existing.map((c) => c.id));
  for (const r of rows) if (r.id && !existingIds.has(r.id)) throw badRequest("One of these categories was removed meanwhile. Reload the page and try again.");
  const assignmentIds = new Set(assignments.map((a) => a.id));
  for (const id of Object.keys(assignmentCategories)) if (!assignmentIds.has(id)) throw badRequest("One of these assignments is not in this course.");

  await db.$transaction(async (tx) => {
    const keep = new Set(rows.map((r) => r.id).filter(Boolean));
    const removed = [...existingIds].filter((id) => !keep.has(id));
    if (removed.length) {
      await tx.assignment.updateMany({ where: { courseId, categoryId: { in: removed } }, data: { categoryId: null } });
      await tx.gradeCategory.deleteMany({ where: { courseId, id: { in: removed } } });
    }
    // Rename through a temporary name first so that swapping two names does not clash.
    for (const r of rows) if (r.id) await tx.gradeCategory.update({ where: { id: r.id }, data: { name: `~${r.id}` } });
    const idOfRow: string[] = [];
    for (const [position, r] of rows.entries()) {
      const data = { name: r.name.trim(), weight: r.weight, dropLowest: r.dropLowest, position };
      const saved = r.id
        ? await tx.gradeCategory.update({ where: { id: r.id }, data, select: { id: true } })
        : await tx.gradeCategory.create({ data: { ...data, courseId }, select: { id: true } });
      idOfRow.push(saved.id);
    }
    for (const [assignmentId, ref] of Object.entries(assignmentCategories)) {
      const categoryId = ref.startsWith("row:") ? (idOfRow[Number(ref.slice(4))] ?? null) : ref && idOfRow.includes(ref) ? ref : null;
      await tx.assignment.update({ where: { id: assignmentId }, data: { categoryId } });
    }
  });
}

/**
 * Reads the categories form: rows `id.N`, `name.N`, `weight.N`, `dropLowest.N`, `remove.N`
 * (blank new rows and removed rows are left out) and `category.<assignmentId>` selects.
 */
export function parseCategoriesForm(values: Record<string, string>): { rows: CategoryRow[]; assignmentCategories: Record<string, string> } {
  const indexes = [...new Set(Object.keys(values).filter((k) => /^name\.\d+$/.test(k)).map((k) => Number(k.slice(5))))].sort((a, b) => a - b);
  const rows: CategoryRow[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const i of indexes) {
    if (values[`remove.${i}`]) continue;
    const id = values[`id.${i}`] || undefined;
    if (!id && !(values[`name.${i}`] ?? "").trim() && !(values[`weight.${i}`] ?? "").trim()) continue;
    const parsed = categoryRowSchema.safeParse({ id, name: values[`name.${i}`] ?? "", weight: values[`weight.${i}`] ?? "", dropLowest: values[`dropLowest.${i}`] ?? "" });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) (fieldErrors[`${String(issue.path[0])}.${i}`] ??= []).push(issue.message);
      continue;
    }
    rows.push(parsed.data);
  }
  if (Object.keys(fieldErrors).length) throw badRequest("Please correct the highlighted fields.", fieldErrors);
  const assignmentCategories: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith("category.")) assignmentCategories[k.slice(9)] = v;
  return { rows, assignmentCategories };
}
