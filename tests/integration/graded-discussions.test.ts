/**
 * Graded discussions end to end through the services and routes: the linked assignment (both
 * directions), reply-by validation, the submission recorded by a student's first post (lateness
 * from their own dates), the grading queue and the posts-in-context view, anonymous grading,
 * grade privacy, the refused normal submission and turning grading off.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as assignmentAction, loader as assignmentLoader } from "~/routes/courses.$slug.assignments.$assignmentId._index";
import { action as forumAction } from "~/routes/courses.$slug.discussions._index";
import { loader as threadLoader } from "~/routes/courses.$slug.discussions.$discussionId";
import { replyByCheckpointsFor } from "~/services/discussion-checkpoints.server";
import { gradedDiscussionSummary } from "~/services/discussion-grading-view.server";
import { createDiscussion, updateDiscussionSettings } from "~/services/discussions.server";
import { postGrades, saveGrade } from "~/services/grades.server";
import { getGradingQueue, getGradingView, queueFilterSchema } from "~/services/grading-queue.server";
import { setPostHidden } from "~/services/moderation.server";
import { createPost, deletePost } from "~/services/posts.server";
import { learnersOfUser } from "~/services/schedule.server";
import { createCourseWithCast } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const due = new Date("2027-03-10T12:00:00Z");
const hours = (h: number) => new Date(due.getTime() + h * 3_600_000);
const form = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" } });
function unwrap(result: unknown): { status: number; body: any } {
  if (result instanceof Response) return { status: result.status, body: null };
  const r = result as { init?: { status?: number } | null; data?: unknown };
  if (r && "init" in r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}
async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.code}: ${e.message}` : Promise.reject(e)),
  );
}

const base = { postFirst: false, anonymous: false, locked: false, pinned: false, published: true };
/** Settings with grading shown: due 2027-03-10 12:00 UTC, reply by two days later, closing on the 20th. */
const graded = (over: Record<string, string> = {}) => ({
  ...base,
  closeAt: "2027-03-20T23:59",
  gradingShown: "1",
  graded: true,
  gradePoints: "10",
  dueMode: "date",
  dueDate: "2027-03-10",
  dueTime: "12:00",
  replyByMode: "date",
  replyByDate: "2027-03-12",
  replyByTime: "12:00",
  ...over,
});

async function setup(over: Record<string, string> = {}) {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const db = getDb();
  const d = await createDiscussion(cast.instructor, ref, { title: "Week 3: lenses", body: "Discuss.", type: "DISCUSSION", ...graded(over) }, hours(-100));
  const discussion = await db.discussion.findUniqueOrThrow({ where: { id: d.id } });
  await db.assignment.update({ where: { id: discussion.assignmentId! }, data: { latePolicy: JSON.stringify({ type: "PERCENT", percent: 10, per: "DAY", rounding: "UP" }) } });
  const enrollmentOf = async (userId: string) => (await db.enrollment.findFirstOrThrow({ where: { courseId: cast.course.id, userId } })).id;
  return { ...cast, ref, db, d, assignmentId: discussion.assignmentId!, e1: await enrollmentOf(cast.student.id), e2: await enrollmentOf(cast.student2.id) };
}

test("creating a graded discussion creates its assignment, linked both ways", async () => {
  const { db, d, assignmentId, course, instructor } = await setup();
  const discussion = await db.discussion.findUniqueOrThrow({ where: { id: d.id } });
  const assignment = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
  expect(assignment).toMatchObject({ courseId: course.id, title: "Week 3: lenses", points: 10, submissionTypes: "DISCUSSION", discussionId: d.id, published: true, maxAttempts: 1 });
  expect(JSON.parse(assignment.dueRule!)).toEqual({ type: "LOCAL", date: "2027-03-10", time: "12:00", zone: "COURSE" });
  expect(assignment.closeRule).toBe(discussion.closeRule);
  expect(JSON.parse(discussion.replyByRule!)).toEqual({ type: "LOCAL", date: "2027-03-12", time: "12:00", zone: "COURSE" });

  // Editing updates the same assignment.
  await updateDiscussionSettings(instructor, { id: course.id }, d.id, graded({ gradePoints: "25", replyByDate: "2027-03-14" }), hours(-50));
  expect(await db.assignment.count({ where: { courseId: course.id } })).toBe(1);
  expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).points).toBe(25);
  expect(JSON.parse((await db.discussion.findUniqueOrThrow({ where: { id: d.id } })).replyByRule!).date).toBe("2027-03-14");
});

