/**
 * A course's modules with their items and prerequisites, in order: what the progress rules need (shared by the
 * study plan and class progress). Every student's course home and lesson page needs the same
 * tree, so each process keeps it per course and revalidates it with one cheap query: the count
 * and latest `updatedAt` of the course's modules and items (any create, update, reorder or
 * delete changes one of them). A tree changed in the last few seconds is not cached, so two
 * writes within one millisecond cannot leave a stale copy behind.
 */
import { getDb } from "~/lib/db.server";
import { decodeRule } from "./date-rules";
import { queryRows } from "./raw-query.server";

const moduleSelect = { id: true, title: true, position: true, published: true, sequential: true, releaseRule: true } as const;
const itemSelect = {
  id: true,
  moduleId: true,
  title: true,
  position: true,
  kind: true,
  published: true,
  completionRule: true,
  completionThreshold: true,
  assignmentId: true,
} as const;

const CACHED_COURSES = 50;
const SETTLE_MS = 5_000;

async function readTree(courseId: string) {
  const db = getDb();
  // Two flat queries grouped here: a nested relation select sends a 500-id IN list and joins
  // the rows in Prisma's runtime, several times slower than reading by the courseId index.
  const [modules, items, prerequisites] = await Promise.all([
    db.module.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: moduleSelect }),
    db.moduleItem.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: itemSelect }),
    // Saving prerequisites updates their module in the same transaction, so the version covers them.
    db.modulePrerequisite.findMany({ where: { module: { courseId } }, orderBy: { id: "asc" }, select: { moduleId: true, requiresModuleId: true } }),
  ]);
  const requires = new Map<string, string[]>();
  for (const p of prerequisites) {
    const list = requires.get(p.moduleId);
    if (list) list.push(p.requiresModuleId);
    else requires.set(p.moduleId, [p.requiresModuleId]);
  }
  const byModule = new Map<string, (typeof items)[number][]>();
  for (const item of items) {
    const list = byModule.get(item.moduleId);
    if (list) list.push(item);
    else byModule.set(item.moduleId, [item]);
  }
  // Shaped as domain/progress.ts ModuleInput, the release rule decoded once per tree, not per request.
  return modules.map((m) => ({ ...m, releaseRule: decodeRule(m.releaseRule) ?? null, prerequisiteIds: requires.get(m.id) ?? [], items: byModule.get(m.id) ?? [] }));
}

export type ModuleTree = Awaited<ReturnType<typeof readTree>>;

/** Per course: the tree of one version and, once asked for, its published part. */
const cache = new Map<string, { version: string; tree: ModuleTree; published?: ModuleTree }>();

const publishedPart = (tree: ModuleTree): ModuleTree => tree.filter((m) => m.published).map((m) => ({ ...m, items: m.items.filter((i) => i.published) }));

const stamp = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? "" : String(v));

async function treeVersion(courseId: string) {
  const [row] = await queryRows<{ modules: number | bigint; modulesAt: unknown; items: number | bigint; itemsAt: unknown }>(
    `SELECT (SELECT COUNT(*) FROM "Module" WHERE "courseId" = $1) AS "modules",
            (SELECT MAX("updatedAt") FROM "Module" WHERE "courseId" = $1) AS "modulesAt",
            (SELECT COUNT(*) FROM "ModuleItem" WHERE "courseId" = $1) AS "items",
            (SELECT MAX("updatedAt") FROM "ModuleItem" WHERE "courseId" = $1) AS "itemsAt"`,
    [courseId],
  );
  const latest = Math.max(...[row.modulesAt, row.itemsAt].map((v) => (v == null ? 0 : new Date(stamp(v)).getTime() || 0)));
  return { key: `${row.modules}|${stamp(row.modulesAt)}|${row.items}|${stamp(row.itemsAt)}`, latest };
}

/**
 * Modules (ordered by position) with their items (ordered); `publishedOnly` drops drafts of both
 * (what students study: the cached copy, so each plan gets lists already published and in order).
 * Treat the result as read-only: it is shared by every request of the version.
 */
export async function loadModuleTree(courseId: string, options: { publishedOnly?: boolean } = {}): Promise<ModuleTree> {
  const version = await treeVersion(courseId);
  const cached = cache.get(courseId);
  if (cached?.version === version.key) {
    if (!options.publishedOnly) return cached.tree;
    return (cached.published ??= publishedPart(cached.tree));
  }
  const tree = await readTree(courseId);
  cache.delete(courseId);
  if (Date.now() - version.latest > SETTLE_MS) {
    if (cache.size >= CACHED_COURSES) cache.delete(cache.keys().next().value!);
    cache.set(courseId, { version: version.key, tree });
  }
  return options.publishedOnly ? publishedPart(tree) : tree;
}
