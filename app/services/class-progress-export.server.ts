/**
 * Class progress as CSV, streamed: the header, then the students (active, optionally of one
 * section) in keyset batches on the enrollment id, each batch's plans computed as on the page
 * (`planReader`: two statements a batch, one plan alive at a time) and turned straight into CSV
 * text. A 10,000-student, 500-module class is five million cells: built in one piece it was a
 * 20 MB string and six seconds before the first byte.
 */
import { getDb } from "~/lib/db.server";
import { csvLine } from "~/lib/csv";
import { notFound } from "~/lib/errors";
import { classCourseOf, classLearnerSelect, planReader } from "./class-progress.server";
import { loadModuleTree } from "./module-tree.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

/** Students per batch: their progress flags are one statement; small enough that a batch's objects die young. */
export const PROGRESS_CSV_BATCH_SIZE = 200;

const learnerSelect = { ...classLearnerSelect, section: { select: { name: true } } } as const;

/**
 * Staff only. Columns: name, email, section, percent (of released items, as the student sees
 * it), completed_at (ISO, when the course was completed), then one column per published module
 * in course order: "complete" or "done/total".
 */
export async function classProgressCsvExport(actor: Actor, courseId: string, now: Date, options: { sectionId?: string | null; batchSize?: number } = {}) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can export class progress.");
  const db = getDb();
  const sectionId = options.sectionId || null;
  const [course, modules, section] = await Promise.all([
    classCourseOf(courseId),
    loadModuleTree(courseId, { publishedOnly: true }),
    sectionId ? db.section.findFirst({ where: { id: sectionId, courseId }, select: { id: true } }) : Promise.resolve(null),
  ]);
  if (sectionId && !section) throw notFound("section");
  const where = { courseId, role: "STUDENT" as const, status: "ACTIVE" as const, ...(sectionId ? { sectionId } : {}) };
  const take = options.batchSize ?? PROGRESS_CSV_BATCH_SIZE;
  const batchAfter = (cursor: string | null) =>
    db.enrollment.findMany({ where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: "asc" }, take, select: learnerSelect });

  async function* chunks(): AsyncGenerator<string> {
    let cursor: string | null = null;
    for (;;) {
      const batch = await batchAfter(cursor);
      if (batch.length === 0) return;
      const planOf = await planReader(batch, modules, course, now);
      let text = "";
      for (const e of batch) {
        const plan = planOf(e);
        const cells = plan.modules.map((m) => (m.complete ? "complete" : `${m.done}/${m.total}`));
        text += csvLine([e.user.displayName, e.user.email, e.section?.name ?? "", plan.overall.percent, e.completedAt?.toISOString() ?? "", ...cells]);
      }
      yield text;
      if (batch.length < take) return;
      // Let the response flush and other requests run between batches.
      await new Promise((resolve) => setImmediate(resolve));
      cursor = batch[batch.length - 1].id;
    }
  }
  return { header: csvLine(["name", "email", "section", "percent", "completed_at", ...modules.map((m) => m.title)]), chunks };
}
