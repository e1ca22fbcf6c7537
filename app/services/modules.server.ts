/**
 * Authoring of modules and their items (instructors). Reordering writes every
 * position in one transaction; prerequisite cycles are refused at save time.
 */
import { z } from "zod";
import { moveInOrder, placePageOrder } from "~/domain/ordering";
import { describePrerequisiteCycle, findPrerequisiteCycle } from "~/domain/progress";
import { getDb } from "~/lib/db.server";
import { badRequest, notFound } from "~/lib/errors";
import { encodeRule, decodeRule, ruleFromForm } from "./date-rules";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

const EDIT = "Only the course's instructors can change its modules.";
const checkbox = z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on");

export const moduleCreateSchema = z.object({ title: z.string().trim().min(1, "Give the module a title.").max(200, "Keep the title under 200 characters.") });
export const moduleSettingsSchema = moduleCreateSchema.extend({ published: checkbox, sequential: checkbox });
export const itemKinds = ["LESSON", "VIDEO", "FILE", "ASSIGNMENT"] as const;
export const itemSchema = z.object({
  title: z.string().trim().min(1, "Give the item a title.").max(200, "Keep the title under 200 characters."),
  kind: z.enum(itemKinds, { error: "Choose lesson, video, file or assignment." }).default("LESSON"),
  body: z.string().max(200_000, "Keep the lesson under 200,000 characters.").optional().default(""),
  published: checkbox,
  completionRule: z.enum(["VIEW", "MARK_DONE", "WATCH", "SUBMIT", "SCORE"], { error: "Choose how the item is completed." }).default("VIEW"),
  completionThreshold: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 100) {
        ctx.addIssue({ code: "custom", message: "Use a whole percentage from 1 to 100." });
        return z.NEVER;
      }
      return n;
    }),
  assignmentId: z.string().optional().transform((v) => v || null),
});
export type ItemInput = z.infer<typeof itemSchema>;

async function moduleForStaff(actor: Actor, moduleId: string, roles = ["INSTRUCTOR"] as typeof STAFF) {
  const module = await getDb().module.findUnique({ where: { id: moduleId } });
  if (!module) throw notFound("module");
  const access = await requireCourseRole(actor, { id: module.courseId }, roles, EDIT);
  return { module, access };
}

async function itemForStaff(actor: Actor, itemId: string, roles = ["INSTRUCTOR"] as typeof STAFF) {
  const item = await getDb().moduleItem.findUnique({ where: { id: itemId } });
  if (!item) throw notFound("item");
  const access = await requireCourseRole(actor, { id: item.courseId }, roles, EDIT);
  return { item, access };
}

/** Every module with its items, prerequisites and assignments to link, for the authoring page. */
export async function listModulesForStaff(actor: Actor, courseId: string) {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can edit modules.");
  const db = getDb();
  const [modules, assignments] = await Promise.all([
    db.module.findMany({
      where: { courseId },
      orderBy: { position: "asc" },
      include: {
        items: { orderBy: { position: "asc" }, select: { id: true, title: true, kind: true, published: true, position: true, completionRule: true, videoAssetId: true } },
        requires: { select: { requiresModuleId: true } },
      },
    }),
    db.assignment.findMany({ where: { courseId }, orderBy: { position: "asc" }, select: { id: true, title: true } }),
  ]);
  return {
    access,
    assignments,
    modules: modules.map(({ requires, releaseRule, ...m }) => ({ ...m, release: decodeRule(releaseRule) ?? null, prerequisiteIds: requires.map((r) => r.requiresModuleId) })),
  };
}

/** Where a new module goes: after the last one; `index` is its place in the course (0-based). */
async function endOfCourse(db: Pick<ReturnType<typeof getDb>, "module">, courseId: string) {
  const { _max, _count } = await db.module.aggregate({ where: { courseId }, _max: { position: true }, _count: true });
  return { position: (_max.position ?? -1) + 1, index: _count };
}

/** A new module at the end of the course; returns its id and its place (0-based). */
export async function createModule(actor: Actor, courseId: string, input: z.infer<typeof moduleCreateSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], EDIT);
  const db = getDb();
  const { position, index } = await endOfCourse(db, courseId);
  const created = await db.module.create({ data: { courseId, title: input.title, position }, select: { id: true } });
  return { id: created.id, index };
}

