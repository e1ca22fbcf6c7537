/**
 * The gradebook: students × published assignments with totals (staff), and a student's own
 * grades. A fixed number of queries whatever the number of students: one page of students,
 * their grades in one query, and their resolved dates (to mark work missing after close).
 * The math is domain/gradebook.ts; students only ever see posted grades.
 */
import { z } from "zod";
import {
  computeStudentGrade,
  distribution,
  formatScore,
  validateCategories,
  type GradebookCategory,
  type GradebookEntry,
  type StudentGrade,
} from "~/domain/gradebook";
import { missingScore, roundScore } from "~/domain/late-policy";
import { getDb } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { gradeVisibleToStudent, saveGrade } from "./grades.server";
import { requireCourseMember, requireCourseRole, STAFF, type CourseAccess } from "./permissions.server";
import { learnerSelect, learnersOfUser, resolveForLearners, toLearner, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

export const GRADEBOOK_PAGE_SIZE = 50;

export type GradebookColumn = {
  id: string;
  title: string;
  points: number;
  categoryId: string | null;
  postPolicy: string;
  missingScorePercent: number | null;
};

export type GradebookCell = {
  score: number | null;
  rawScore: number | null;
  text: string;
  late: boolean;
  missing: boolean;
  excused: boolean;
  /** Graded but not posted: the student does not see it yet. */
  hidden: boolean;
};

type GradeRow = {
  assignmentId: string;
  enrollmentId: string;
  rawScore: number | null;
  finalScore: number | null;
  latePenalty: number;
  excused: boolean;
  missing: boolean;
  feedback: string;
  postedAt: Date | null;
};

const gradeRowSelect = { assignmentId: true, enrollmentId: true, rawScore: true, finalScore: true, latePenalty: true, excused: true, missing: true, feedback: true, postedAt: true } as const;
const columnSelect = { id: true, title: true, points: true, categoryId: true, postPolicy: true, missingScorePercent: true } as const;

/** Whether work is missing: never submitted and past close (or past due without a close). */
function pastClose(r: ResolvedAssignment | undefined, now: Date): boolean {
  if (!r || r.attempts > 0) return false;
  return missingScore({ missingScorePercent: 0 }, 0, r.schedule, false, now) !== null;
}

/**
 * One learner's cell for one assignment. `forStudent` hides unposted grades entirely; a
 * missing score derived from the policy (no Grade row yet) shows to the student only when the
 * assignment posts automatically.
 */
export function cellOf(column: GradebookColumn, grade: GradeRow | undefined, resolved: ResolvedAssignment | undefined, now: Date, forStudent: boolean): GradebookCell & { entry?: GradebookEntry } {
  const visible = grade && (!forStudent || gradeVisibleToStudent(grade, column));
  const due = resolved?.schedule.dueAt ?? null;
  const late = Boolean(visible && grade!.latePenalty > 0) || Boolean(resolved?.lastSubmittedAt && due && resolved.lastSubmittedAt > due);
  if (visible && (grade!.excused || grade!.finalScore !== null)) {
    const entry: GradebookEntry = { score: grade!.excused ? null : grade!.finalScore, excused: grade!.excused, missing: grade!.missing };
    return { entry, score: entry.score, rawScore: grade!.rawScore, text: formatScore(entry, column.points, "POINTS"), late, missing: grade!.missing, excused: grade!.excused, hidden: !grade!.postedAt };
  }
  const blankHidden = Boolean(grade && !visible);
  const missing = !blankHidden && (Boolean(grade?.missing) || pastClose(resolved, now));
  if (missing && (!forStudent || column.postPolicy === "AUTOMATIC")) {
    const score = column.missingScorePercent === null ? null : roundScore((column.points * column.missingScorePercent) / 100);
    const entry: GradebookEntry | undefined = score === null ? undefined : { score, missing: true };
    return { entry, score, rawScore: null, text: score === null ? "—" : formatScore(entry, column.points, "POINTS"), late: false, missing: true, excused: false, hidden: false };
  }
  return { score: null, rawScore: null, text: "—", late: forStudent ? false : late, missing: false, excused: false, hidden: !forStudent && Boolean(grade && !grade.postedAt && grade.rawScore !== null) };
}

async function courseSetup(courseId: string) {
  const db = getDb();
  const [course, categories, columns] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { taSectionScoped: true } }),
    db.gradeCategory.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, weight: true, dropLowest: true } }),
    db.assignment.findMany({ where: { courseId, published: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: columnSelect }),
  ]);
  return { course, categories: categories as GradebookCategory[], columns: columns as GradebookColumn[] };
}

