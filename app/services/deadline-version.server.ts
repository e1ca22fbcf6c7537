/**
 * What a student's resolved deadlines depend on, as one fingerprint read in a single statement,
 * and a small per-process cache keyed on it. The iCal feed (its built text) and What's due (the
 * resolved instants) both keep their work per user and rebuild it exactly when the fingerprint
 * changes. The fingerprint is read from the database on every request, so it holds across
 * processes: a write made by another worker changes it just the same.
 */
import { createHash } from "node:crypto";
import { instantOf, queryRows } from "./raw-query.server";

/**
 * A version whose latest change is younger than this is not cached: two writes to one table
 * within the same millisecond leave its count and latest change alike, and a copy built between
 * them would otherwise outlive the second one.
 */
const SETTLE_MS = 5_000;

type Row = { k: string; n: number | bigint | string | null; at: unknown; at2: unknown; id: string | null };

const stamp = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? "" : String(v));

/** The learners of `$1` (the user id): active student enrollments in published courses, as in `learnersOfUser`. */
const LEARNERS = `SELECT e."id", e."courseId", e."sectionId", e."updatedAt" AS "enrollmentAt", c."updatedAt" AS "courseAt"
  FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
  WHERE e."userId" = $1 AND e."status" = 'ACTIVE' AND e."role" = 'STUDENT' AND c."status" = 'PUBLISHED'`;
const GRADED_DISCUSSIONS = `d."courseId" IN (SELECT "courseId" FROM l) AND d."assignmentId" IS NOT NULL`;

/** One row per stamp: its count and latest change (a deletion changes a count, any edit a timestamp). */
const VERSION_SQL = `SELECT 'learners' AS "k", COUNT(*) AS "n", MAX(l."enrollmentAt") AS "at", MAX(l."courseAt") AS "at2", NULL AS "id" FROM l
  UNION ALL SELECT 'user', COUNT(*), MAX(u."updatedAt"), NULL, NULL FROM "User" u WHERE u."id" = $1
  UNION ALL SELECT 'assignments', COUNT(*), MAX(a."updatedAt"), NULL, NULL FROM "Assignment" a WHERE a."courseId" IN (SELECT "courseId" FROM l)
  UNION ALL SELECT 'overrides', COUNT(*), MAX(o."updatedAt"), NULL, NULL FROM "DateOverride" o
    WHERE o."enrollmentId" IN (SELECT "id" FROM l) OR o."sectionId" IN (SELECT "sectionId" FROM l)
  UNION ALL SELECT 'extensions', COUNT(*), MAX(x."updatedAt"), NULL, NULL FROM "ExtensionRequest" x WHERE x."enrollmentId" IN (SELECT "id" FROM l)
  UNION ALL SELECT 'discussions', COUNT(*), MAX(d."updatedAt"), NULL, NULL FROM "Discussion" d WHERE ${GRADED_DISCUSSIONS}`;

/** The courses `$1` teaches (active instructor or TA, any course status), as the staff feed reads them. */
const TEACHING = `SELECT e."courseId", e."updatedAt" AS "enrollmentAt", c."updatedAt" AS "courseAt"
  FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
  WHERE e."userId" = $1 AND e."status" = 'ACTIVE' AND e."role" IN ('INSTRUCTOR', 'TA')`;

/** The staff side (see readDeadlineVersion's `teaching`): the taught courses, their assignments, sections and section overrides. */
const TEACHING_SQL = `
  UNION ALL SELECT 'teaching', COUNT(*), MAX(t."enrollmentAt"), MAX(t."courseAt"), NULL FROM t
  UNION ALL SELECT 'taughtAssignments', COUNT(*), MAX(a."updatedAt"), NULL, NULL FROM "Assignment" a WHERE a."courseId" IN (SELECT "courseId" FROM t)
  UNION ALL SELECT 'taughtSections', COUNT(*), MAX(s."updatedAt"), NULL, NULL FROM "Section" s WHERE s."courseId" IN (SELECT "courseId" FROM t)
  UNION ALL SELECT 'taughtOverrides', COUNT(*), MAX(o."updatedAt"), NULL, NULL FROM "DateOverride" o
    WHERE o."sectionId" IN (SELECT s."id" FROM "Section" s WHERE s."courseId" IN (SELECT "courseId" FROM t))`;

