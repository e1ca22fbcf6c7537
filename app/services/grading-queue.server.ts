/**
 * The grading queue of one assignment, the course-wide "needs grading" list and the
 * SpeedGrader-style view of one learner's work. A fixed number of queries whatever the
 * number of students: the course's students, the assignment's submissions (narrow columns)
 * and its grades are read once each, joined in memory, filtered, sorted and paged.
 */
import { z } from "zod";
import { parseRubricScores } from "~/domain/rubric";
import { computeLatePenalty } from "~/domain/late-policy";
import { getDb } from "~/lib/db.server";
import { decodeLatePolicy } from "./date-rules";
import { gradeSelect, listGradeEvents, requireGradableEnrollment, requireGrader, toStoredGrade, type GraderScope, type StoredGrade } from "./grades.server";
import { listComments } from "./comments.server";
import { listRegradesForGrader } from "./regrades.server";
import { loadRubricView } from "./rubrics.server";
import { isDiscussionAssignment } from "./assignment-form";
import { discussionPostsForGrading } from "./discussion-grading-view.server";
import { requireCourseRole, STAFF } from "./permissions.server";
import { resolveForLearners, toLearner } from "./schedule.server";
import type { Actor } from "./users.server";

export const QUEUE_STATUSES = ["all", "ungraded", "graded", "late", "resubmitted", "missing"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const QUEUE_SORTS = ["name", "submitted", "status"] as const;
export const PAGE_SIZE = 100;

export const queueFilterSchema = z.object({
  section: z.string().max(100).optional().default(""),
  status: z.enum(QUEUE_STATUSES).catch("all"),
  sort: z.enum(QUEUE_SORTS).catch("name"),
  page: z.coerce.number().int().min(1).catch(1),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export type QueueRow = {
  enrollmentId: string;
  /** The learner's name, or "Student n" under anonymous grading until grades are posted. */
  label: string;
  email: string | null;
  sectionName: string | null;
  attempt: number | null;
  submittedAt: Date | null;
  minutesLate: number;
  state: "UNSUBMITTED" | "UNGRADED" | "GRADED" | "RESUBMITTED";
  finalScore: number | null;
  excused: boolean;
  posted: boolean;
};

const STATE_ORDER = { RESUBMITTED: 0, UNGRADED: 1, GRADED: 2, UNSUBMITTED: 3 } as const;

/** Everything the queue and the grading page share: every student row of the assignment, in display order. */
async function loadRows(scope: GraderScope) {
  const db = getDb();
  const { assignment } = scope;
  const [students, submissions, grades] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId: assignment.courseId, role: "STUDENT" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, status: true, sectionId: true, section: { select: { name: true } }, user: { select: { displayName: true, email: true } } },
    }),
    db.submission.findMany({
      where: { assignmentId: assignment.id },
      select: { enrollmentId: true, attempt: true, submittedAt: true, minutesLate: true },
    }),
    db.grade.findMany({
      where: { assignmentId: assignment.id },
      select: { enrollmentId: true, finalScore: true, rawScore: true, excused: true, missing: true, gradedAt: true, postedAt: true },
    }),
  ]);
  const latest = new Map<string, (typeof submissions)[number]>();
  for (const s of submissions) {
    const prev = latest.get(s.enrollmentId);
    if (!prev || s.attempt > prev.attempt) latest.set(s.enrollmentId, s);
  }
  const gradeOf = new Map(grades.map((g) => [g.enrollmentId, g]));
  const anonymous = assignment.anonymousGrading && !grades.some((g) => g.postedAt);
  const rows: (QueueRow & { sectionId: string | null; missing: boolean })[] = [];
  students.forEach((e, index) => {
    if (e.status !== "ACTIVE") return;
    if (scope.sectionId && e.sectionId !== scope.sectionId) return;
    const sub = latest.get(e.id);
    const g = gradeOf.get(e.id);
    const graded = Boolean(g && (g.rawScore !== null || g.excused));
    const state: QueueRow["state"] = !sub
      ? graded
        ? "GRADED"
        : "UNSUBMITTED"
      : !graded
        ? "UNGRADED"
        : g!.gradedAt && sub.submittedAt > g!.gradedAt
          ? "RESUBMITTED"
          : "GRADED";
    rows.push({
      enrollmentId: e.id,
      // Numbered by enrollment order over all of the course's students: stable per course, whatever the filter.
      label: anonymous ? `Student ${index + 1}` : e.user.displayName,
      email: anonymous ? null : e.user.email,
      sectionId: e.sectionId,
      sectionName: anonymous ? null : (e.section?.name ?? null),
      attempt: sub?.attempt ?? null,
      submittedAt: sub?.submittedAt ?? null,
      minutesLate: sub?.minutesLate ?? 0,
      state,
      finalScore: g?.finalScore ?? null,
      excused: g?.excused ?? false,
      posted: Boolean(g?.postedAt),
      missing: g?.missing ?? false,
    });
  });
  return { rows, anonymous, students };
}

