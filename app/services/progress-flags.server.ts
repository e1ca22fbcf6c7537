/**
 * A learner's progress as the study plan needs it (domain/progress.ts `ItemProgressInput`): for
 * each item, whether it was viewed or marked done and the watched %, plus which linked
 * assignments were submitted. One reader for the course home and lesson page (one learner), the
 * instructor's class progress and its CSV export (a batch of learners).
 */
import type { ItemProgressInput } from "~/domain/progress";
import { dbProvider } from "~/lib/db.server";
import { JOINED_TEXT_SEPARATOR, joinedText, queryRows } from "./raw-query.server";

/** What the plan needs of an item's progress row: the domain's input, `submitted` still false. */
export type ProgressFlags = ItemProgressInput;

/**
 * A learner's progress rows as three joined texts, one aggregate each over the same rows in the
 * same order: the item ids ("a;b;c"), one mark a row ("-" nothing, "v" viewed, "c" marked done,
 * "b" both; no separator) and the whole watched % ("0;37;100"). A learner far into a big course
 * has hundreds of rows, and one string costs a fraction of as many row objects; building one
 * "id|vc|37.5" text a row cost SQLite more than reading the rows (347 rows, measured alone:
 * 175–240 µs against 130–160 µs for the three aggregates), most of it in the concatenations and
 * in printing the REAL percent. The percent is floored: completion thresholds are whole numbers,
 * and x >= t holds exactly when floor(x) >= t for a whole t. Ids are cuids or UUIDs (no ";").
 */
const columns = () => {
  const mark = `CASE WHEN "completedAt" IS NULL THEN (CASE WHEN "viewedAt" IS NULL THEN '-' ELSE 'v' END) ELSE (CASE WHEN "viewedAt" IS NULL THEN 'c' ELSE 'b' END) END`;
  // SQLite's CAST truncates (the percent is never negative); PostgreSQL's would round.
  const whole = dbProvider() === "postgresql" ? `CAST(CAST(FLOOR("watchedPercent") AS INTEGER) AS TEXT)` : `CAST("watchedPercent" AS INTEGER)`;
  return `${joinedText(`"itemId"`)} AS "ids", ${joinedText(mark, "")} AS "marks", ${joinedText(whole)} AS "watched"`;
};

/** One learner's rows as {@link columns} reads them (all null without rows). */
export type JoinedFlags = { ids: string | null; marks: string | null; watched: string | null };

const SEPARATOR = JOINED_TEXT_SEPARATOR.charCodeAt(0);
const ZERO = "0".charCodeAt(0);
const VIEWED = "v".charCodeAt(0);
const DONE = "c".charCodeAt(0);
const BOTH = "b".charCodeAt(0);

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
 * The joined rows as the plan's input, read by position (every course home and lesson page
 * parses a few hundred entries; only the ids become new strings). The values are shared and
 * frozen: never change one. Parsing stops at the first row one of the texts lacks.
 */
export function parseFlags({ ids, marks, watched }: JoinedFlags): Map<string, ProgressFlags> {
  const out = new Map<string, ProgressFlags>();
  if (!ids || !marks || !watched) return out;
  let at = 0;
  let w = 0;
  for (let row = 0; at < ids.length && row < marks.length && w < watched.length; row++) {
    let end = ids.indexOf(JOINED_TEXT_SEPARATOR, at);
    if (end < 0) end = ids.length;
    let percent = 0;
    for (let code = watched.charCodeAt(w); w < watched.length && code !== SEPARATOR; code = watched.charCodeAt(++w)) percent = percent * 10 + (code - ZERO);
    w++;
    const mark = marks.charCodeAt(row);
    out.set(ids.slice(at, end), flagsOf(mark === VIEWED || mark === BOTH, mark === DONE || mark === BOTH, percent));
    at = end + 1;
  }
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");

/** One learner's flags by item id. */
export async function readProgressFlags(enrollmentId: string): Promise<Map<string, ProgressFlags>> {
  const [row] = await queryRows<JoinedFlags>(`SELECT ${columns()} FROM "ItemProgress" WHERE "enrollmentId" = $1`, [enrollmentId]);
  return row ? parseFlags(row) : new Map();
}

/** Several learners' flags in one statement: enrollment id → item id → flags (learners without rows are absent). */
export async function readProgressFlagsOf(enrollmentIds: readonly string[]): Promise<Map<string, Map<string, ProgressFlags>>> {
  if (enrollmentIds.length === 0) return new Map();
  const rows = await queryRows<JoinedFlags & { enrollmentId: string }>(
    `SELECT "enrollmentId", ${columns()} FROM "ItemProgress" WHERE "enrollmentId" IN (${placeholders(enrollmentIds.length)}) GROUP BY "enrollmentId"`,
    [...enrollmentIds],
  );
  return new Map(rows.map((r) => [r.enrollmentId, parseFlags(r)]));
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
