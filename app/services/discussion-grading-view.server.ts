/**
 * What graders and students see of a graded discussion: the student's posts in context for the
 * grading page (each post with the one it replied to, checkpoints against the learner's own due
 * and reply-by dates), the banner on the thread page, and the values of the grading settings form.
 * Every date comes from the schedule engine; every post goes through domain/discussion.ts.
 */
import { discussionAccess, viewPost, type PostView } from "~/domain/discussion";
import { createResolver, type DateRule, type ResolvedSchedule } from "~/domain/schedule";
import { describeRule } from "~/domain/rule-text";
import { getDb } from "~/lib/db.server";
import { decodeRule, ruleToForm, type RuleFormValue } from "./date-rules";
import { renderPostHtml } from "./discussions-render.server";
import { authorsOf, postFactsSelect, toFacts, viewerFor } from "./discussion-context.server";
import { canChangeGrading } from "./discussion-grading.server";
import { getOwnVisibleGrade } from "./grades.server";
import { loadCourseAccess, type CourseAccess } from "./permissions.server";
import { learnerSelect, resolveForLearners, toLearner, type Learner } from "./schedule.server";
import type { Actor } from "./users.server";

/** The reply-by instant for one learner: the rule through the schedule engine, with the learner's extensions. */
export function replyByAtFor(learner: Learner, rule: DateRule | null | undefined, extensionMinutes: number, now: Date): ResolvedSchedule | null {
  if (!rule) return null;
  const resolver = createResolver(
    { timeZone: learner.course.timeZone, endsAt: learner.course.endsAt },
    { id: learner.enrollmentId, sectionId: learner.sectionId, startedAt: learner.startedAt, timeZone: learner.timeZone },
  );
  return resolver.resolve({ dueAt: rule }, [], extensionMinutes ? [{ minutes: extensionMinutes }] : [], now);
}

/** Most posts of one student the grading page lists (oldest first). */
export const GRADING_POSTS_LIMIT = 200;
const STUDENT_LABEL = "Student";

export type GradingPost = {
  id: string;
  createdAt: Date;
  state: PostView["state"];
  html: string | null;
  hiddenNote: string | null;
  edited: boolean;
  author: string;
  parent: { id: string; createdAt: Date; state: PostView["state"]; author: string | null; html: string | null } | null;
};

export type DiscussionCheckpoint = { at: Date; deadline: Date | null; minutesLate: number } | null;

/**
 * One student's posts in a graded discussion, as a grader sees them: staff visibility (hidden
 * posts marked with their note, deleted ones as placeholders), each with the post it replied to,
 * and the checkpoints "initial post" (first top-level post against the due date) and "first
 * reply to a classmate" (against the reply-by date, resolved for this learner). Under anonymous
 * grading the student's own name is "Student". Four queries.
 */