/** Saves title, publishing, sequential mode, the release rule and prerequisites; refuses cycles. */
export async function updateModule(actor: Actor, moduleId: string, values: Record<string, string>, prerequisiteIds: string[]) {
  const { module } = await moduleForStaff(actor, moduleId);
  const input = moduleSettingsSchema.safeParse(values);
  const { rule, errors } = ruleFromForm("openAt", values, false);
  if (!input.success || Object.keys(errors).length) {
    const fieldErrors = { ...errors, ...(input.success ? {} : Object.fromEntries(input.error.issues.map((i) => [String(i.path[0]), [i.message]]))) };
    throw badRequest("Please correct the highlighted fields.", fieldErrors);
  }
  const db = getDb();
  const siblings = await db.module.findMany({ where: { courseId: module.courseId }, select: { id: true, title: true, requires: { select: { requiresModuleId: true } } } });
  const ids = new Set(siblings.map((s) => s.id));
  if (prerequisiteIds.some((id) => !ids.has(id))) throw badRequest("A prerequisite is not a module of this course.", { prerequisites: ["Choose modules of this course."] });
  const graph = siblings.map((s) => ({ id: s.id, title: s.id === moduleId ? input.data.title : s.title, prerequisiteIds: s.id === moduleId ? prerequisiteIds : s.requires.map((r) => r.requiresModuleId) }));
  const cycle = findPrerequisiteCycle(graph);
  if (cycle) {
    const message = describePrerequisiteCycle(cycle);
    throw badRequest(message, { prerequisites: [message] });
  }
  await db.$transaction([
    db.module.update({
      where: { id: moduleId },
      data: { title: input.data.title, published: input.data.published, sequential: input.data.sequential, releaseRule: rule ? encodeRule(rule) : null },
    }),
    db.modulePrerequisite.deleteMany({ where: { moduleId } }),
    db.modulePrerequisite.createMany({ data: prerequisiteIds.map((requiresModuleId) => ({ moduleId, requiresModuleId })) }),
  ]);
}

export async function deleteModule(actor: Actor, moduleId: string) {
  await moduleForStaff(actor, moduleId);
  await getDb().module.delete({ where: { id: moduleId } });
}

const STALE_ORDER = "The order sent does not match the current list. Reload the page and try again.";

type Placed = { id: string; position: number };

/**
 * Writes a new order in one transaction; the list must name exactly the current rows. Positions
 * become 0…n-1 in the new order, and only rows whose position changes are written: moving one
 * module of 500 up a place writes two rows, not 500.
 */
async function writeOrder(kind: "module" | "item", current: readonly Placed[], orderedIds: readonly string[]) {
  const positionOf = new Map(current.map((row) => [row.id, row.position]));
  if (orderedIds.length !== current.length || new Set(orderedIds).size !== orderedIds.length || orderedIds.some((id) => !positionOf.has(id))) {
    throw badRequest(STALE_ORDER);
  }
  const moved = orderedIds.flatMap((id, position) => (positionOf.get(id) === position ? [] : [{ id, position }]));
  if (moved.length === 0) return;
  const db = getDb();
  await db.$transaction(
    moved.map(({ id, position }) => (kind === "module" ? db.module.update({ where: { id }, data: { position } }) : db.moduleItem.update({ where: { id }, data: { position } }))),
  );
}

/** A course's modules (or a module's items) as ids and positions, in order: what a reorder reads. */
const modulePositions = (courseId: string): Promise<Placed[]> =>
  getDb().module.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, position: true } });
const itemPositions = (moduleId: string): Promise<Placed[]> =>
  getDb().moduleItem.findMany({ where: { moduleId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, position: true } });

export async function reorderModules(actor: Actor, courseId: string, orderedIds: string[]) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], EDIT);
  const current = await modulePositions(courseId);
  await writeOrder("module", current, orderedIds);
}

/**
 * Drag and drop on one page of modules (the editor shows 20 at a time): the page's modules, in
 * their new order, take the places they held in the course; the others stay (domain/ordering.ts).
 */
export async function reorderModulePage(actor: Actor, courseId: string, pageOrder: string[]) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], EDIT);
  const current = await modulePositions(courseId);
  const next = placePageOrder(current.map((m) => m.id), pageOrder);
  if (!next) throw badRequest(STALE_ORDER);
  await writeOrder("module", current, next);
}

/**
 * The keyboard's up/down: swaps the module with its neighbour in the whole course (across pages of
 * the editor) and returns its new place (0-based); unchanged at either end.
 */
export async function moveModule(actor: Actor, courseId: string, moduleId: string, direction: "up" | "down") {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], EDIT);
  const current = await modulePositions(courseId);
  const order = moveInOrder(current.map((m) => m.id), moduleId, direction);
  await writeOrder("module", current, order);
  return order.indexOf(moduleId);
}