test("a bad reply-by date is a 400 naming the field, and nothing is saved", async () => {
  const { instructor, course } = await createCourseWithCast();
  const cookie = await cookieFor(instructor.id);
  const path = `/courses/${course.slug}/discussions`;
  const fields = (over: Record<string, string>) => {
    const { graded: _g, postFirst: _p, anonymous: _a, locked: _l, pinned: _i, published: _u, ...rest } = graded(over);
    return Object.fromEntries(Object.entries({ ...rest, graded: "on", title: "Graded", body: "", type: "DISCUSSION", published: "on" }).map(([k, v]) => [k, String(v)]));
  };
  const late = unwrap(await forumAction(args(form(path, cookie, fields({ replyByDate: "2027-03-25" })), { slug: course.slug })));
  expect(late.status, JSON.stringify(late.body)).toBe(400);
  expect(late.body.fieldErrors.replyByDate, JSON.stringify(late.body)).toEqual(["The reply-by date must be on or before the discussion's close date."]);
  const early = unwrap(await forumAction(args(form(path, cookie, fields({ replyByDate: "2027-03-01" })), { slug: course.slug })));
  expect(early.body.fieldErrors.replyByDate[0]).toMatch(/on or after the due date/);
  const blank = unwrap(await forumAction(args(form(path, cookie, fields({ replyByDate: "" })), { slug: course.slug })));
  expect(blank.body.fieldErrors.replyByDate).toEqual(["Choose the reply-by date."]);
  const points = unwrap(await forumAction(args(form(path, cookie, fields({ gradePoints: "-3" })), { slug: course.slug })));
  expect(points.body.fieldErrors.gradePoints).toBeDefined();
  const db = getDb();
  expect(await db.discussion.count({ where: { courseId: course.id } })).toBe(0);
  expect(await db.assignment.count({ where: { courseId: course.id } })).toBe(0);

  const ok = unwrap(await forumAction(args(form(path, cookie, fields({})), { slug: course.slug })));
  expect(ok.status).toBe(302);
  expect(await db.assignment.count({ where: { courseId: course.id, submissionTypes: "DISCUSSION" } })).toBe(1);
});

test("the first post is the submission with lateness from the learner's dates; later posts add none", async () => {
  const { student, student2, ref, d, db, assignmentId, e1, e2, instructor } = await setup();
  const onTime = await createPost(student, ref, d.id, { body: "My initial thoughts." }, hours(-1));
  await createPost(student, ref, d.id, { body: "And a second thought." }, hours(5));
  await createPost(instructor, ref, d.id, { body: "Staff post.", parentId: onTime.id }, hours(6));
  const s1 = await db.submission.findMany({ where: { assignmentId, enrollmentId: e1 } });
  expect(s1).toHaveLength(1);
  expect(s1[0]).toMatchObject({ attempt: 1, submittedAt: hours(-1), minutesLate: 0, penaltyPercent: 0 });
  expect(s1[0].updatedAt.getTime()).toBe(hours(5).getTime());

  // 30 h late: 2 started days × 10 %.
  await createPost(student2, ref, d.id, { body: "Late reply.", parentId: onTime.id }, hours(30));
  const s2 = await db.submission.findFirstOrThrow({ where: { assignmentId, enrollmentId: e2 } });
  expect(s2).toMatchObject({ attempt: 1, submittedAt: hours(30), minutesLate: 30 * 60, penaltyPercent: 20 });
  // Staff posts record nothing.
  expect(await db.submission.count({ where: { assignmentId } })).toBe(2);
});