export async function discussionPostsForGrading(
  actor: Actor,
  access: CourseAccess,
  args: { discussionId: string; learner: Learner; schedule: ResolvedSchedule | null; anonymous: boolean; slug: string },
  now: Date,
) {
  const db = getDb();
  const studentId = args.learner.userId;
  const [discussion, own] = await Promise.all([
    db.discussion.findUnique({ where: { id: args.discussionId }, select: { id: true, title: true, courseId: true, published: true, postFirst: true, anonymous: true, locked: true, replyByRule: true } }),
    db.post.findMany({
      where: { discussionId: args.discussionId, authorId: studentId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: GRADING_POSTS_LIMIT,
      select: postFactsSelect,
    }),
  ]);
  if (!discussion) return null;
  const parentIds = [...new Set(own.map((p) => p.parentId).filter((id): id is string => id !== null))];
  const parents = parentIds.length ? await db.post.findMany({ where: { id: { in: parentIds } }, select: postFactsSelect }) : [];
  const authors = await authorsOf(discussion.courseId, [studentId, ...parents.map((p) => p.authorId)]);
  const viewer = await viewerFor(actor, access, now);
  const seen = discussionAccess(viewer, { ...discussion, closeAt: null }, true, now);
  const label = (v: PostView) => (v.author ? (args.anonymous && v.author.userId === studentId ? STUDENT_LABEL : v.author.label) : null);
  const parentById = new Map(parents.map((p) => [p.id, p]));

  const posts: GradingPost[] = [];
  for (const row of own) {
    const view = viewPost(viewer, seen, toFacts(row, authors));
    if (!view) continue;
    const parentRow = row.parentId ? parentById.get(row.parentId) : undefined;
    const parentView = parentRow ? viewPost(viewer, seen, toFacts(parentRow, authors)) : null;
    posts.push({
      id: view.id,
      createdAt: view.createdAt,
      state: view.state,
      html: view.body === null ? null : renderPostHtml(view.body),
      hiddenNote: view.hiddenNote,
      edited: view.edited,
      author: label(view) ?? (args.anonymous ? STUDENT_LABEL : (authors.get(studentId)?.name ?? STUDENT_LABEL)),
      parent: parentView
        ? { id: parentView.id, createdAt: parentView.createdAt, state: parentView.state, author: label(parentView), html: parentView.body === null ? null : renderPostHtml(parentView.body) }
        : null,
    });
  }

  const live = own.filter((p) => p.deletedAt === null);
  const initial = live.find((p) => p.parentId === null);
  const reply = live.find((p) => {
    const parent = p.parentId ? parentById.get(p.parentId) : undefined;
    return parent !== undefined && parent.authorId !== studentId && !authors.get(parent.authorId)?.isStaff;
  });
  const dueAt = args.schedule?.dueAt ?? null;
  const replyBy = replyByAtFor(args.learner, decodeRule(discussion.replyByRule), args.schedule?.extensionMinutes ?? 0, now)?.dueAt ?? null;
  const checkpoint = (at: Date | undefined, deadline: Date | null): DiscussionCheckpoint =>
    at ? { at, deadline, minutesLate: deadline && at > deadline ? Math.ceil((at.getTime() - deadline.getTime()) / 60_000) : 0 } : null;
  return {
    discussion: { id: discussion.id, title: discussion.title, href: `/courses/${args.slug}/discussions/${discussion.id}` },
    posts,
    truncated: own.length === GRADING_POSTS_LIMIT,
    dueAt,
    replyByAt: replyBy,
    initial: checkpoint(initial?.createdAt, dueAt),
    firstReply: checkpoint(reply?.createdAt, replyBy),
  };
}
export type DiscussionGradingData = NonNullable<Awaited<ReturnType<typeof discussionPostsForGrading>>>;

/** Values for the grading part of the settings form (staff) and the course's grade categories. */
export async function gradingFormOptions(courseId: string, courseZone: string, linked: { assignmentId: string | null; replyByRule: string | null }) {
  const db = getDb();
  const [categories, assignment] = await Promise.all([
    db.gradeCategory.findMany({ where: { courseId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    linked.assignmentId ? db.assignment.findUnique({ where: { id: linked.assignmentId }, select: { points: true, categoryId: true, dueRule: true } }) : null,
  ]);
  const form = (rule: DateRule | null | undefined): RuleFormValue => ruleToForm(rule ?? null, courseZone);
  return {
    courseZone,
    categories,
    graded: Boolean(assignment),
    points: assignment?.points ?? 10,
    categoryId: assignment?.categoryId ?? "",
    due: form(decodeRule(assignment?.dueRule ?? null)),
    replyBy: form(decodeRule(linked.replyByRule)),
  };
}
export type GradingFormOptions = Awaited<ReturnType<typeof gradingFormOptions>>;

/**
 * The banner of a graded discussion's thread page (null when it is not graded). Students get
 * points, their own due and reply-by dates and state, and their grade and feedback once posted
 * (a hidden grade is not there at all). Staff get points, the rules in words, links to the queue
 * and the assignment, and the settings form's grading values.
 */
export async function gradedDiscussionSummary(
  actor: Actor,
  courseRef: { id?: string; slug?: string },
  discussionId: string,
  now: Date,
  hint: { isStaff?: boolean; assignmentId?: string | null } = {},
) {
  const db = getDb();
  // A page that already knows the viewer is not staff skips the course lookup for ungraded topics
  // (one query, none when the page has read the topic's assignmentId already).
  if (hint.isStaff === false && hint.assignmentId !== undefined) {
    if (!hint.assignmentId) return null;
  } else if (hint.isStaff === false) {
    const course = courseRef.id ? { id: courseRef.id } : { slug: courseRef.slug };
    const linked = await db.discussion.findFirst({ where: { id: discussionId, course }, select: { assignmentId: true } });
    if (!linked?.assignmentId) return null;
  }
  const access = await loadCourseAccess(actor, courseRef);
  const d = await db.discussion.findFirst({ where: { id: discussionId, courseId: access.course.id }, select: { assignmentId: true, replyByRule: true } });
  const instructor = canChangeGrading(actor, access.role);
  if (!d?.assignmentId)
    return instructor ? { staff: null, student: null, form: await gradingFormOptions(access.course.id, access.course.timeZone, { assignmentId: null, replyByRule: null }) } : null;
  const assignment = await db.assignment.findUnique({
    where: { id: d.assignmentId },
    select: { id: true, points: true, postPolicy: true, published: true, dueRule: true, closeRule: true, latePolicy: true },
  });
  if (!assignment) return null;
  const base = `/courses/${access.course.slug}/assignments/${assignment.id}`;
  if (access.isStaff) {
    const text = { courseTimeZone: access.course.timeZone };
    return {
      staff: {
        points: assignment.points,
        due: describeRule(decodeRule(assignment.dueRule), text),
        replyBy: describeRule(decodeRule(d.replyByRule), text),
        queueHref: `${base}/queue`,
        assignmentHref: base,
      },
      student: null,
      form: instructor ? await gradingFormOptions(access.course.id, access.course.timeZone, d) : null,
    };
  }
  if (access.role !== "STUDENT" || !access.enrollmentId || !assignment.published) return null;
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { id: access.enrollmentId }, select: learnerSelect });
  const learner = toLearner(enrollment);
  const [[resolved], grade, replies] = await Promise.all([
    resolveForLearners([learner], now, { assignmentIds: [assignment.id] }),
    getOwnVisibleGrade(access.enrollmentId, assignment),
    db.post.count({ where: { discussionId, authorId: actor.id, parentId: { not: null }, deletedAt: null } }),
  ]);
  if (!resolved) return null;
  const replyBy = replyByAtFor(learner, decodeRule(d.replyByRule), resolved.schedule.extensionMinutes, now);
  return {
    staff: null,
    form: null,
    student: {
      points: assignment.points,
      assignmentHref: base,
      schedule: { openAt: resolved.schedule.openAt, dueAt: resolved.schedule.dueAt, closeAt: resolved.schedule.closeAt, state: resolved.schedule.state },
      replyBy: replyBy ? { at: replyBy.dueAt, state: replyBy.state, replied: replies > 0 } : null,
      posted: resolved.attempts > 0,
      grade: grade ? { rawScore: grade.rawScore, latePenalty: grade.latePenalty, finalScore: grade.finalScore, excused: grade.excused, feedback: grade.feedback } : null,
    },
  };
}
export type GradedDiscussionSummary = NonNullable<Awaited<ReturnType<typeof gradedDiscussionSummary>>>;
