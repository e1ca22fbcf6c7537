/**
 * The "reply by" checkpoints of graded discussions, per learner, for What's due and the iCal feed
 * (the due date of the first post is the linked assignment's and is already listed like any
 * assignment). Dates come from the schedule engine with the learner's approved extensions of the
 * assignment. Four queries whatever the number of learners.
 */
import type { ResolvedSchedule } from "~/domain/schedule";
import { getDb } from "~/lib/db.server";
import { decodeRule } from "./date-rules";
import { replyByAtFor } from "./discussion-grading-view.server";
import type { Learner } from "./schedule.server";

export type ReplyByCheckpoint = {
  enrollmentId: string;
  course: Learner["course"];
  discussionId: string;
  assignment: { id: string; title: string; points: number };
  /** "Reply by: <title>" */
  title: string;
  /** The thread page. */
  href: string;
  replyByAt: Date;
  /** The checkpoint's state at `now` (OPEN, DUE_SOON, LATE). */
  state: ResolvedSchedule["state"];
  /** The learner has at least one (non-deleted) reply in the discussion. */
  replied: boolean;
};

/**
 * Reply-by checkpoints of the learners' published graded discussions (published assignment too),
 * soonest first. Call with the same learners as resolveForLearners, e.g.
 * `replyByCheckpointsFor(await learnersOfUser(userId), now)`.
 */
export async function replyByCheckpointsFor(learners: Learner[], now: Date): Promise<ReplyByCheckpoint[]> {
  if (learners.length === 0) return [];
  const db = getDb();
  const courseIds = [...new Set(learners.map((l) => l.course.id))];
  const discussions = await db.discussion.findMany({
    where: { courseId: { in: courseIds }, published: true, assignmentId: { not: null }, replyByRule: { not: null } },
    select: { id: true, courseId: true, title: true, assignmentId: true, replyByRule: true },
  });
  if (discussions.length === 0) return [];
  const assignmentIds = discussions.map((d) => d.assignmentId!);
  const enrollmentIds = learners.map((l) => l.enrollmentId);
  const userIds = [...new Set(learners.map((l) => l.userId))];
  const [assignments, extensions, replies] = await Promise.all([
    db.assignment.findMany({ where: { id: { in: assignmentIds }, published: true }, select: { id: true, title: true, points: true } }),
    db.extensionRequest.findMany({
      where: { assignmentId: { in: assignmentIds }, enrollmentId: { in: enrollmentIds }, status: "APPROVED" },
      select: { assignmentId: true, enrollmentId: true, grantedMinutes: true },
    }),
    db.post.groupBy({
      by: ["discussionId", "authorId"],
      where: { discussionId: { in: discussions.map((d) => d.id) }, authorId: { in: userIds }, parentId: { not: null }, deletedAt: null },
      _count: { _all: true },
    }),
  ]);
  const assignmentById = new Map(assignments.map((a) => [a.id, a]));
  const minutes = new Map<string, number>();
  for (const x of extensions) minutes.set(`${x.assignmentId}|${x.enrollmentId}`, (minutes.get(`${x.assignmentId}|${x.enrollmentId}`) ?? 0) + x.grantedMinutes);
  const replied = new Set(replies.map((r) => `${r.discussionId}|${r.authorId}`));

  const out: ReplyByCheckpoint[] = [];
  for (const learner of learners) {
    for (const d of discussions) {
      const assignment = assignmentById.get(d.assignmentId!);
      if (d.courseId !== learner.course.id || !assignment) continue;
      const resolved = replyByAtFor(learner, decodeRule(d.replyByRule), minutes.get(`${assignment.id}|${learner.enrollmentId}`) ?? 0, now);
      if (!resolved?.dueAt) continue;
      out.push({
        enrollmentId: learner.enrollmentId,
        course: learner.course,
        discussionId: d.id,
        assignment,
        title: `Reply by: ${d.title}`,
        href: `/courses/${learner.course.slug}/discussions/${d.id}`,
        replyByAt: resolved.dueAt,
        state: resolved.state,
        replied: replied.has(`${d.id}|${learner.userId}`),
      });
    }
  }
  return out.sort((a, b) => a.replyByAt.getTime() - b.replyByAt.getTime() || a.title.localeCompare(b.title));
}