/** The keyboard's up/down for an item within its module; unchanged at either end. */
export async function moveItem(actor: Actor, moduleId: string, itemId: string, direction: "up" | "down") {
  await moduleForStaff(actor, moduleId);
  const current = await itemPositions(moduleId);
  await writeOrder("item", current, moveInOrder(current.map((i) => i.id), itemId, direction));
}

export async function reorderItems(actor: Actor, moduleId: string, orderedIds: string[]) {
  await moduleForStaff(actor, moduleId);
  const current = await itemPositions(moduleId);
  await writeOrder("item", current, orderedIds);
}

export async function createItem(actor: Actor, moduleId: string, input: ItemInput) {
  const { module } = await moduleForStaff(actor, moduleId);
  const db = getDb();
  if (input.assignmentId) {
    const a = await db.assignment.findFirst({ where: { id: input.assignmentId, courseId: module.courseId }, select: { id: true } });
    if (!a) throw badRequest("That assignment is not part of this course.", { assignmentId: ["Choose an assignment of this course."] });
  }
  if (input.kind === "ASSIGNMENT" && !input.assignmentId) throw badRequest("Choose the assignment this item links to.", { assignmentId: ["Choose an assignment."] });
  const last = await db.moduleItem.findFirst({ where: { moduleId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.moduleItem.create({
    data: { ...input, moduleId, courseId: module.courseId, position: (last?.position ?? -1) + 1 },
    select: { id: true },
  });
}

export async function getItemForEdit(actor: Actor, itemId: string) {
  const { item, access } = await itemForStaff(actor, itemId, STAFF);
  const db = getDb();
  const [assignments, file, video] = await Promise.all([
    db.assignment.findMany({ where: { courseId: item.courseId }, select: { id: true, title: true } }),
    item.fileId ? db.storedFile.findUnique({ where: { id: item.fileId }, select: { id: true, filename: true } }) : null,
    item.videoAssetId ? db.videoAsset.findUnique({ where: { id: item.videoAssetId }, select: { status: true } }) : null,
  ]);
  return { item, access, assignments, file, videoStatus: video?.status ?? null };
}

/** Stores an uploaded file (already streamed to storage) as the item's file. */
export async function attachItemFile(actor: Actor, itemId: string, upload: { key: string; filename: string; contentType: string; size: number }) {
  const { item } = await itemForStaff(actor, itemId);
  const db = getDb();
  await db.$transaction(async (tx) => {
    const file = await tx.storedFile.create({ data: { ...upload, courseId: item.courseId, ownerId: actor.id }, select: { id: true } });
    await tx.moduleItem.update({ where: { id: itemId }, data: { fileId: file.id } });
  });
}

export async function updateItem(actor: Actor, itemId: string, input: ItemInput) {
  const { item } = await itemForStaff(actor, itemId);
  if (input.assignmentId) {
    const a = await getDb().assignment.findFirst({ where: { id: input.assignmentId, courseId: item.courseId }, select: { id: true } });
    if (!a) throw badRequest("That assignment is not part of this course.", { assignmentId: ["Choose an assignment of this course."] });
  }
  await getDb().moduleItem.update({ where: { id: itemId }, data: { ...input, kind: item.kind } });
}

export async function deleteItem(actor: Actor, itemId: string) {
  await itemForStaff(actor, itemId);
  await getDb().moduleItem.delete({ where: { id: itemId } });
}

/** Copies a module and its items (unpublished, at the end); prerequisites are not copied. Returns the copy's id and place (0-based). */
export async function duplicateModule(actor: Actor, moduleId: string) {
  const { module } = await moduleForStaff(actor, moduleId);
  const db = getDb();
  return db.$transaction(async (tx) => {
    const items = await tx.moduleItem.findMany({ where: { moduleId }, orderBy: { position: "asc" } });
    const { position, index } = await endOfCourse(tx, module.courseId);
    const copy = await tx.module.create({
      data: {
        courseId: module.courseId,
        title: `${module.title} (copy)`,
        position,
        published: false,
        sequential: module.sequential,
        releaseRule: module.releaseRule,
      },
      select: { id: true },
    });
    if (items.length) {
      await tx.moduleItem.createMany({
        data: items.map(({ id: _id, createdAt: _c, updatedAt: _u, moduleId: _m, ...i }) => ({ ...i, moduleId: copy.id, published: false })),
      });
    }
    return { id: copy.id, index };
  });
}
