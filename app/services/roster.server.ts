import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { CourseRole } from "~/generated/sqlite/enums";
import { getDb } from "~/lib/db.server";
import { AppError, badRequest } from "~/lib/errors";
import { addPersonInTx, type PersonOutcome } from "./people.server";
import { requireCourseRole } from "./permissions.server";
import { sendInvitation } from "./invitations.server";
import type { Actor } from "./users.server";

export const MAX_ROSTER_ROWS = 5_000;
export const MAX_ROSTER_BYTES = 1_000_000;

export const rosterSchema = z.object({
  csv: z.string().min(1, "Paste a CSV or choose a file.").max(MAX_ROSTER_BYTES, "That roster is larger than 1 MB. Split it into smaller files."),
});

export type RosterRowReport = {
  line: number;
  email: string;
  outcome: PersonOutcome | "REJECTED";
  reason: string;
};

const rowSchema = z.object({
  email: z.email("is not a valid email address"),
  name: z.string().max(80, "name is longer than 80 characters"),
  role: z.enum(["INSTRUCTOR", "TA", "STUDENT"], { error: "role must be student, ta or instructor" }),
  section: z.string().max(80, "section name is longer than 80 characters"),
});

const REASONS: Record<PersonOutcome, string> = {
  CREATED: "New account created and invited by email",
  ENROLLED: "Existing account enrolled",
  UPDATED: "Already enrolled: role or section updated",
  SKIPPED: "Already enrolled with this role and section",
};

function readRows(csv: string): Record<string, string>[] {
  try {
    return parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw badRequest(`We could not read that CSV: ${(error as Error).message}`, { csv: ["The file is not valid CSV."] });
  }
}

/**
 * Imports a roster (columns: email, name, role, section). Every row is checked
 * first; valid rows are then written in ONE transaction (missing sections are
 * created), so a failure leaves nothing half-imported. Returns a per-row report.
 */
export async function importRoster(actor: Actor, courseId: string, input: z.infer<typeof rosterSchema>, now: Date) {
  const access = await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can import a roster.");
  const rows = readRows(input.csv);
  if (rows.length === 0) throw badRequest("The roster has no rows below its header line.", { csv: ["No rows found."] });
  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A roster can have at most ${MAX_ROSTER_ROWS} rows; this one has ${rows.length}.`);
  }
  if (!("email" in rows[0])) throw badRequest("The first line must name the columns: email, name, role, section.", { csv: ["Missing the email column."] });

  const report: RosterRowReport[] = [];
  const valid: { line: number; email: string; name: string; role: CourseRole; section: string }[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const line = i + 2;
    const candidate = {
      email: (raw.email ?? "").toLowerCase(),
      name: raw.name ?? "",
      role: (raw.role || "student").toUpperCase(),
      section: raw.section ?? "",
    };
    const parsed = rowSchema.safeParse(candidate);
    if (!parsed.success) {
      report.push({ line, email: candidate.email, outcome: "REJECTED", reason: parsed.error.issues.map((x) => `${String(x.path[0])} ${x.message}`.replace(/^(\w+) \1/, "$1")).join("; ") });
    } else if (seen.has(parsed.data.email)) {
      report.push({ line, email: candidate.email, outcome: "REJECTED", reason: "Same email appears earlier in the file" });
    } else {
      seen.add(parsed.data.email);
      valid.push({ line, ...parsed.data });
    }
  });

  const db = getDb();
  const invites: string[] = [];
  await db.$transaction(
    async (tx) => {
      const sectionIds = new Map<string, string>();
      for (const s of await tx.section.findMany({ where: { courseId }, select: { id: true, name: true } })) sectionIds.set(s.name, s.id);
      for (const row of valid) {
        let sectionId: string | null = null;
        if (row.section) {
          sectionId = sectionIds.get(row.section) ?? null;
          if (!sectionId) {
            sectionId = (await tx.section.create({ data: { courseId, name: row.section }, select: { id: true } })).id;
            sectionIds.set(row.section, sectionId);
          }
        }
        const result = await addPersonInTx(tx, courseId, { email: row.email, displayName: row.name || undefined, role: row.role, sectionId }, now);
        if (result.invited) invites.push(result.userId);
        report.push({ line: row.line, email: row.email, outcome: result.outcome, reason: REASONS[result.outcome] });
      }
    },
    { timeout: 60_000 },
  );
  for (const userId of invites) await sendInvitation(userId, access.course.title, now);
  report.sort((a, b) => a.line - b.line);
  const summary = { CREATED: 0, ENROLLED: 0, UPDATED: 0, SKIPPED: 0, REJECTED: 0 };
  for (const r of report) summary[r.outcome]++;
  return { report, summary };
}
