import { expect, test } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { parseAssignmentForm } from "~/services/assignment-form";
import { gradeInputFromForm } from "~/services/grade-form";
import { gradeVisibleToStudent, listGradeEvents, postGrades, saveGrade } from "~/services/grades.server";
import { loader as assignmentLoader } from "~/routes/courses.$slug.assignments.$assignmentId._index";
import { loader as gradeLoader } from "~/routes/courses.$slug.assignments.$assignmentId.grade.$enrollmentId";
import { loader as queueLoader } from "~/routes/courses.$slug.assignments.$assignmentId.queue";
import { addComment, listComments } from "~/services/comments.server";
import { getCourseNeedsGrading, getGradingQueue, getGradingView, queueFilterSchema } from "~/services/grading-queue.server";
import { listOwnRegrades, listRegradesForGrader, requestRegrade, resolveRegrade } from "~/services/regrades.server";
import { getAssignmentView } from "~/services/assignments.server";
import { saveAssignmentRubric } from "~/services/rubrics.server";
import { createAssignment, createCourseWithCast, createSection, createUser, enroll } from "../factories";
import { cookieFor } from "../factories/requests";

const due = new Date("2026-12-01T12:00:00Z");
const hours = (h: number) => new Date(due.getTime() + h * 3_600_000);
const ABS = (d: Date) => ({ type: "ABSOLUTE" as const, at: d });

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.code}: ${e.message}` : Promise.reject(e)),
  );
}

async function setup(postPolicy: "AUTOMATIC" | "MANUAL" = "AUTOMATIC") {
  const cast = await createCourseWithCast();
  const assignment = await createAssignment(cast.course.id, {
    points: 10,
    due: ABS(due),
    latePolicy: { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP" },
  });
  await getDb().assignment.update({ where: { id: assignment.id }, data: { postPolicy } });
  const db = getDb();
  const enrollmentOf = async (userId: string) => (await db.enrollment.findFirstOrThrow({ where: { courseId: cast.course.id, userId } })).id;
  return { ...cast, assignment, db, e1: await enrollmentOf(cast.student.id), e2: await enrollmentOf(cast.student2.id) };
}

test("saveGrade applies the late penalty from the learner's latest submission and audits every change", async () => {
  const { instructor, assignment, db, e1 } = await setup();
  await db.submission.create({ data: { assignmentId: assignment.id, enrollmentId: e1, attempt: 1, body: "x", submittedAt: hours(30) } });
  const g = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 9, feedback: " Good " }, hours(100));
  // 30 h late = 2 started days × 10 % of 10 points = 2 points.
  expect(g).toMatchObject({ rawScore: 9, latePenalty: 2, finalScore: 7, feedback: "Good", postedAt: hours(100), graderId: instructor.id });
  const events = await db.gradeEvent.findMany({ where: { gradeId: g.id }, orderBy: { action: "asc" } });
  expect(events.map((e) => [e.action, e.oldValue, e.newValue])).toEqual([
    ["feedback", null, "Good"],
    ["finalScore", null, "7"],
    ["latePenalty", null, "2"],
    ["postedAt", null, hours(100).toISOString()],
    ["rawScore", null, "9"],
  ]);
  expect(events.every((e) => e.actorId === instructor.id)).toBe(true);

  // Override needs a reason; with one, it wins and is audited with its why.
  expect(await codeOf(saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, penaltyOverride: 0 }, hours(101)))).toMatch(/^BAD_REQUEST: Say why/);
  const o = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, penaltyOverride: 0.5, overrideReason: "Doctor's note" }, hours(101));
  expect(o).toMatchObject({ latePenalty: 0.5, penaltyOverride: 0.5, finalScore: 8.5, overrideReason: "Doctor's note" });
  const later = await db.gradeEvent.findMany({ where: { gradeId: g.id, createdAt: hours(101) }, orderBy: { action: "asc" } });
  expect(later.map((e) => [e.action, e.oldValue, e.newValue, e.reason])).toEqual([
    ["finalScore", "7", "8.5", null],
    ["latePenalty", "2", "0.5", "Doctor's note"],
    ["overrideReason", null, "Doctor's note", "Doctor's note"],
    ["penaltyOverride", null, "0.5", "Doctor's note"],
  ]);
  // Saving the same values writes nothing.
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 9 }, hours(102));
  expect(await db.gradeEvent.count({ where: { gradeId: g.id } })).toBe(9);
  // Clearing the override goes back to the policy; excusing removes the final score.
  const cleared = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, penaltyOverride: null }, hours(103));
  expect(cleared).toMatchObject({ latePenalty: 2, finalScore: 7, overrideReason: null });
  const excused = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, excused: true }, hours(104));
  expect(excused).toMatchObject({ excused: true, finalScore: null });
  const history = await listGradeEvents(instructor, assignment.id, e1);
  expect(history[0]).toMatchObject({ actorName: "Ines Instructor" });
});

test("saveGrade refuses students, outsiders, negative scores and other courses' enrollments", async () => {
  const { student, outsider, instructor, assignment, e1 } = await setup();
  expect(await codeOf(saveGrade(student, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 10 }, due))).toMatch(/^FORBIDDEN/);
  expect(await codeOf(saveGrade(outsider, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 10 }, due))).toMatch(/^NOT_FOUND/);
  expect(await codeOf(saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: -1 }, due))).toMatch(/^BAD_REQUEST/);
  const other = await setup();
  expect(await codeOf(saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: other.e1, rawScore: 1 }, due))).toMatch(/^NOT_FOUND/);
});

test("a section-scoped TA grades only their own section", async () => {
  const { ta, course, section, assignment, db, e1, e2 } = await setup();
  // Unscoped: the TA grades anyone.
  expect(await codeOf(saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e2, rawScore: 5 }, due))).toBe("ok");
  await db.course.update({ where: { id: course.id }, data: { taSectionScoped: true } });
  expect(await codeOf(saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 5 }, due))).toMatch(/^FORBIDDEN: You grade only your own section/);
  await enroll(ta, course.id, "TA", section.id);
  expect(await codeOf(saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 5 }, due))).toBe("ok");
  expect(await codeOf(saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e2, rawScore: 5 }, due))).toMatch(/^FORBIDDEN: You grade only the students of your own section/);
  const other = await createSection(course.id, "Evening");
  const s3 = await createUser();
  const e3 = await enroll(s3, course.id, "STUDENT", other.id);
  expect(await codeOf(saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e3.id, rawScore: 5 }, due))).toMatch(/^FORBIDDEN/);
});

test("MANUAL grades stay hidden until posted; posting mails each student once", async () => {
  const { instructor, student, assignment, db, e1, e2 } = await setup("MANUAL");
  const g1 = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 8, feedback: "Nice" }, due);
  expect(g1.postedAt).toBeNull();
  expect(gradeVisibleToStudent(g1, { postPolicy: "MANUAL" })).toBe(false);
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e2, excused: true }, due);
  expect(await postGrades(instructor, assignment.id, hours(1))).toEqual({ posted: 2 });
  expect(await postGrades(instructor, assignment.id, hours(2))).toEqual({ posted: 0 });
  const posted = await db.grade.findUniqueOrThrow({ where: { id: g1.id } });
  expect(posted.postedAt).toEqual(hours(1));
  expect(gradeVisibleToStudent(posted, { postPolicy: "MANUAL" })).toBe(true);
  const mails = await db.outboxMail.findMany({ where: { to: student.email, subject: { startsWith: "Grade posted" } } });
  expect(mails).toHaveLength(1);
});

// ---------------------------------------------------------------- visibility, anonymity, regrades, queue

const BASE = "http://localhost:3000";
const get = async (path: string, userId: string) => new Request(`${BASE}${path}`, { headers: { Cookie: await cookieFor(userId) } });
const largs = (request: Request, params: Record<string, string>) => ({ request, params, context: {} }) as any;
async function statusOf(fn: () => Promise<unknown>) {
  try {
    await fn();
    return 200;
  } catch (e) {
    const r = e as { init?: { status?: number }; status?: number };
    return r.init?.status ?? r.status ?? 500;
  }
}
const filter = queueFilterSchema.parse({});

test("a student never sees another's work, and sees their own grade, feedback and staff comments only once posted", async () => {
  const { instructor, student, student2, course, assignment, db, e1, e2 } = await setup("MANUAL");
  await db.submission.create({ data: { assignmentId: assignment.id, enrollmentId: e1, attempt: 1, body: "mine", submittedAt: due } });
  await db.submission.create({ data: { assignmentId: assignment.id, enrollmentId: e2, attempt: 1, body: "secret of student 2", submittedAt: due } });
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 8, feedback: "Clear argument" }, due);
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e2, rawScore: 3, feedback: "For student 2 only" }, due);
  await addComment(instructor, { assignmentId: assignment.id, enrollmentId: e1, body: "See my notes" }, due);
  await addComment(student, { assignmentId: assignment.id, enrollmentId: e1, body: "Question from me" }, due);

  // Before posting: nothing of the grade, and no staff comment, via the service and the loader.
  const before = await getAssignmentView(student, assignment.id, hours(1));
  expect(before.student!.grading.grade).toBeNull();
  expect(before.student!.grading.comments.map((c) => c.body)).toEqual(["Question from me"]);
  const page = (await assignmentLoader(largs(await get(`/courses/${course.slug}/assignments/${assignment.id}`, student.id), { slug: course.slug, assignmentId: assignment.id }))) as any;
  expect(JSON.stringify(page)).not.toMatch(/Clear argument|See my notes|For student 2|secret of student 2/);

  // Other students' threads, grading pages, queues and regrade lists are closed to a student.
  expect(await codeOf(listComments(student, assignment.id, e2))).toMatch(/^NOT_FOUND/);
  expect(await codeOf(addComment(student, { assignmentId: assignment.id, enrollmentId: e2, body: "hi" }, due))).toMatch(/^NOT_FOUND/);
  expect(await codeOf(getGradingView(student, assignment.id, e2, filter, due))).toMatch(/^FORBIDDEN/);
  expect(await codeOf(getGradingQueue(student, assignment.id, { ...filter, page: 1 }))).toMatch(/^FORBIDDEN/);
  expect(await codeOf(listRegradesForGrader(student, assignment.id, e2))).toMatch(/^FORBIDDEN/);
  expect(await statusOf(async () => gradeLoader(largs(await get("/x", student.id), { slug: course.slug, assignmentId: assignment.id, enrollmentId: e2 })))).toBe(403);
  expect(await statusOf(async () => gradeLoader(largs(await get("/x", student.id), { slug: course.slug, assignmentId: assignment.id, enrollmentId: e1 })))).toBe(403);
  expect(await statusOf(async () => queueLoader(largs(await get("/x", student2.id), { slug: course.slug, assignmentId: assignment.id })))).toBe(403);

  await postGrades(instructor, assignment.id, hours(2));
  const after = await getAssignmentView(student, assignment.id, hours(3));
  expect(after.student!.grading.grade).toMatchObject({ rawScore: 8, finalScore: 8, feedback: "Clear argument" });
  expect(after.student!.grading.comments.map((c) => c.body)).toEqual(["See my notes", "Question from me"]);
  const pageAfter = (await assignmentLoader(largs(await get(`/courses/${course.slug}/assignments/${assignment.id}`, student.id), { slug: course.slug, assignmentId: assignment.id }))) as any;
  expect(JSON.stringify(pageAfter)).toMatch(/Clear argument/);
  expect(JSON.stringify(pageAfter)).not.toMatch(/For student 2|secret of student 2/);
});

test("anonymous grading hides names and emails from graders until grades are posted, numbering students stably", async () => {
  const { instructor, student, assignment, db, e1 } = await setup("AUTOMATIC");
  await db.assignment.update({ where: { id: assignment.id }, data: { anonymousGrading: true } });
  const q1 = await getGradingQueue(instructor, assignment.id, { ...filter, page: 1 });
  expect(q1.anonymous).toBe(true);
  expect(q1.rows.map((r) => r.label)).toEqual(["Student 1", "Student 2"]);
  expect(JSON.stringify(q1.rows)).not.toContain(student.email);
  expect(JSON.stringify(q1.rows)).not.toContain("Sam Student");
  const q2 = await getGradingQueue(instructor, assignment.id, { ...filter, status: "ungraded", page: 1 });
  expect(q2.rows.map((r) => r.label)).toEqual([]);
  const view = await getGradingView(instructor, assignment.id, e1, filter, due);
  expect(view.student).toMatchObject({ label: "Student 1", email: null, sectionName: null });
  // Anonymous grading posts manually even though the policy says AUTOMATIC.
  const g = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 5 }, due);
  expect(g.postedAt).toBeNull();
  await postGrades(instructor, assignment.id, hours(1));
  const q3 = await getGradingQueue(instructor, assignment.id, { ...filter, page: 1 });
  expect(q3.anonymous).toBe(false);
  expect(q3.rows.map((r) => r.label)).toContain("Sam Student");
});

test("regrades: only after posting, within the window, one open at a time; resolving can change the grade with an audit", async () => {
  const { instructor, student, student2, assignment, db, e1 } = await setup("MANUAL");
  await db.assignment.update({ where: { id: assignment.id }, data: { regradeWindowDays: 7 } });
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 6 }, due);
  expect(await codeOf(requestRegrade(student, assignment.id, { reason: "Please" }, due))).toMatch(/^CONFLICT: You can ask for a regrade once your grade is posted/);
  await postGrades(instructor, assignment.id, hours(1));
  expect(await codeOf(requestRegrade(student, assignment.id, { reason: "Too late" }, hours(1 + 7 * 24 + 1)))).toMatch(/^CONFLICT: The regrade window closed/);
  const req = await requestRegrade(student, assignment.id, { reason: "Question 2 was right" }, hours(2));
  expect(await codeOf(requestRegrade(student, assignment.id, { reason: "again" }, hours(3)))).toMatch(/^CONFLICT: You already have/);
  expect(await codeOf(requestRegrade(student2, assignment.id, { reason: "x" }, hours(3)))).toMatch(/^CONFLICT/);
  expect((await listOwnRegrades(student2, assignment.id, hours(3))).requests).toEqual([]);
  await resolveRegrade(instructor, assignment.id, { requestId: req.id, note: "You are right", rawScore: 7 }, hours(4));
  expect(await codeOf(resolveRegrade(instructor, assignment.id, { requestId: req.id, note: "again" }, hours(5)))).toMatch(/^CONFLICT/);
  const mine = await listOwnRegrades(student, assignment.id, hours(5));
  expect(mine.requests[0]).toMatchObject({ status: "RESOLVED", resolutionNote: "You are right" });
  const grade = await db.grade.findFirstOrThrow({ where: { enrollmentId: e1 }, include: { events: true } });
  expect(grade.rawScore).toBe(7);
  expect(grade.events.find((e) => e.action === "rawScore" && e.newValue === "7")?.reason).toBe("Regrade: You are right");
  expect(await db.regradeRequest.count({ where: { enrollmentId: e1 } })).toBe(1);
  expect(await codeOf(listRegradesForGrader(instructor, assignment.id, e1))).toBe("ok");
});

test("rubric scores fill the score and are validated against the rubric", async () => {
  const { instructor, ta, assignment, db, e1 } = await setup();
  const input = { title: "Essay", criteria: [{ title: "Thesis", description: "", points: 4, ratings: [{ title: "Strong", points: 4 }, { title: "Weak", points: 1 }] }, { title: "Style", description: "", points: 6, ratings: [{ title: "Good", points: 6 }, { title: "Poor", points: 2 }] }] };
  expect(await codeOf(saveAssignmentRubric(ta, assignment.id, input))).toMatch(/^FORBIDDEN/);
  await saveAssignmentRubric(instructor, assignment.id, input);
  const criteria = await db.rubricCriterion.findMany({ where: { rubric: { assignments: { some: { id: assignment.id } } } }, orderBy: { position: "asc" }, include: { ratings: { orderBy: { position: "asc" } } } });
  const scores = { [criteria[0].id]: { ratingId: criteria[0].ratings[0].id, points: 4 }, [criteria[1].id]: { ratingId: criteria[1].ratings[1].id, points: 2 } };
  const g = await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rubricScores: scores }, due);
  expect(g).toMatchObject({ rawScore: 6, finalScore: 6, rubricScores: scores });
  expect(await codeOf(saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rubricScores: { [criteria[0].id]: { ratingId: criteria[1].ratings[0].id, points: 6 } } }, due))).toMatch(/^BAD_REQUEST/);
  // A rubric that scored work is locked.
  expect(await codeOf(saveAssignmentRubric(instructor, assignment.id, input))).toMatch(/^CONFLICT/);
});

async function queueCourse(students: number) {
  const cast = await createCourseWithCast();
  const assignment = await createAssignment(cast.course.id, { due: ABS(due) });
  const db = getDb();
  const users = [];
  for (let i = 0; i < students; i++) users.push(await createUser());
  await db.enrollment.createMany({ data: users.map((u) => ({ courseId: cast.course.id, userId: u.id, role: "STUDENT" as const, sectionId: cast.section.id })) });
  const enrollments = await db.enrollment.findMany({ where: { courseId: cast.course.id, role: "STUDENT" }, select: { id: true } });
  await db.submission.createMany({ data: enrollments.map((e, i) => ({ assignmentId: assignment.id, enrollmentId: e.id, attempt: 1, body: "x", submittedAt: hours(i % 3) })) });
  await db.grade.createMany({ data: enrollments.slice(0, Math.floor(enrollments.length / 2)).map((e) => ({ assignmentId: assignment.id, enrollmentId: e.id, rawScore: 50, finalScore: 50, gradedAt: hours(1) })) });
  return { ...cast, assignment, enrollments };
}

async function queriesOf(fn: () => Promise<unknown>) {
  await fn();
  const before = queryCounter.count;
  await fn();
  return queryCounter.count - before;
}

test("the queue, the grading page and the course's needs-grading list use a constant number of queries (3 vs 40 students)", async () => {
  const small = await queueCourse(3);
  const large = await queueCourse(40);
  const run = (c: typeof small) => ({
    queue: () => getGradingQueue(c.instructor, c.assignment.id, { ...filter, status: "late", sort: "submitted", page: 1 }),
    view: () => getGradingView(c.instructor, c.assignment.id, c.enrollments[0].id, filter, hours(5)),
    course: () => getCourseNeedsGrading(c.instructor, c.course.slug),
  });
  for (const k of ["queue", "view", "course"] as const) {
    const a = await queriesOf(run(small)[k]);
    const b = await queriesOf(run(large)[k]);
    expect({ k, n: b }).toEqual({ k, n: a });
  }
  const q = await getGradingQueue(large.instructor, large.assignment.id, { ...filter, status: "ungraded", page: 1 });
  // 42 students (2 from the cast); the first 21 graded at +1 h, and 7 of those resubmitted at +2 h.
  expect(q.matching).toBe(28);
  expect(q.counts.graded).toBe(14);
  const resub = await getGradingQueue(large.instructor, large.assignment.id, { ...filter, status: "resubmitted", page: 1 });
  expect(resub.matching).toBe(7);
  const needs = await getCourseNeedsGrading(large.instructor, large.course.slug);
  expect(needs.assignments[0]).toMatchObject({ ungraded: 21, resubmitted: 7 });
});

test("2,500 submissions: the queue pages them 100 at a time with the right counts (timing: bench/service-budgets.ts)", async () => {
  const cast = await createCourseWithCast();
  const assignment = await createAssignment(cast.course.id, { due: ABS(due) });
  const db = getDb();
  const ids = Array.from({ length: 2500 }, (_, i) => `perf${i}-${assignment.id}`);
  await db.user.createMany({ data: ids.map((id, i) => ({ id, email: `${id}@example.org`, displayName: `Perf ${i}`, passwordHash: "x" })) });
  await db.enrollment.createMany({ data: ids.map((id) => ({ id: `e-${id}`, courseId: cast.course.id, userId: id, role: "STUDENT" as const })) });
  await db.submission.createMany({ data: ids.map((id, i) => ({ assignmentId: assignment.id, enrollmentId: `e-${id}`, attempt: 1, body: "x", submittedAt: hours(i % 48), minutesLate: (i % 48) * 60 })) });
  await db.grade.createMany({ data: ids.slice(0, 1200).map((id) => ({ assignmentId: assignment.id, enrollmentId: `e-${id}`, rawScore: 70, finalScore: 70, gradedAt: hours(50) })) });
  const q = await getGradingQueue(cast.instructor, assignment.id, { ...filter, status: "ungraded", sort: "submitted", page: 3 });
  expect(q.rows).toHaveLength(100);
  expect(q.matching).toBe(1300 + 2 - 2); // the cast's two students have no submission
}, 60_000);

test("the assignment form reads submission types, file limits and grading settings; anonymous grading posts manually", () => {
  const base = { title: "Essay", points: "10", submissionTypesShown: "1", submitFILE: "on", submitURL: "on", allowedFileTypes: ".PDF, docx;pdf", maxFileMb: "5", postPolicy: "AUTOMATIC", regradeWindowDays: "7" };
  expect(parseAssignmentForm(base, "UTC")).toMatchObject({ submissionTypes: "FILE,URL", allowedFileTypes: "pdf,docx", maxFileMb: 5, postPolicy: "AUTOMATIC", regradeWindowDays: 7, anonymousGrading: false });
  expect(parseAssignmentForm({ ...base, anonymousGrading: "on" }, "UTC").postPolicy).toBe("MANUAL");
  const none = (() => {
    try {
      parseAssignmentForm({ ...base, submitFILE: "", submitURL: "" }, "UTC");
    } catch (e) {
      return e as AppError;
    }
  })();
  expect(none?.fieldErrors?.submissionTypes?.[0]).toBe("Choose at least one way to submit.");
  const badTypes = (() => {
    try {
      parseAssignmentForm({ ...base, allowedFileTypes: "pdf, ../exe", maxFileMb: "500" }, "UTC");
    } catch (e) {
      return e as AppError;
    }
  })();
  expect(Object.keys(badTypes?.fieldErrors ?? {}).sort()).toEqual(["allowedFileTypes", "maxFileMb"]);
  // Forms that do not show the checkboxes keep the TEXT default.
  expect(parseAssignmentForm({ title: "T", points: "1" }, "UTC").submissionTypes).toBe("TEXT");
});

test("the grading form becomes saveGrade input: rubric choices, override with reason, excused", () => {
  const ids = { assignmentId: "a", enrollmentId: "e" };
  expect(gradeInputFromForm({ rawScore: "7.5", feedback: "ok", "rubric.c1": "r1", "rubricPoints.c1": "4", "rubric.c2": "custom", "rubricPoints.c2": "3.5" }, ids)).toEqual({
    ...ids,
    rawScore: 7.5,
    excused: false,
    penaltyOverride: null,
    overrideReason: undefined,
    feedback: "ok",
    rubricScores: { c1: { ratingId: "r1", points: 4 }, c2: { ratingId: null, points: 3.5 } },
  });
  expect(gradeInputFromForm({ rawScore: "", overridePenalty: "on", penaltyOverride: "1", overrideReason: "Illness", excused: "on" }, ids)).toMatchObject({ rawScore: null, penaltyOverride: 1, overrideReason: "Illness", excused: true });
  expect(() => gradeInputFromForm({ rawScore: "-3" }, ids)).toThrow(AppError);
});

test("a section-scoped TA's queue and needs-grading list hold only their section", async () => {
  const { ta, course, section, assignment, db, e1, e2 } = await setup();
  await db.course.update({ where: { id: course.id }, data: { taSectionScoped: true } });
  await enroll(ta, course.id, "TA", section.id);
  for (const e of [e1, e2]) await db.submission.create({ data: { assignmentId: assignment.id, enrollmentId: e, attempt: 1, body: "x", submittedAt: due } });
  const q = await getGradingQueue(ta, assignment.id, { ...filter, page: 1 });
  expect(q.rows.map((r) => r.enrollmentId)).toEqual([e1]);
  expect(q.sections.map((s) => s.id)).toEqual([section.id]);
  expect((await getCourseNeedsGrading(ta, course.slug)).assignments[0]).toMatchObject({ ungraded: 1 });
  expect(await codeOf(getGradingView(ta, assignment.id, e2, filter, due))).toMatch(/^FORBIDDEN/);
});

test("two graders saving the same grade at once: one wins, the other gets a 409, and the audit matches the stored grade", async () => {
  const { instructor, ta, assignment, db, e1 } = await setup();
  await saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 5 }, due);
  const results = await Promise.allSettled([
    saveGrade(instructor, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 6 }, hours(1)),
    saveGrade(ta, { assignmentId: assignment.id, enrollmentId: e1, rawScore: 7 }, hours(1)),
  ]);
  const ok = results.filter((r) => r.status === "fulfilled");
  expect(ok.length).toBeGreaterThanOrEqual(1);
  for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("CONFLICT");
  const grade = await db.grade.findFirstOrThrow({ where: { enrollmentId: e1 }, include: { events: { where: { action: "rawScore" }, orderBy: { createdAt: "asc" } } } });
  expect(grade.events.at(-1)?.newValue).toBe(String(grade.rawScore));
  expect(grade.events).toHaveLength(1 + ok.length);
});