function applyFilter(rows: Awaited<ReturnType<typeof loadRows>>["rows"], filter: Omit<QueueFilter, "page">) {
  const filtered = rows.filter((r) => {
    if (filter.section && r.sectionId !== filter.section) return false;
    switch (filter.status) {
      case "ungraded":
        return r.state === "UNGRADED" || r.state === "RESUBMITTED";
      case "graded":
        return r.state === "GRADED";
      case "late":
        return r.minutesLate > 0;
      case "resubmitted":
        return r.state === "RESUBMITTED";
      case "missing":
        return r.state === "UNSUBMITTED" || r.missing;
      default:
        return true;
    }
  });
  const byName = (a: QueueRow, b: QueueRow) => a.label.localeCompare(b.label, undefined, { numeric: true }) || a.enrollmentId.localeCompare(b.enrollmentId);
  if (filter.sort === "submitted")
    filtered.sort((a, b) => (a.submittedAt?.getTime() ?? Infinity) - (b.submittedAt?.getTime() ?? Infinity) || byName(a, b));
  else if (filter.sort === "status") filtered.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || byName(a, b));
  else filtered.sort(byName);
  return filtered;
}

/** One page of the assignment's queue, with counts for the filters and the sections to filter by. */
export async function getGradingQueue(actor: Actor, assignmentId: string, filter: QueueFilter) {
  const scope = await requireGrader(actor, assignmentId);
  const [{ rows, anonymous }, sections] = await Promise.all([
    loadRows(scope),
    getDb().section.findMany({ where: { courseId: scope.assignment.courseId, ...(scope.sectionId ? { id: scope.sectionId } : {}) }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const filtered = applyFilter(rows, filter);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const counts = {
    total: rows.length,
    ungraded: rows.filter((r) => r.state === "UNGRADED" || r.state === "RESUBMITTED").length,
    graded: rows.filter((r) => r.state === "GRADED").length,
    unposted: rows.filter((r) => r.state !== "UNSUBMITTED" && !r.posted && r.state !== "UNGRADED").length,
  };
  const pageRows = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(({ sectionId: _s, missing: _m, ...r }) => r);
  return { scope, rows: pageRows, matching: filtered.length, page, pages, counts, anonymous, sections: anonymous ? [] : sections };
}

/** Every assignment of the course with work waiting for a grade (new or resubmitted), in the grader's scope. */
export async function getCourseNeedsGrading(actor: Actor, courseSlug: string) {
  const access = await requireCourseRole(actor, { slug: courseSlug }, STAFF, "Only the course's instructors and TAs grade work.");
  const db = getDb();
  const course = await db.course.findUniqueOrThrow({ where: { id: access.course.id }, select: { taSectionScoped: true } });
  const sectionId = !actor.isAdmin && access.role === "TA" && course.taSectionScoped ? (access.sectionId ?? "-none-") : null;
  const enrollmentWhere = { status: "ACTIVE" as const, role: "STUDENT" as const, ...(sectionId ? { sectionId } : {}) };
  const [assignments, latest, grades] = await Promise.all([
    db.assignment.findMany({ where: { courseId: access.course.id }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true, title: true, published: true, points: true } }),
    db.submission.groupBy({
      by: ["assignmentId", "enrollmentId"],
      where: { assignment: { courseId: access.course.id }, enrollment: enrollmentWhere },
      _max: { submittedAt: true },
    }),
    db.grade.findMany({
      where: { assignment: { courseId: access.course.id }, enrollment: enrollmentWhere },
      select: { assignmentId: true, enrollmentId: true, rawScore: true, excused: true, gradedAt: true, postedAt: true },
    }),
  ]);
  const gradeOf = new Map(grades.map((g) => [`${g.assignmentId}|${g.enrollmentId}`, g]));
  const waiting = new Map<string, { ungraded: number; resubmitted: number; oldest: Date | null }>();
  for (const s of latest) {
    const g = gradeOf.get(`${s.assignmentId}|${s.enrollmentId}`);
    const graded = g && (g.rawScore !== null || g.excused);
    const at = s._max.submittedAt;
    const w = waiting.get(s.assignmentId) ?? { ungraded: 0, resubmitted: 0, oldest: null };
    if (!graded) w.ungraded++;
    else if (at && g.gradedAt && at > g.gradedAt) w.resubmitted++;
    else continue;
    if (at && (!w.oldest || at < w.oldest)) w.oldest = at;
    waiting.set(s.assignmentId, w);
  }
  const unposted = new Map<string, number>();
  for (const g of grades) if (!g.postedAt && (g.rawScore !== null || g.excused)) unposted.set(g.assignmentId, (unposted.get(g.assignmentId) ?? 0) + 1);
  return {
    access,
    assignments: assignments
      .map((a) => ({ ...a, ...(waiting.get(a.id) ?? { ungraded: 0, resubmitted: 0, oldest: null }), unposted: unposted.get(a.id) ?? 0 }))
      .filter((a) => a.ungraded + a.resubmitted + a.unposted > 0),
  };
}

/**
 * One learner's work for the grading page: every attempt (text, link, files), the grade,
 * the rubric, the late penalty the policy computes, comments, regrade requests, the audit
 * trail (instructors) and the previous/next learner in the queue's current order.
 */
export async function getGradingView(actor: Actor, assignmentId: string, enrollmentId: string, filter: Omit<QueueFilter, "page">, now: Date) {
  const scope = await requireGrader(actor, assignmentId);
  const enrollment = await requireGradableEnrollment(scope, enrollmentId);
  const db = getDb();
  const [{ rows, anonymous }, submissions, gradeRow, rubric, assignmentText] = await Promise.all([
    loadRows(scope),
    db.submission.findMany({
      where: { assignmentId, enrollmentId },
      orderBy: { attempt: "desc" },
      select: { id: true, attempt: true, body: true, url: true, submittedAt: true, minutesLate: true, penaltyPercent: true, files: { select: { fileId: true } } },
    }),
    db.grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId, enrollmentId } }, select: gradeSelect }),
    loadRubricView(scope.assignment.rubricId),
    db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { instructions: true, submissionTypes: true, discussionId: true } }),
  ]);
  const fileIds = submissions.flatMap((s) => s.files.map((f) => f.fileId));
  const files = fileIds.length ? await db.storedFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, filename: true, size: true, contentType: true } }) : [];
  const fileById = new Map(files.map((f) => [f.id, f]));
  const ordered = applyFilter(rows, filter);
  let index = ordered.findIndex((r) => r.enrollmentId === enrollmentId);
  const list = index === -1 ? applyFilter(rows, { ...filter, status: "all", section: "" }) : ordered;
  if (index === -1) index = list.findIndex((r) => r.enrollmentId === enrollmentId);
  const row = list[index];
  const grade: StoredGrade | null = gradeRow ? toStoredGrade(gradeRow) : null;

  const [resolved] = await resolveForLearners([toLearner(enrollment)], now, { assignmentIds: [assignmentId], includeUnpublished: true });
  const latest = submissions[0] ?? null;
  const policy = decodeLatePolicy(scope.assignment.latePolicy);
  const penaltyPreview = (raw: number) =>
    latest ? computeLatePenalty(policy, { dueAt: resolved?.schedule.dueAt ?? null, submittedAt: latest.submittedAt, rawScore: raw, pointsPossible: scope.assignment.points }).penaltyPoints : 0;
  // A graded discussion shows the student's posts in context instead of submission content.
  const discussionId = isDiscussionAssignment(assignmentText.submissionTypes) ? assignmentText.discussionId : null;
  const [comments, regrades, events, discussion] = await Promise.all([
    listComments(actor, assignmentId, enrollmentId),
    listRegradesForGrader(actor, assignmentId, enrollmentId),
    scope.isInstructor ? listGradeEvents(actor, assignmentId, enrollmentId) : Promise.resolve([]),
    discussionId
      ? discussionPostsForGrading(actor, scope.access, { discussionId, learner: toLearner(enrollment), schedule: resolved?.schedule ?? null, anonymous, slug: scope.access.course.slug }, now)
      : Promise.resolve(null),
  ]);
  return {
    scope,
    anonymous,
    student: { enrollmentId, label: row?.label ?? "Student", email: row?.email ?? null, sectionName: row?.sectionName ?? null },
    position: { index: index + 1, total: list.length, prev: list[index - 1]?.enrollmentId ?? null, next: list[index + 1]?.enrollmentId ?? null },
    instructions: assignmentText.instructions,
    dueAt: resolved?.schedule.dueAt ?? null,
    latePolicy: policy,
    penaltyAtFullScore: penaltyPreview(scope.assignment.points),
    submissions: submissions.map(({ files: f, ...s }) => ({ ...s, files: f.map((x) => fileById.get(x.fileId)).filter((x): x is (typeof files)[number] => Boolean(x)) })),
    grade,
    rubric,
    rubricScores: grade?.rubricScores ?? parseRubricScores(null),
    comments,
    regrades,
    events,
    discussion,
  };
}