test("two tabs posting a first post at once record exactly one submission", async () => {
  const { student, ref, d, db, assignmentId, e1 } = await setup();
  const results = await Promise.allSettled([
    createPost(student, ref, d.id, { body: "Tab one." }, hours(-2)),
    createPost(student, ref, d.id, { body: "Tab two." }, hours(-2)),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
  expect(await db.post.count({ where: { discussionId: d.id } })).toBe(2);
  expect(await db.submission.count({ where: { assignmentId, enrollmentId: e1 } })).toBe(1);
});

test("the queue lists the student and the grading view shows their posts in context with checkpoints", async () => {
  const { student, student2, instructor, ref, d, assignmentId, e1 } = await setup();
  const root = await createPost(student2, ref, d.id, { body: "Sia's starting point." }, hours(-3));
  const mine = await createPost(student, ref, d.id, { body: "Sam's **initial** post." }, hours(2));
  await createPost(student, ref, d.id, { body: "Sam replies to Sia.", parentId: root.id }, hours(20));
  const hidden = await createPost(student, ref, d.id, { body: "Off-topic remark.", parentId: mine.id }, hours(21));
  await setPostHidden(instructor, ref, d.id, { postId: hidden.id, note: "Off topic" }, true, hours(22));
  const gone = await createPost(student, ref, d.id, { body: "Deleted words." }, hours(23));
  await deletePost(student, ref, d.id, { postId: gone.id }, hours(24));

  const queue = await getGradingQueue(instructor, assignmentId, queueFilterSchema.parse({}));
  expect(queue.rows.find((r) => r.enrollmentId === e1)).toMatchObject({ label: "Sam Student", state: "UNGRADED", attempt: 1, minutesLate: 120 });

  const view = await getGradingView(instructor, assignmentId, e1, queueFilterSchema.parse({}), hours(40));
  const data = view.discussion!;
  expect(data.discussion).toMatchObject({ id: d.id, title: "Week 3: lenses" });
  expect(data.posts.map((p) => [p.author, p.state, p.html?.includes("<strong>initial</strong>") ?? null])).toEqual([
    ["Sam Student", "VISIBLE", true],
    ["Sam Student", "VISIBLE", false],
    ["Sam Student", "HIDDEN", false],
    ["Sam Student", "DELETED", null],
  ]);
  expect(data.posts[1].parent).toMatchObject({ id: root.id, author: "Sia Student" });
  expect(data.posts[1].parent!.html).toContain("starting point");
  expect(data.posts[2]).toMatchObject({ hiddenNote: "Off topic", parent: { id: mine.id, author: "Sam Student" } });
  expect(JSON.stringify(data)).not.toContain("Deleted words.");
  expect(data.initial).toMatchObject({ at: hours(2), minutesLate: 120 });
  expect(data.firstReply).toMatchObject({ at: hours(20), deadline: hours(48), minutesLate: 0 });
  expect(data.replyByAt).toEqual(hours(48));
});

test("anonymous grading replaces the student's name with 'Student' in the posts", async () => {
  const { student, student2, instructor, ref, d, db, assignmentId, e1 } = await setup();
  await db.assignment.update({ where: { id: assignmentId }, data: { anonymousGrading: true, postPolicy: "MANUAL" } });
  const root = await createPost(student, ref, d.id, { body: "Initial." }, hours(-3));
  await createPost(student2, ref, d.id, { body: "Reply to Sam.", parentId: root.id }, hours(-2));
  await createPost(student, ref, d.id, { body: "Answering my own thread.", parentId: root.id }, hours(-1));
  const view = await getGradingView(instructor, assignmentId, e1, queueFilterSchema.parse({}), hours(1));
  expect(view.student).toMatchObject({ label: expect.stringMatching(/^Student \d+$/), email: null });
  expect(view.discussion!.posts.map((p) => p.author)).toEqual(["Student", "Student"]);
  expect(view.discussion!.posts[1].parent!.author).toBe("Student");
  const json = JSON.stringify(view);
  expect(json).not.toContain("Sam Student");
  expect(json).not.toContain(student.email);
});

test("a student sees their own posted grade on the thread, never a hidden one or a classmate's", async () => {
  const { student, student2, instructor, ref, d, db, assignmentId, e1, e2, course } = await setup();
  await db.assignment.update({ where: { id: assignmentId }, data: { postPolicy: "MANUAL" } });
  await createPost(student, ref, d.id, { body: "Mine." }, hours(-1));
  await createPost(student2, ref, d.id, { body: "Theirs." }, hours(-1));
  await saveGrade(instructor, { assignmentId, enrollmentId: e1, rawScore: 9, feedback: "Thoughtful, Sam." }, hours(50));
  await saveGrade(instructor, { assignmentId, enrollmentId: e2, rawScore: 4, feedback: "Secret feedback for Sia." }, hours(50));
  const summary = async (who: typeof student) => gradedDiscussionSummary(who, ref, d.id, hours(51));
  expect((await summary(student))!.student!.grade).toBeNull();
  await postGrades(instructor, assignmentId, hours(52));
  const mine = (await summary(student))!.student!;
  expect(mine).toMatchObject({ points: 10, posted: true, grade: { finalScore: 9, feedback: "Thoughtful, Sam." } });
  expect(mine.replyBy?.at).toEqual(hours(48));
  // Through the page loader: only the viewer's own grade is there.
  const cookie = await cookieFor(student.id);
  const page = await threadLoader(args(new Request(`${BASE}/courses/${course.slug}/discussions/${d.id}`, { headers: { Cookie: cookie } }), { slug: course.slug, discussionId: d.id }));
  const text = JSON.stringify(unwrap(page).body);
  expect(text).toContain("Thoughtful, Sam.");
  expect(text).not.toContain("Secret feedback");
  // Grading data stays staff-only.
  expect(await codeOf(getGradingView(student, assignmentId, e2, queueFilterSchema.parse({}), hours(53)))).toMatch(/^FORBIDDEN/);
});

test("the assignment's normal submit endpoint refuses with 409, and its page links to the discussion", async () => {
  const { student, assignmentId, course, d } = await setup();
  const cookie = await cookieFor(student.id);
  const path = `/courses/${course.slug}/assignments/${assignmentId}`;
  const refused = unwrap(await assignmentAction(args(form(path, cookie, { body: "Sneaky text" }), { slug: course.slug, assignmentId })));
  expect(refused).toMatchObject({ status: 409, body: { message: "This is a graded discussion: post in the discussion instead." } });
  expect(await getDb().submission.count({ where: { assignmentId } })).toBe(0);
  // A file upload is refused the same way, before anything is stored.
  const upload = new FormData();
  upload.append("file", new File([new Uint8Array(8).fill(37)], "essay.pdf", { type: "application/pdf" }));
  const multipartRequest = new Request(`${BASE}${path}`, { method: "POST", body: upload, headers: { Cookie: cookie } });
  const refusedFile = unwrap(await assignmentAction(args(multipartRequest, { slug: course.slug, assignmentId })));
  expect(refusedFile).toMatchObject({ status: 409, body: { message: "This is a graded discussion: post in the discussion instead." } });
  expect(await getDb().storedFile.count({ where: { courseId: course.id } })).toBe(0);
  const page = unwrap(await assignmentLoader(args(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }), { slug: course.slug, assignmentId })));
  expect(page.body.assignment).toMatchObject({ submissionTypes: "DISCUSSION", discussionId: d.id });
});