/** The section a TA is limited to (taSectionScoped, `locked`), or the requested filter. */
function sectionScope(actor: Actor, access: CourseAccess, taSectionScoped: boolean, requested: string | null): { sectionId: string | null; locked: boolean } {
  if (!actor.isAdmin && access.role === "TA" && taSectionScoped) {
    if (!access.sectionId) throw forbidden("You see only your own section's students, and you are not in a section yet. Ask an instructor to add you to one.");
    return { sectionId: access.sectionId, locked: true };
  }
  return { sectionId: requested || null, locked: false };
}

/** Rows (cells + totals) for a batch of enrollments: grades in one query, dates in four. */
type EnrollmentRow = Parameters<typeof toLearner>[0] & { user: { displayName: string; email: string; timeZone: string }; section: { name: string } | null };

async function rowsFor(
  enrollments: EnrollmentRow[],
  setup: Awaited<ReturnType<typeof courseSetup>>,
  now: Date,
) {
  const ids = enrollments.map((e) => e.id);
  const needDates = setup.columns.length > 0 && ids.length > 0;
  const [grades, resolved] = await Promise.all([
    ids.length && setup.columns.length
      ? getDb().grade.findMany({ where: { enrollmentId: { in: ids }, assignmentId: { in: setup.columns.map((c) => c.id) } }, select: gradeRowSelect })
      : Promise.resolve([] as GradeRow[]),
    needDates ? resolveForLearners(enrollments.map(toLearner), now) : Promise.resolve([] as ResolvedAssignment[]),
  ]);
  const key = (a: string, e: string) => `${a}|${e}`;
  const gradeBy = new Map(grades.map((g) => [key(g.assignmentId, g.enrollmentId), g]));
  const resolvedBy = new Map(resolved.map((r) => [key(r.assignment.id, r.enrollmentId), r]));
  return enrollments.map((e) => {
    const entries = new Map<string, GradebookEntry>();
    const cells: Record<string, GradebookCell> = {};
    for (const c of setup.columns) {
      const { entry, ...cell } = cellOf(c, gradeBy.get(key(c.id, e.id)), resolvedBy.get(key(c.id, e.id)), now, false);
      if (entry) entries.set(c.id, entry);
      cells[c.id] = cell;
    }
    const total = computeStudentGrade({ categories: setup.categories, assignments: setup.columns, entries });
    return { enrollmentId: e.id, name: e.user.displayName, email: e.user.email, section: e.section?.name ?? null, cells, current: total.current, projectedFinal: total.projectedFinal };
  });
}

const enrollmentSelect = { ...learnerSelect, user: { select: { timeZone: true, displayName: true, email: true } }, section: { select: { name: true } } } as const;

/** The staff gradebook: one page of students (50), optionally one section, with a score histogram for one assignment. */
export async function getGradebook(actor: Actor, courseId: string, now: Date, options: { page?: number; sectionId?: string | null; chartAssignmentId?: string | null } = {}) {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see the gradebook.");
  const db = getDb();
  const setup = await courseSetup(courseId);
  const { sectionId, locked } = sectionScope(actor, access, setup.course.taSectionScoped, options.sectionId ?? null);
  const where = { courseId, role: "STUDENT" as const, status: "ACTIVE" as const, ...(sectionId ? { sectionId } : {}) };
  const chartColumn = setup.columns.find((c) => c.id === options.chartAssignmentId) ?? setup.columns[0] ?? null;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const [sections, total, enrollments, chartScores] = await Promise.all([
    db.section.findMany({ where: { courseId, ...(locked && sectionId ? { id: sectionId } : {}) }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.enrollment.count({ where }),
    db.enrollment.findMany({ where, orderBy: [{ user: { displayName: "asc" } }, { id: "asc" }], skip: (page - 1) * GRADEBOOK_PAGE_SIZE, take: GRADEBOOK_PAGE_SIZE, select: enrollmentSelect }),
    chartColumn
      ? db.grade.findMany({ where: { assignmentId: chartColumn.id, excused: false, finalScore: { not: null }, enrollment: where }, select: { finalScore: true } })
      : Promise.resolve([] as { finalScore: number | null }[]),
  ]);
  const rows = await rowsFor(enrollments, setup, now);
  const chart = chartColumn
    ? { assignmentId: chartColumn.id, title: chartColumn.title, buckets: distribution(chartScores.map((g) => (chartColumn.points > 0 ? (g.finalScore! / chartColumn.points) * 100 : 100))), graded: chartScores.length }
    : null;
  return {
    categories: setup.categories,
    categoryProblems: validateCategories(setup.categories).map((p) => p.message),
    mode: setup.categories.some((c) => c.weight > 0) ? ("WEIGHTED" as const) : ("POINTS" as const),
    columns: setup.columns,
    sections,
    sectionId,
    rows,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / GRADEBOOK_PAGE_SIZE)),
    sectionLocked: locked,
    chart,
  };
}

