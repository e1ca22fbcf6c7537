import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { parseAssignmentForm } from "~/services/assignment-form";
import { createAssignment as createAssignmentService, getAssignmentView, submitAssignment } from "~/services/assignments.server";
import { decideExtension, requestExtension, spendLateTokens } from "~/services/extensions.server";
import { deleteOverride, parseOverrideForm, previewLearnerDates, saveOverride } from "~/services/overrides.server";
import { createAssignment, createCourseWithCast, enroll } from "../factories";

const due = new Date("2026-12-01T12:00:00Z");
const hours = (h: number) => new Date(due.getTime() + h * 3_600_000);
const ABS = (d: Date) => ({ type: "ABSOLUTE" as const, at: d });

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? `${e.code}: ${e.message}` : Promise.reject(e)),
  );
}

async function setup(extra: Parameters<typeof createAssignment>[1] = {}) {
  const cast = await createCourseWithCast();
  const assignment = await createAssignment(cast.course.id, {
    due: ABS(due),
    close: ABS(hours(72)),
    latePolicy: { type: "PERCENT", percent: 10, per: "DAY", rounding: "UP" },
    maxAttempts: 2,
    ...extra,
  });
  return { ...cast, assignment };
}

test("the instructor form builds rules and rejects close-before-due with a field message", () => {
  const base = { title: "Essay", points: "10", dueMode: "date", dueDate: "2026-12-01", dueTime: "23:59", dueZone: "COURSE", closeMode: "date", closeDate: "2026-11-30", closeTime: "12:00" };
  const error = (() => {
    try {
      parseAssignmentForm(base, "Europe/Berlin");
    } catch (e) {
      return e as AppError;
    }
  })();
  expect(error?.status).toBe(400);
  expect(error?.fieldErrors?.closeDate?.[0]).toMatch(/Close date must be on or after the due date/);
  const ok = parseAssignmentForm({ ...base, closeMode: "relative", closeDays: "3", closeTime: "09:00" }, "Europe/Berlin");
  expect(ok.rules.dueAt).toEqual({ type: "LOCAL", date: "2026-12-01", time: "23:59", zone: "COURSE" });
  expect(ok.rules.closeAt).toMatchObject({ type: "RELATIVE_DAYS", days: 3, time: "09:00" });
  const negative = (() => {
    try {
      parseAssignmentForm({ ...base, closeMode: "relative", closeDays: "-2" }, "UTC");
    } catch (e) {
      return e as AppError;
    }
  })();
  expect(negative?.fieldErrors?.closeDays?.[0]).toMatch(/whole number of days/);
});

test("TAs and students cannot create assignments", async () => {
  const { ta, student, course } = await setup();
  const input = parseAssignmentForm({ title: "X", points: "1" }, "UTC");
  expect(await codeOf(createAssignmentService(ta, course.id, input))).toMatch(/^FORBIDDEN/);
  expect(await codeOf(createAssignmentService(student, course.id, input))).toMatch(/^FORBIDDEN/);
});

test("a late submission stores the penalty the student was shown", async () => {
  const { student, assignment } = await setup();
  const view = await getAssignmentView(student, assignment.id, hours(25));
  expect(view.student?.schedule.state).toBe("LATE");
  expect(view.student?.penaltyNowPercent).toBe(20); // 25 h late, 10 % per started day
  const s = await submitAssignment(student, assignment.id, { body: "My essay" }, hours(25));
  expect(s).toMatchObject({ attempt: 1, minutesLate: 25 * 60, penaltyPercent: 20 });
  const receipt = await getDb().outboxMail.findFirstOrThrow({ where: { to: student.email } });
  expect(receipt.subject).toMatch(/^Submitted:/);
});

