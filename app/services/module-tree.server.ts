/**
 * A course's modules with their items and prerequisites, in order: what the progress rules need (shared by the
 * study plan and class progress). Every student's course home and lesson page needs the same
 * tree, so each process keeps it per course under the course's `moduleTreeVersion`, a counter
 * that database triggers bump on every insert, update and delete of its modules, items and
 * prerequisites (whatever code or SQL made the change). The version is read before the tree, so
 * a cached tree is never older than its version says.
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

async function readTree(courseId: string) {
  const db = getDb();
  // Two flat queries grouped here: a nested relation select sends a 500-id IN list and joins
  // the rows in Prisma's runtime, several times slower than reading by the courseId index.
  const [modules, items, prerequisites] = await Promise.all([
    db.module.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: moduleSelect }),
    db.moduleItem.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: itemSelect }),
    // The version triggers fire on prerequisites too.
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
const cache = new Map<string, { version: number; tree: ModuleTree; published?: ModuleTree }>();

const publishedPart = (tree: ModuleTree): ModuleTree => tree.filter((m) => m.published).map((m) => ({ ...m, items: m.items.filter((i) => i.published) }));

/** The course's module tree version (0 for an unknown course, whose tree is empty). */
async function moduleTreeVersion(courseId: string): Promise<number> {
  const [row] = await queryRows<{ moduleTreeVersion: number | bigint }>(`SELECT "moduleTreeVersion" FROM "Course" WHERE "id" = $1`, [courseId]);
  return row ? Number(row.moduleTreeVersion) : 0;
}

/**
 * Modules (ordered by position) with their items (ordered); `publishedOnly` drops drafts of both
 * (what students study: the cached copy, so each plan gets lists already published and in order).
 * `version`: the course's `moduleTreeVersion` when the caller read it with other columns of the
 * course, read before this call (else one query reads it). Treat the result as read-only: it is
 * shared by every request of the version.
 */
export async function loadModuleTree(courseId: string, options: { publishedOnly?: boolean; version?: number } = {}): Promise<ModuleTree> {
  const version = options.version ?? (await moduleTreeVersion(courseId));
  const cached = cache.get(courseId);
  if (cached?.version === version) {
    if (!options.publishedOnly) return cached.tree;
    return (cached.published ??= publishedPart(cached.tree));
  }
  const tree = await readTree(courseId);
  cache.delete(courseId);
  if (cache.size >= CACHED_COURSES) cache.delete(cache.keys().next().value!);
  cache.set(courseId, { version, tree });
  return options.publishedOnly ? publishedPart(tree) : tree;
}
