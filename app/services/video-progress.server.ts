/**
 * Saving a learner's place in a video: the resume position and the seconds actually watched
 * (merged ranges, so skipping ahead does not count), written so that overlapping saves (two tabs,
 * a retry, the page-hide beacon) lose nothing. The plan that decides whether a first save is
 * allowed lives in study.server.ts.
 */
import { randomUUID } from "node:crypto";
import { addRange, watchedPercent } from "~/domain/watched";
import { getDb, isUniqueViolation } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { activeEnrollmentJoin, COURSE_ACCESS_COLUMNS, courseAccessOf, type CourseAccessRow } from "./permissions.server";
import { queryRows, writeAtomically } from "./raw-query.server";
import { unlockedItemIds } from "./study.server";
import type { Actor } from "./users.server";

export type VideoProgressReport = { position: number; from: number; to: number; duration: number };

/** Optimistic attempts before a save takes the row's lock (see `saveVideoProgress`). */
const OPTIMISTIC_ATTEMPTS = 3;

/** The row's new values: the report's span merged into the stored ranges, the latest position. */
function mergedProgress(stored: string, input: VideoProgressReport) {
  const watchedRanges = addRange(stored, input.from, input.to, input.duration);
  return { positionSeconds: input.position, watchedRanges, watchedPercent: watchedPercent(watchedRanges, input.duration) };
}

/** The learner's progress row for the video, as read before a save. */
type StoredProgress = { id: string; watchedRanges: string };

function readProgress(enrollmentId: string, itemId: string): Promise<StoredProgress | undefined> {
  return queryRows<StoredProgress>(`SELECT "id", "watchedRanges" FROM "ItemProgress" WHERE "enrollmentId" = $1 AND "itemId" = $2`, [enrollmentId, itemId]).then(
    ([row]) => row,
  );
}

/**
 * Merge, then write only if the ranges are still the ones read (compare-and-set on the value
 * itself: `updatedAt` has millisecond precision, and ranges only grow, so an unchanged string means
 * nothing was lost). The watched % (what WATCH completion reads) is written in the same statement.
 * Null when another save got in between; the caller reads again and tries again.
 */
async function saveProgressOptimistically(
  current: StoredProgress | undefined,
  enrollmentId: string,
  itemId: string,
  input: VideoProgressReport,
  now: Date,
  beforeFirstSave: () => Promise<void>,
): Promise<number | null> {
  const data = mergedProgress(current?.watchedRanges ?? "", input);
  if (current) {
    const [changed] = await writeAtomically([
      {
        sql: `UPDATE "ItemProgress" SET "positionSeconds" = $1, "watchedRanges" = $2, "watchedPercent" = $3, "updatedAt" = $4 WHERE "id" = $5 AND "watchedRanges" = $6`,
        params: [data.positionSeconds, data.watchedRanges, data.watchedPercent, now, current.id, current.watchedRanges],
      },
    ]);
    return changed === 1 ? data.watchedPercent : null;
  }
  await beforeFirstSave();
  // A concurrent first save may have created the row since: then nothing is inserted, try again.
  const [created] = await writeAtomically([
    {
      sql: `INSERT INTO "ItemProgress" ("id", "enrollmentId", "itemId", "viewedAt", "positionSeconds", "watchedRanges", "watchedPercent", "createdAt", "updatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $4, $4) ON CONFLICT ("enrollmentId", "itemId") DO NOTHING`,
      params: [randomUUID(), enrollmentId, itemId, now, data.positionSeconds, data.watchedRanges, data.watchedPercent],
    },
  ]);
  return created === 1 ? data.watchedPercent : null;
}

/**
 * Read-merge-write in one transaction whose first statement writes the row: on PostgreSQL that
 * UPDATE holds the row's lock until commit, so concurrent saves (optimistic ones included) wait and
 * then see this one's ranges; on SQLite transactions already run one at a time (lib/sqlite-serial).
 */
function saveProgressLocked(enrollmentId: string, itemId: string, input: VideoProgressReport, now: Date): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const key = { enrollmentId_itemId: { enrollmentId, itemId } };
    const { count } = await tx.itemProgress.updateMany({ where: { enrollmentId, itemId }, data: { positionSeconds: input.position } });
    if (count === 0) {
      const data = mergedProgress("", input);
      await tx.itemProgress.create({ data: { enrollmentId, itemId, viewedAt: now, ...data }, select: { id: true } });
      return data.watchedPercent;
    }
    const current = await tx.itemProgress.findUniqueOrThrow({ where: key, select: { watchedRanges: true } });
    const data = mergedProgress(current.watchedRanges, input);
    await tx.itemProgress.update({ where: key, data, select: { id: true } });
    return data.watchedPercent;
  });
}

/**
 * Saves the resume position and the span actually watched since the last report. Saves of one
 * learner and video may overlap (two tabs, a retry, the page-hide beacon racing a periodic save):
 * each one's span is merged atomically, so none is lost. The usual save is two statements (read,
 * compare-and-set update); after a few lost races it falls back to a locked transaction.
 *
 * A learner's first save of a video (no progress row yet) must find the video unlocked for them,
 * like its page: a locked video answers 403 with the reason and nothing is stored. Later saves
 * skip that check (the whole study plan: as costly as a lesson page on a big course): the row
 * exists because the video was open to them when they started it, and what they watched then
 * stays theirs. The locked fallback runs only after lost races, so the row exists by then.
 */
export async function saveVideoProgress(actor: Actor, itemId: string, input: VideoProgressReport, now: Date) {
  // One statement: only a published video of a published module (drafts are 404 as on the item
  // page), its course with the actor's enrollment (the course access rule), and their progress row.
  const [row] = await queryRows<CourseAccessRow & { progressId: string | null; watchedRanges: string | null }>(
    `SELECT ${COURSE_ACCESS_COLUMNS}, p."id" AS "progressId", p."watchedRanges"
       FROM "ModuleItem" i JOIN "Module" m ON m."id" = i."moduleId" JOIN "Course" c ON c."id" = i."courseId" ${activeEnrollmentJoin("$2")}
       LEFT JOIN "ItemProgress" p ON p."enrollmentId" = e."id" AND p."itemId" = i."id"
      WHERE i."id" = $1 AND i."kind" = 'VIDEO' AND i."published" = TRUE AND m."published" = TRUE`,
    [itemId, actor.id],
  );
  if (!row) throw notFound("video");
  const access = courseAccessOf(actor, row);
  if (access.role !== "STUDENT" || !access.enrollmentId) return { watchedPercent: 0 };
  const { enrollmentId } = access;
  const courseId = access.course.id;
  let open = false;
  const assertOpen = async () => {
    if (open) return;
    const { unlocked, lockText } = await unlockedItemIds(actor, courseId, [itemId], now);
    if (unlocked.length === 0) throw forbidden(lockText ?? "This video is locked for you.");
    open = true;
  };
  let current: StoredProgress | undefined = row.progressId !== null ? { id: row.progressId, watchedRanges: row.watchedRanges ?? "" } : undefined;
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    if (attempt > 0) current = await readProgress(enrollmentId, itemId);
    const percent = await saveProgressOptimistically(current, enrollmentId, itemId, input, now, assertOpen);
    if (percent !== null) return { watchedPercent: percent };
  }
  try {
    return { watchedPercent: await saveProgressLocked(enrollmentId, itemId, input, now) };
  } catch (error) {
    // PostgreSQL: a concurrent first save created the row after this transaction found none.
    if (!isUniqueViolation(error)) throw error;
    return { watchedPercent: await saveProgressLocked(enrollmentId, itemId, input, now) };
  }
}