test("submitting at the due instant is on time; before open and after close are refused", async () => {
  const { student, assignment } = await setup({ open: ABS(hours(-48)) });
  expect(await codeOf(submitAssignment(student, assignment.id, { body: "early" }, hours(-49)))).toMatch(/^CONFLICT: This assignment is not open yet/);
  expect((await submitAssignment(student, assignment.id, { body: "on time" }, due)).minutesLate).toBe(0);
  expect(await codeOf(submitAssignment(student, assignment.id, { body: "too late" }, hours(72)))).toMatch(/^CONFLICT: This assignment closed/);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(1);
  const late = await submitAssignment(student, assignment.id, { body: "tab B again", attempt: 1 }, hours(-1)).catch((e: AppError) => e);
  expect((late as AppError).status).toBe(409);
  expect((late as AppError).message).toMatch(/already submitted/);
  expect((await submitAssignment(student, assignment.id, { body: "second attempt", attempt: 2 }, hours(-1))).attempt).toBe(2);
});

test("empty submissions and attempts over the limit are refused and store nothing", async () => {
  const { student, assignment } = await setup();
  expect(await codeOf(submitAssignment(student, assignment.id, { body: "   " }, hours(-1)))).toMatch(/^BAD_REQUEST/);
  await submitAssignment(student, assignment.id, { body: "one" }, hours(-2));
  await submitAssignment(student, assignment.id, { body: "two" }, hours(-1));
  expect(await codeOf(submitAssignment(student, assignment.id, { body: "three" }, hours(-1)))).toMatch(/used all your attempts/);
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(2);
});

test("two tabs submitting the same attempt produce exactly one new attempt, whatever the timing", async () => {
  const { student, assignment } = await setup({ maxAttempts: null });
  // Both pages offered attempt 1; the second to arrive gets a 409, even after the first committed.
  const results = await Promise.allSettled([
    submitAssignment(student, assignment.id, { body: "tab A", attempt: 1 }, hours(-1)),
    submitAssignment(student, assignment.id, { body: "tab B", attempt: 1 }, hours(-1)),
  ]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  expect((rejected.reason as AppError).code).toBe("CONFLICT");
  expect(await getDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(1);
});

test("students see only their own submissions; unpublished assignments are 404 to them", async () => {
  const { student, student2, assignment, course } = await setup();
  await submitAssignment(student, assignment.id, { body: "secret answer" }, hours(-1));
  const other = await getAssignmentView(student2, assignment.id, hours(-1));
  expect(other.student?.submissions).toEqual([]);
  const draft = await createAssignment(course.id, { published: false });
  expect(await codeOf(getAssignmentView(student, draft.id, due))).toMatch(/^NOT_FOUND/);
});

test("section and learner overrides: learner beats section, and staff see each student's dates", async () => {
  const { instructor, student, student2, assignment, section } = await setup();
  const rules = { dueAt: ABS(due), closeAt: ABS(hours(72)) };
  await saveOverride(instructor, assignment.id, `section:${section.id}`, parseOverrideForm({ dueMode: "date", dueDate: "2026-12-03", dueTime: "12:00", dueZone: "COURSE" }, rules, "UTC"));
  let view = await getAssignmentView(student, assignment.id, due);
  expect(view.student?.schedule.dueAt?.toISOString()).toBe("2026-12-03T12:00:00.000Z");
  const e2 = await getDb().enrollment.findFirstOrThrow({ where: { userId: student2.id } });
  await saveOverride(instructor, assignment.id, `learner:${e2.id}`, parseOverrideForm({ dueMode: "none" }, rules, "UTC"));
  const v2 = await getAssignmentView(student2, assignment.id, hours(50));
  expect(v2.student?.schedule.dueAt).toBeNull();
  expect(v2.student?.schedule.state).toBe("OPEN");
  const preview = await previewLearnerDates(instructor, assignment.id, due);
  expect(preview.find((p) => p.enrollmentId === e2.id)?.schedule.sources.dueAt).toBe("LEARNER");
  // Removing the section override restores the default.
  const o = await getDb().dateOverride.findFirstOrThrow({ where: { sectionId: section.id } });
  await deleteOverride(instructor, o.id);
  view = await getAssignmentView(student, assignment.id, due);
  expect(view.student?.schedule.dueAt?.toISOString()).toBe(due.toISOString());
});

test("an override that puts close before due is refused with a field message", async () => {
  expect(() => parseOverrideForm({ closeMode: "date", closeDate: "2026-11-01", closeTime: "00:00" }, { dueAt: ABS(due), closeAt: null }, "UTC")).toThrow(/highlighted/);
  expect(() => parseOverrideForm({}, { dueAt: ABS(due) }, "UTC")).toThrow(/highlighted/);
});

test("extension requests: auto-approved within the course rule once, otherwise decided by staff", async () => {
  const { instructor, student, assignment, course } = await setup();
  await getDb().course.update({ where: { id: course.id }, data: { autoApproveExtensionHours: 48 } });
  const first = await requestExtension(student, assignment.id, { hours: 24, reason: "Sick" }, hours(-2));
  expect(first.status).toBe("APPROVED");
  let view = await getAssignmentView(student, assignment.id, hours(-2));
  expect(view.student?.schedule.dueAt?.toISOString()).toBe(hours(24).toISOString());
  expect(view.student?.schedule.closeAt?.toISOString()).toBe(hours(96).toISOString());
  const second = await requestExtension(student, assignment.id, { hours: 12, reason: "Still sick" }, hours(-1));
  expect(second.status).toBe("PENDING");
  expect(await codeOf(requestExtension(student, assignment.id, { hours: 5, reason: "again" }, hours(-1)))).toMatch(/already have a request/);
  expect(await codeOf(decideExtension(student, { requestId: second.id, decision: "approve", note: "" }, hours(0)))).toMatch(/^FORBIDDEN/);
  await decideExtension(instructor, { requestId: second.id, decision: "approve", hours: 6, note: "Get well" }, hours(0));
  view = await getAssignmentView(student, assignment.id, hours(0));
  expect(view.student?.schedule.dueAt?.toISOString()).toBe(hours(30).toISOString());
  expect(await codeOf(decideExtension(instructor, { requestId: second.id, decision: "deny", note: "" }, hours(0)))).toMatch(/already decided/);
  const mails = await getDb().outboxMail.findMany({ where: { to: student.email }, orderBy: { createdAt: "asc" } });
  expect(mails.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/Extension approved/), expect.stringMatching(/Extension requested/)]));
});