/**
 * Every student's row in batches of `batchSize` (keyset pagination on the enrollment id), so a
 * CSV of any size is produced with flat memory. Staff only; a scoped TA gets their section.
 */
export async function gradebookBatches(actor: Actor, courseId: string, now: Date, options: { sectionId?: string | null; batchSize?: number } = {}) {
  const access = await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can export the gradebook.");
  const setup = await courseSetup(courseId);
  const { sectionId } = sectionScope(actor, access, setup.course.taSectionScoped, options.sectionId ?? null);
  const where = { courseId, role: "STUDENT" as const, status: "ACTIVE" as const, ...(sectionId ? { sectionId } : {}) };
  const take = options.batchSize ?? 500;
  async function* batches() {
    let cursor: string | null = null;
    for (;;) {
      const enrollments: EnrollmentRow[] = await getDb().enrollment.findMany({
        where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) },
        orderBy: { id: "asc" },
        take,
        select: enrollmentSelect,
      });
      if (enrollments.length === 0) return;
      yield await rowsFor(enrollments, setup, now);
      if (enrollments.length < take) return;
      cursor = enrollments[enrollments.length - 1].id;
    }
  }
  return { columns: setup.columns, categories: setup.categories, batches };
}

export type StudentGradesView = {
  course: CourseAccess["course"];
  mode: StudentGrade["mode"];
  current: number | null;
  projectedFinal: number | null;
  categories: StudentGrade["categories"];
  items: Array<{ id: string; title: string; points: number; category: string; cell: GradebookCell; feedback: string | null; dueAt: Date | null }>;
};

/**
 * The signed-in student's own grades: only posted grades (hidden ones count nowhere), feedback,
 * category breakdown, current and projected. Reads by the actor's own enrollment only.
 */
export async function getStudentGrades(actor: Actor, courseSlug: string, now: Date): Promise<StudentGradesView> {
  const access = await requireCourseMember(actor, { slug: courseSlug });
  if (access.role !== "STUDENT" || !access.enrollmentId) throw forbidden("The Grades page shows a student's own grades. Staff use the gradebook.");
  const db = getDb();
  const [setup, enrollment, grades] = await Promise.all([
    courseSetup(access.course.id),
    db.enrollment.findUnique({ where: { id: access.enrollmentId }, select: learnerSelect }),
    db.grade.findMany({ where: { enrollmentId: access.enrollmentId, assignment: { published: true } }, select: gradeRowSelect }),
  ]);
  if (!enrollment) throw notFound("enrollment");
  const resolved = setup.columns.length ? await resolveForLearners([toLearner(enrollment)], now) : [];
  const gradeBy = new Map(grades.map((g) => [g.assignmentId, g]));
  const resolvedBy = new Map(resolved.map((r) => [r.assignment.id, r]));
  const names = new Map(setup.categories.map((c) => [c.id, c.name]));
  const entries = new Map<string, GradebookEntry>();
  const items = setup.columns.map((c) => {
    const grade = gradeBy.get(c.id);
    const { entry, ...cell } = cellOf(c, grade, resolvedBy.get(c.id), now, true);
    if (entry) entries.set(c.id, entry);
    const visible = grade && gradeVisibleToStudent(grade, c);
    return {
      id: c.id,
      title: c.title,
      points: c.points,
      category: (c.categoryId && names.get(c.categoryId)) || "Uncategorised",
      cell,
      feedback: visible && grade.feedback ? grade.feedback : null,
      dueAt: resolvedBy.get(c.id)?.schedule.dueAt ?? null,
    };
  });
  const total = computeStudentGrade({ categories: setup.categories, assignments: setup.columns, entries });
  return { course: access.course, mode: total.mode, current: total.current, projectedFinal: total.projectedFinal, categories: total.categories, items };
}

