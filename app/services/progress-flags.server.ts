/**
 * A learner's progress as the study plan needs it (domain/progress.ts `ItemProgressInput`): for
 * each item, whether it was viewed or marked done and the watched %, plus which linked
 * assignments were submitted. One reader for the course home and lesson page (one learner), the
 * instructor's class progress and its CSV export (a batch of learners).
 */
import type { ItemProgressInput } from "~/domain/progress";
import { JOINED_TEXT_SEPARATOR, joinedText, queryRows } from "./raw-query.server";

/** What the plan needs of an item's progress row: the domain's input, `submitted` still false. */
export type ProgressFlags = ItemProgressInput;

/**
 * A progress row as "itemId|vc|percent" (v viewed, c marked done), joined per learner: a learner
 * far into a big course has hundreds of rows, and one string costs a fraction of as many row
 * objects. Ids are cuids or UUIDs (no "|" or ";").
 */
const ENTRY = `"itemId" || '|' || CASE WHEN "viewedAt" IS NOT NULL THEN 'v' ELSE '' END || CASE WHEN "completedAt" IS NOT NULL THEN 'c' ELSE '' END || '|' || CAST("watchedPercent" AS TEXT)`;

const V = "v".charCodeAt(0);
const C = "c".charCodeAt(0);

/**
 * The flags are values: one frozen object per (watched %, viewed, done), made on first use and
 * shared by every learner and request, so parsing a few hundred entries allocates none.
 */
const SHARED_FLAGS: (ProgressFlags | undefined)[] = [];

function flagsOf(viewed: boolean, completed: boolean, watchedPercent: number): ProgressFlags {
  if (!Number.isInteger(watchedPercent) || watchedPercent < 0 || watchedPercent > 100) {
    return { viewed, completed, watchedPercent, submitted: false, scorePercent: null };
  }
  const key = watchedPercent * 4 + (viewed ? 1 : 0) + (completed ? 2 : 0);
  return (SHARED_FLAGS[key] ??= Object.freeze({ viewed, completed, watchedPercent, submitted: false, scorePercent: null }));
}

/**
 * The joined rows as the plan's input, read by position: every course home and lesson page parses
 * a few hundred entries, and splitting them into arrays (then copying them into the domain's
 * shape) cost three times as much. The values are shared and frozen: never change one.
 */
export function parseFlags(joined: string | null | undefined): Map<string, ProgressFlags> {
  const out = new Map<string, ProgressFlags>();
  if (!joined) return out;
  for (let at = 0; at < joined.length; ) {
    const idEnd = joined.indexOf("|", at);
    const flagsEnd = joined.indexOf("|", idEnd + 1);
    if (idEnd < 0 || flagsEnd < 0) break;
    let end = joined.indexOf(JOINED_TEXT_SEPARATOR, flagsEnd + 1);
    if (end < 0) end = joined.length;
    let viewed = false;
    let completed = false;
    for (let i = idEnd + 1; i < flagsEnd; i++) {
      const code = joined.charCodeAt(i);
      if (code === V) viewed = true;
      else if (code === C) completed = true;
    }
    out.set(joined.slice(at, idEnd), flagsOf(viewed, completed, Number(joined.slice(flagsEnd + 1, end)) || 0));
    at = end + 1;
  }
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");

/** One learner's flags by item id. */
export async function readProgressFlags(enrollmentId: string): Promise<Map<string, ProgressFlags>> {
  const [row] = await queryRows<{ joined: string | null }>(`SELECT ${joinedText(ENTRY)} AS "joined" FROM "ItemProgress" WHERE "enrollmentId" = $1`, [enrollmentId]);
  return parseFlags(row?.joined);
}

/** Several learners' flags in one statement: enrollment id → item id → flags (learners without rows are absent). */
export async function readProgressFlagsOf(enrollmentIds: readonly string[]): Promise<Map<string, Map<string, ProgressFlags>>> {
  if (enrollmentIds.length === 0) return new Map();
  const rows = await queryRows<{ enrollmentId: string; joined: string | null }>(
    `SELECT "enrollmentId", ${joinedText(ENTRY)} AS "joined" FROM "ItemProgress" WHERE "enrollmentId" IN (${placeholders(enrollmentIds.length)}) GROUP BY "enrollmentId"`,
    [...enrollmentIds],
  );
  return new Map(rows.map((r) => [r.enrollmentId, parseFlags(r.joined)]));
}

type LinkedItem = { id: string; assignmentId?: string | null };
type Modules = readonly { items: readonly LinkedItem[] }[];

/** Per module list (the cached tree is one object per version): whether any item links an assignment. */
const linksAssignment = new WeakMap<Modules, boolean>();

/** Whether an item of `modules` links an assignment; scanning 1,250 items on every page cost more than the plan's own pass over them. */
function anyAssignmentLinked(modules: Modules): boolean {
  let linked = linksAssignment.get(modules);
  if (linked === undefined) {
    linked = modules.some((m) => m.items.some((i) => i.assignmentId));
    linksAssignment.set(modules, linked);
  }
  return linked;
}

/**
 * The assignments each learner submitted at least once: enrollment id → assignment ids. Only
 * items that link an assignment care, so without one in `modules` nothing is read.
 */
export async function submittedAssignmentsOf(enrollmentIds: readonly string[], modules: Modules): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (enrollmentIds.length === 0 || !anyAssignmentLinked(modules)) return out;
  const rows = await queryRows<{ enrollmentId: string; assignmentId: string }>(
    `SELECT DISTINCT "enrollmentId", "assignmentId" FROM "Submission" WHERE "enrollmentId" IN (${placeholders(enrollmentIds.length)})`,
    [...enrollmentIds],
  );
  for (const r of rows) {
    const set = out.get(r.enrollmentId);
    if (set) set.add(r.assignmentId);
    else out.set(r.enrollmentId, new Set([r.assignmentId]));
  }
  return out;
}

/**
 * The plan's input for one learner: the flags, with `submitted` set on the items whose assignment
 * they submitted (a new map then; the flags are not changed).
 */
export function progressInputs(
  flags: ReadonlyMap<string, ProgressFlags> | undefined,
  submitted: ReadonlySet<string> | undefined,
  modules: Modules,
): ReadonlyMap<string, ItemProgressInput> {
  if (!submitted || submitted.size === 0) return flags ?? new Map();
  const out = new Map(flags);
  for (const m of modules) {
    for (const item of m.items) {
      if (!item.assignmentId || !submitted.has(item.assignmentId)) continue;
      out.set(item.id, { ...(out.get(item.id) ?? { viewed: false, completed: false, watchedPercent: 0, scorePercent: null }), submitted: true });
    }
  }
  return out;
}