test("late-day tokens move the due date by 24 h each, within the course allowance", async () => {
  const { student, assignment, course } = await setup();
  await getDb().course.update({ where: { id: course.id }, data: { lateTokens: 2 } });
  expect(await codeOf(spendLateTokens(student, assignment.id, { tokens: 3 }, hours(5)))).toMatch(/only 2 late-day tokens left/);
  await spendLateTokens(student, assignment.id, { tokens: 1 }, hours(5));
  const view = await getAssignmentView(student, assignment.id, hours(5));
  expect(view.student?.schedule.state).toBe("DUE_SOON");
  expect(view.student?.tokensLeft).toBe(1);
  const s = await submitAssignment(student, assignment.id, { body: "saved by a token" }, hours(6));
  expect(s.minutesLate).toBe(0);
});

test("relative deadlines follow each learner's start", async () => {
  const { student, student2, course } = await setup();
  const a = await createAssignment(course.id, { due: { type: "RELATIVE_DAYS", days: 7, time: "23:59", zone: "COURSE" } });
  await enroll(student, course.id, "STUDENT", null, new Date("2026-11-01T10:00:00Z"));
  await getDb().enrollment.updateMany({ where: { userId: student.id }, data: { startedAt: new Date("2026-11-01T10:00:00Z") } });
  await getDb().enrollment.updateMany({ where: { userId: student2.id }, data: { startedAt: new Date("2026-11-10T10:00:00Z") } });
  const v1 = await getAssignmentView(student, a.id, due);
  const v2 = await getAssignmentView(student2, a.id, due);
  expect(v1.student?.schedule.dueAt?.toISOString()).toBe("2026-11-08T23:59:00.000Z");
  expect(v2.student?.schedule.dueAt?.toISOString()).toBe("2026-11-17T23:59:00.000Z");
});