export const gradeCellSchema = z.object({
  enrollmentId: z.string().min(1, "Choose a student."),
  assignmentId: z.string().min(1, "Choose an assignment."),
  score: z
    .string()
    .trim()
    .max(20, "Enter a score like 8.5, EX to excuse, or leave it empty to clear.")
    .refine((v) => v === "" || /^(ex|excused)$/i.test(v) || /^\d+([.,]\d+)?$/.test(v), "Enter a score like 8.5, EX to excuse, or leave it empty to clear."),
});

/**
 * One gradebook cell edit: a number sets the raw score (late penalty applied by saveGrade),
 * "EX" excuses, empty clears. Saved with `saveGrade`, so authorization and the audit trail are
 * exactly those of the grading page.
 */
export async function saveGradeCell(actor: Actor, courseId: string, input: z.infer<typeof gradeCellSchema>, now: Date) {
  const db = getDb();
  const [assignment, existing] = await Promise.all([
    db.assignment.findFirst({ where: { id: input.assignmentId, courseId }, select: { id: true } }),
    db.grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId: input.assignmentId, enrollmentId: input.enrollmentId } }, select: { id: true } }),
  ]);
  if (!assignment) throw notFound("assignment");
  // Clearing a cell that was never graded changes nothing (and leaves no empty Grade row).
  if (input.score === "" && !existing) return null;
  const excused = /^(ex|excused)$/i.test(input.score);
  const rawScore = excused || input.score === "" ? null : Number(input.score.replace(",", "."));
  return saveGrade(actor, { assignmentId: assignment.id, enrollmentId: input.enrollmentId, excused, ...(excused ? {} : { rawScore }) }, now);
}

/** The signed-in learner's current and projected grade in each of their courses (posted grades only). A fixed number of queries. */
export async function getMyGrades(actor: Actor, now: Date) {
  const learners = await learnersOfUser(actor.id);
  if (learners.length === 0) return [];
  const db = getDb();
  const courseIds = learners.map((l) => l.course.id);
  const [categories, columns, grades, resolved] = await Promise.all([
    db.gradeCategory.findMany({ where: { courseId: { in: courseIds } }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, courseId: true, name: true, weight: true, dropLowest: true } }),
    db.assignment.findMany({ where: { courseId: { in: courseIds }, published: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { ...columnSelect, courseId: true } }),
    db.grade.findMany({ where: { enrollmentId: { in: learners.map((l) => l.enrollmentId) }, assignment: { published: true } }, select: gradeRowSelect }),
    resolveForLearners(learners, now),
  ]);
  const key = (a: string, e: string) => `${a}|${e}`;
  const gradeBy = new Map(grades.map((g) => [key(g.assignmentId, g.enrollmentId), g]));
  const resolvedBy = new Map(resolved.map((r) => [key(r.assignment.id, r.enrollmentId), r]));
  return learners.map((l) => {
    const cols = columns.filter((c) => c.courseId === l.course.id);
    const entries = new Map<string, GradebookEntry>();
    for (const c of cols) {
      const { entry } = cellOf(c, gradeBy.get(key(c.id, l.enrollmentId)), resolvedBy.get(key(c.id, l.enrollmentId)), now, true);
      if (entry) entries.set(c.id, entry);
    }
    const total = computeStudentGrade({ categories: categories.filter((k) => k.courseId === l.course.id), assignments: cols, entries });
    return { slug: l.course.slug, title: l.course.title, current: total.current, projectedFinal: total.projectedFinal, graded: entries.size, assignments: cols.length };
  });
}
