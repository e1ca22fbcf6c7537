/**
 * Loads everything the schedule engine needs for many learners at once and
 * resolves every published assignment's dates for each of them. A fixed
 * number of queries, whatever the number of learners, courses or items.
 * What's due, the iCal feed, reminders, assignment pages and the instructor
 * calendar all get their dates from here (and so from domain/schedule.ts).
 */
import { createResolver, type ResolvedSchedule, type ScheduleOverride } from "~/domain/schedule";
import { getDb } from "~/lib/db.server";
import { overrideDatesOf, ruleSetOf } from "./date-rules";

export type Learner = {
  enrollmentId: string;
  userId: string;
  sectionId: string | null;
  startedAt: Date;
  timeZone: string;
  course: { id: string; slug: string; title: string; timeZone: string; endsAt: Date | null };
  /** The latest change to the enrollment, its course or its user (feeds and caches key on it). */
  changedAt: Date;
};

export type ResolvedAssignment = {
  enrollmentId: string;
  assignment: { id: string; title: string; points: number; courseId: string; latePolicy: string; maxAttempts: number | null; updatedAt: Date };
  course: Learner["course"];
  schedule: ResolvedSchedule;
  attempts: number;
  lastSubmittedAt: Date | null;
};

export const learnerSelect = {
  id: true,
  userId: true,
  sectionId: true,
  startedAt: true,
  updatedAt: true,
  user: { select: { timeZone: true, updatedAt: true } },
  course: { select: { id: true, slug: true, title: true, timeZone: true, endsAt: true, updatedAt: true } },
} as const;

type LearnerRow = {
  id: string;
  userId: string;
  sectionId: string | null;
  startedAt: Date;
  updatedAt: Date;
  /** Callers that select more of the user may leave its updatedAt out. */
  user: { timeZone: string; updatedAt?: Date };
  course: Learner["course"] & { updatedAt: Date };
};

export const toLearner = ({ course: { updatedAt: courseChangedAt, ...course }, ...e }: LearnerRow): Learner => ({
  enrollmentId: e.id,
  userId: e.userId,
  sectionId: e.sectionId,
  startedAt: e.startedAt,
  timeZone: e.user.timeZone,
  course,
  changedAt: new Date(Math.max(e.updatedAt.getTime(), courseChangedAt.getTime(), e.user.updatedAt?.getTime() ?? 0)),
});

/** Active student enrollments of one user, across courses (published courses only). */
export async function learnersOfUser(userId: string): Promise<Learner[]> {
  const rows = await getDb().enrollment.findMany({
    where: { userId, status: "ACTIVE", role: "STUDENT", course: { status: "PUBLISHED" } },
    select: learnerSelect,
  });
  return rows.map(toLearner);
}

/**
 * Resolves the published assignments of the learners' courses (or only `assignmentIds`)
 * for each learner. Four queries in all; three with `attempts: false` (for callers that read
 * submissions their own way: `attempts` is then 0 and `lastSubmittedAt` null throughout).
 */
export async function resolveForLearners(
  learners: Learner[],
  now: Date,
  options: { assignmentIds?: string[]; includeUnpublished?: boolean; attempts?: boolean } = {},
): Promise<ResolvedAssignment[]> {
  if (learners.length === 0) return [];
  const db = getDb();
  const courseIds = [...new Set(learners.map((l) => l.course.id))];
  const enrollmentIds = learners.map((l) => l.enrollmentId);
  const sectionIds = [...new Set(learners.map((l) => l.sectionId).filter((s): s is string => Boolean(s)))];
  const assignments = await db.assignment.findMany({
    where: {
      courseId: { in: courseIds },
      ...(options.includeUnpublished ? {} : { published: true }),
      ...(options.assignmentIds ? { id: { in: options.assignmentIds } } : {}),
    },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, courseId: true, title: true, points: true, latePolicy: true, maxAttempts: true, updatedAt: true, openRule: true, dueRule: true, closeRule: true },
  });
  if (assignments.length === 0) return [];
  // The learners' enrollments and sections already confine these rows to their courses, so the
  // assignment filter is only sent for an explicit (short) list: hundreds of bound assignment ids
  // cost more to send and plan than the few rows of unpublished assignments they leave out.
  const byAssignment = options.assignmentIds ? { assignmentId: { in: assignments.map((a) => a.id) } } : {};
  const [overrides, extensions, submissions] = await Promise.all([
    db.dateOverride.findMany({
      where: {
        ...byAssignment,
        OR: [{ enrollmentId: { in: enrollmentIds } }, ...(sectionIds.length ? [{ sectionId: { in: sectionIds } }] : [])],
      },
      orderBy: { updatedAt: "asc" },
      select: { assignmentId: true, scope: true, sectionId: true, enrollmentId: true, openRule: true, dueRule: true, closeRule: true },
    }),
    db.extensionRequest.findMany({
      where: { ...byAssignment, enrollmentId: { in: enrollmentIds }, status: "APPROVED" },
      select: { assignmentId: true, enrollmentId: true, grantedMinutes: true },
    }),
    options.attempts === false
      ? []
      : db.submission.groupBy({
          by: ["assignmentId", "enrollmentId"],
          where: { ...byAssignment, enrollmentId: { in: enrollmentIds } },
          _count: { _all: true },
          _max: { submittedAt: true },
        }),
  ]);

  const overridesByAssignment = new Map<string, ScheduleOverride[]>();
  for (const o of overrides) {
    const list = overridesByAssignment.get(o.assignmentId) ?? [];
    const dates = overrideDatesOf(o);
    if (o.scope === "SECTION" && o.sectionId) list.push({ scope: "SECTION", sectionId: o.sectionId, dates });
    if (o.scope === "LEARNER" && o.enrollmentId) list.push({ scope: "LEARNER", learnerId: o.enrollmentId, dates });
    overridesByAssignment.set(o.assignmentId, list);
  }
  const key = (a: string, e: string) => `${a}|${e}`;
  const extensionMinutes = new Map<string, number>();
  for (const x of extensions) extensionMinutes.set(key(x.assignmentId, x.enrollmentId), (extensionMinutes.get(key(x.assignmentId, x.enrollmentId)) ?? 0) + x.grantedMinutes);
  const submitted = new Map(submissions.map((s) => [key(s.assignmentId, s.enrollmentId), s]));
  const rules = new Map(assignments.map((a) => [a.id, ruleSetOf(a)]));

  const out: ResolvedAssignment[] = [];
  for (const learner of learners) {
    const resolver = createResolver(
      { timeZone: learner.course.timeZone, endsAt: learner.course.endsAt },
      { id: learner.enrollmentId, sectionId: learner.sectionId, startedAt: learner.startedAt, timeZone: learner.timeZone },
    );
    for (const a of assignments) {
      if (a.courseId !== learner.course.id) continue;
      const k = key(a.id, learner.enrollmentId);
      const minutes = extensionMinutes.get(k);
      const sub = submitted.get(k);
      const { openRule: _o, dueRule: _d, closeRule: _c, ...assignment } = a;
      out.push({
        enrollmentId: learner.enrollmentId,
        assignment,
        course: learner.course,
        schedule: resolver.resolve(rules.get(a.id)!, overridesByAssignment.get(a.id) ?? [], minutes ? [{ minutes }] : [], now),
        attempts: sub?._count._all ?? 0,
        lastSubmittedAt: sub?._max.submittedAt ?? null,
      });
    }
  }
  return out;
}