test("turning grading off: 409 once a grade exists, otherwise the assignment is removed and unlinked", async () => {
  const { student, instructor, ref, d, db, assignmentId, e1 } = await setup();
  await createPost(student, ref, d.id, { body: "Post." }, hours(-1));
  await saveGrade(instructor, { assignmentId, enrollmentId: e1, rawScore: 8 }, hours(1));
  const off = { ...base, closeAt: "2027-03-20T23:59", gradingShown: "1", graded: false };
  expect(await codeOf(updateDiscussionSettings(instructor, ref, d.id, off, hours(2)))).toBe(
    "CONFLICT: Grading can't be turned off: a student already has a grade for this discussion. Clear the grades in the grading queue first, or keep it graded.",
  );
  expect(await db.assignment.count({ where: { id: assignmentId } })).toBe(1);

  // Settings saved without the grading fields (older clients) leave grading alone.
  await updateDiscussionSettings(instructor, ref, d.id, { ...base, closeAt: "2027-03-21T23:59" }, hours(2));
  expect((await db.discussion.findUniqueOrThrow({ where: { id: d.id } })).assignmentId).toBe(assignmentId);
  expect(JSON.parse((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).closeRule!).date).toBe("2027-03-21");

  await saveGrade(instructor, { assignmentId, enrollmentId: e1, rawScore: null }, hours(3));
  await updateDiscussionSettings(instructor, ref, d.id, off, hours(4));
  expect(await db.assignment.count({ where: { id: assignmentId } })).toBe(0);
  expect(await db.discussion.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ assignmentId: null, replyByRule: null });
});