/** What the student has done: the assignments they submitted to and the graded discussions they replied in. */
const DONE_SQL = `
  UNION ALL SELECT 'submitted', NULL, NULL, NULL, s."assignmentId" FROM "Submission" s WHERE s."enrollmentId" IN (SELECT "id" FROM l)
    GROUP BY s."assignmentId"
  UNION ALL SELECT 'replied', NULL, NULL, NULL, p."discussionId" FROM "Post" p JOIN "Discussion" d ON d."id" = p."discussionId"
    WHERE p."authorId" = $1 AND p."parentId" IS NOT NULL AND p."deletedAt" IS NULL AND ${GRADED_DISCUSSIONS} GROUP BY p."discussionId"`;

export type DeadlineVersion = {
  /** Changes whenever any resolved deadline of the user (or anything in `extra`) may have changed. */
  version: string;
  /** False while the latest change is recent (see SETTLE_MS): use, but do not cache, what is built. */
  settled: boolean;
  /** With `done`: ids of the assignments of the user's courses they submitted to (any attempt). */
  submitted: Set<string>;
  /** With `done`: ids of the graded discussions they replied in (a non-deleted reply to a post). */
  replied: Set<string>;
};

/**
 * The fingerprint of everything a student's resolved deadlines depend on, in one statement: their
 * active student enrollments in published courses (count and latest change of the enrollments and
 * of their courses), the user row (zone), and the count and latest change of the courses'
 * assignments (published or not), of the overrides of the enrollments and their sections, of the
 * enrollments' extension requests and of the courses' graded discussions (reply-by dates; a
 * discussion's row also changes with each post: a rebuild too many, never one too few). `extra`
 * is mixed in (what else the caller's result shows, e.g. the user's name).
 *
 * With `teaching`, also what the staff side of the iCal feed shows: the courses the user teaches
 * (their enrollments and course rows), those courses' assignments and sections, and the
 * sections' overrides.
 *
 * Not covered: the student's own submissions and replies; with `done` the same statement reads
 * them too (they are never cached). Nothing here depends on the current time.
 */
export async function readDeadlineVersion(
  userId: string,
  options: { done?: boolean; teaching?: boolean; extra?: readonly unknown[] } = {},
): Promise<DeadlineVersion> {
  const ctes = `l AS MATERIALIZED (${LEARNERS})${options.teaching ? `, t AS MATERIALIZED (${TEACHING})` : ""}`;
  const rows = await queryRows<Row>(`WITH ${ctes} ${VERSION_SQL}${options.teaching ? TEACHING_SQL : ""}${options.done ? DONE_SQL : ""}`, [userId]);
  const parts: unknown[] = [...(options.extra ?? [])];
  const submitted = new Set<string>();
  const replied = new Set<string>();
  let latest = 0;
  for (const r of rows) {
    if (r.k === "submitted") submitted.add(r.id!);
    else if (r.k === "replied") replied.add(r.id!);
    else {
      parts.push(r.k, String(r.n ?? 0), stamp(r.at), stamp(r.at2));
      latest = Math.max(latest, instantOf(r.at), instantOf(r.at2));
    }
  }
  return {
    version: createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 32),
    settled: latest <= Date.now() - SETTLE_MS,
    submitted,
    replied,
  };
}

/**
 * A per-process cache of one value per user, bounded by the total `weight` of its values (e.g.
 * their number of deadlines): when a new value would go over the budget, the least recently used
 * ones leave first. A value heavier than the whole budget is not kept.
 */
export class DeadlineCache<V extends { version: string; weight: number }> {
  private entries = new Map<string, V>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  /** The user's value if it was built for `version` (and marks it recently used). */
  get(userId: string, version: string): V | undefined {
    const value = this.entries.get(userId);
    if (value === undefined) return undefined;
    if (value.version !== version) {
      this.delete(userId);
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the front is the least recently used.
    this.entries.delete(userId);
    this.entries.set(userId, value);
    return value;
  }

  set(userId: string, value: V): void {
    this.delete(userId);
    if (value.weight > this.maxWeight) return;
    this.entries.set(userId, value);
    this.total += value.weight;
    for (const [oldest, old] of this.entries) {
      if (this.total <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.total -= old.weight;
    }
  }

  delete(userId: string): void {
    const old = this.entries.get(userId);
    if (old === undefined) return;
    this.entries.delete(userId);
    this.total -= old.weight;
  }

  /** Total weight held. */
  get weight(): number {
    return this.total;
  }
}