test("reply-by checkpoints per learner, with their extension and whether they replied", async () => {
  const { student, student2, ref, d, db, assignmentId, e2 } = await setup();
  await db.extensionRequest.create({ data: { assignmentId, enrollmentId: e2, source: "REQUEST", status: "APPROVED", reason: "Ill", requestedMinutes: 1440, grantedMinutes: 1440 } });
  const root = await createPost(student2, ref, d.id, { body: "Start." }, hours(-5));
  await createPost(student, ref, d.id, { body: "Reply.", parentId: root.id }, hours(-4));
  const [sam] = await replyByCheckpointsFor(await learnersOfUser(student.id), hours(0));
  expect(sam).toMatchObject({ title: "Reply by: Week 3: lenses", replyByAt: hours(48), state: "DUE_SOON", replied: true, discussionId: d.id, href: expect.stringContaining(`/discussions/${d.id}`) });
  const [sia] = await replyByCheckpointsFor(await learnersOfUser(student2.id), hours(0));
  expect(sia).toMatchObject({ replyByAt: hours(72), state: "OPEN", replied: false });
});

test("turning grading on after students posted makes each student's first post their submission", async () => {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const db = getDb();
  const d = await createDiscussion(cast.instructor, ref, { title: "Ungraded first", body: "", type: "DISCUSSION", ...base, closeAt: "" }, hours(-100));
  await createPost(cast.instructor, ref, d.id, { body: "Staff hello." }, hours(-5));
  await createPost(cast.student, ref, d.id, { body: "On time." }, hours(-1));
  await createPost(cast.student, ref, d.id, { body: "Again." }, hours(40));
  await createPost(cast.student2, ref, d.id, { body: "Late." }, hours(30));
  expect(await db.submission.count({ where: { assignment: { courseId: cast.course.id } } })).toBe(0);
  await updateDiscussionSettings(cast.instructor, ref, d.id, graded({ closeAt: "" }), hours(50));
  const { assignmentId } = await db.discussion.findUniqueOrThrow({ where: { id: d.id } });
  const subs = await db.submission.findMany({ where: { assignmentId: assignmentId! }, include: { enrollment: { select: { userId: true } } }, orderBy: { submittedAt: "asc" } });
  expect(subs.map((s) => [s.enrollment.userId, s.attempt, s.submittedAt, s.minutesLate])).toEqual([
    [cast.student.id, 1, hours(-1), 0],
    [cast.student2.id, 1, hours(30), 30 * 60],
  ]);
});

test("only instructors change grading: a TA's grading fields are a 403, their plain settings still save", async () => {
  const { ta, ref, d, db, assignmentId } = await setup();
  expect(await codeOf(updateDiscussionSettings(ta, ref, d.id, graded({ gradePoints: "99" }), hours(1)))).toBe("FORBIDDEN: Only the course's instructors can change a discussion's grading.");
  await updateDiscussionSettings(ta, ref, d.id, { ...base, pinned: true, closeAt: "2027-03-20T23:59" }, hours(1));
  expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).points).toBe(10);
  expect((await gradedDiscussionSummary(ta, ref, d.id, hours(1)))!.form).toBeNull();
});
