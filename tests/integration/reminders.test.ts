/**
 * Deadline reminders end to end: scan → ReminderLog → outbox. Each test uses its own months of
 * 2027 (the file shares one database), so earlier tests' deadlines are already past.
 */
import { expect, test } from "vitest";
import { registerAllJobHandlers } from "~/integrations/jobs/worker.server";
import { runDueJobs } from "~/integrations/jobs/queue.server";
import { getDb, queryCounter } from "~/lib/db.server";
import { action as settingsAction, loader as settingsLoader } from "~/routes/settings.notifications";
import {
  REMINDER_SCAN_JOB,
  ensureReminderScanScheduled,
  getNotificationSettings,
  runReminderScanJob,
  scanReminders,
} from "~/services/reminders.server";
import { createAssignment, createCourse, createCourseWithCast, createUser, enroll } from "../factories";
import { cookieFor } from "../factories/requests";

const H = 3_600_000;
const d = (s: string) => new Date(s);
const before = (due: Date, ms: number) => new Date(due.getTime() - ms);
const dueAt = (at: Date) => ({ type: "ABSOLUTE" as const, at });
const mailsTo = (email: string) => getDb().outboxMail.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });

async function enrollmentOf(userId: string, courseId: string) {
  return getDb().enrollment.findFirstOrThrow({ where: { userId, courseId } });
}

test("two assignments due within a day: one message listing both; a second scan sends nothing", async () => {
  const { student, course } = await createCourseWithCast();
  const due1 = d("2027-01-14T17:00:00Z");
  const due2 = d("2027-01-15T09:00:00Z");
  const essay = await createAssignment(course.id, { title: "Essay on optics", due: dueAt(due1) });
  const lab = await createAssignment(course.id, { title: "Lab report", due: dueAt(due2), position: 1 });
  await createAssignment(course.id, { title: "Next month", due: dueAt(d("2027-02-14T17:00:00Z")) });
  await createAssignment(course.id, { title: "Hidden draft", due: dueAt(due1), published: false });
  await getDb().user.update({ where: { id: student.id }, data: { timeZone: "America/New_York" } });

  const now = d("2027-01-14T10:00:00Z");
  const first = await scanReminders(now);
  expect(first).toMatchObject({ mailed: 2, reminded: 4, skipped: 0 }); // both students of the course
  const [mail, ...more] = await mailsTo(student.email);
  expect(more).toEqual([]);
  expect(mail.subject).toBe("Due soon: 2 assignments");
  expect(mail.text).toContain("- Essay on optics (" + course.title + ")");
  expect(mail.text).toContain("Due Thu, 14 Jan 2027, 12:00 GMT-5");
  expect(mail.text).toContain("Due Fri, 15 Jan 2027, 04:00 GMT-5");
  expect(mail.text.indexOf("Essay on optics")).toBeLessThan(mail.text.indexOf("Lab report"));
  expect(mail.text).toContain(`http://localhost:3000/courses/${course.slug}/assignments/${essay.id}`);
  expect(mail.text).toContain(`http://localhost:3000/courses/${course.slug}/assignments/${lab.id}`);
  expect(mail.text).toContain("Times are in your time zone, America/New_York.");
  expect(mail.text).toContain("http://localhost:3000/settings/notifications");
  expect(mail.text).not.toContain("Next month");
  expect(mail.text).not.toContain("Hidden draft");

  const enrollment = await enrollmentOf(student.id, course.id);
  const logs = await getDb().reminderLog.findMany({ where: { enrollmentId: enrollment.id }, orderBy: { dueAt: "asc" } });
  expect(logs.map((l) => [l.assignmentId, l.dueAt.toISOString(), l.sentAt.toISOString()])).toEqual([
    [essay.id, due1.toISOString(), now.toISOString()],
    [lab.id, due2.toISOString(), now.toISOString()],
  ]);

  expect(await scanReminders(new Date(now.getTime() + 5 * 60_000))).toMatchObject({ mailed: 0 });
  expect(await scanReminders(before(due1, 60_000))).toMatchObject({ mailed: 0 });
  expect(await mailsTo(student.email)).toHaveLength(1);
});

test("submitted work, staff, removed learners and draft courses get no reminder", async () => {
  const { instructor, ta, student, student2, course } = await createCourseWithCast();
  const due = d("2027-02-10T12:00:00Z");
  const a = await createAssignment(course.id, { title: "Problem set", due: dueAt(due) });
  const enrollment = await enrollmentOf(student.id, course.id);
  await getDb().submission.create({ data: { assignmentId: a.id, enrollmentId: enrollment.id, attempt: 1, submittedAt: before(due, 30 * H) } });
  await getDb().enrollment.updateMany({ where: { userId: student2.id, courseId: course.id }, data: { status: "REMOVED" } });
  const draft = await createCourse(instructor, { status: "DRAFT" });
  await enroll(student, draft.id);
  await createAssignment(draft.id, { due: dueAt(due) });

  expect(await scanReminders(before(due, 2 * H))).toMatchObject({ mailed: 0 });
  for (const person of [instructor, ta, student, student2]) expect(await mailsTo(person.email)).toEqual([]);
});

test("a learner with a 1-hour lead gets nothing 20 hours before, and the reminder 1 hour before", async () => {
  const { student, student2, course } = await createCourseWithCast();
  await getDb().user.update({ where: { id: student.id }, data: { reminderLeadHours: 1 } });
  const due = d("2027-03-10T12:00:00Z");
  await createAssignment(course.id, { title: "Quiz 3", due: dueAt(due) });

  await scanReminders(before(due, 20 * H));
  expect(await mailsTo(student.email)).toEqual([]);
  expect(await mailsTo(student2.email)).toHaveLength(1); // default 24 h
  await scanReminders(before(due, H + 60_000));
  expect(await mailsTo(student.email)).toEqual([]);
  await scanReminders(before(due, H));
  const mails = await mailsTo(student.email);
  expect(mails.map((m) => m.subject)).toEqual(["Due soon: Quiz 3"]);
  expect(mails[0].text).toContain("1 hour before it");
});

test("quiet hours hold the reminder until they end, in the learner's zone", async () => {
  const { student, course } = await createCourseWithCast();
  await getDb().user.update({
    where: { id: student.id },
    data: { timeZone: "Europe/Berlin", quietStartMinute: 22 * 60, quietEndMinute: 7 * 60 },
  });
  const due = d("2027-04-14T10:00:00Z"); // 12:00 CEST; the 24-hour window opened at 12:00 the day before
  await createAssignment(course.id, { title: "Reading response", due: dueAt(due) });

  const at23 = d("2027-04-13T21:00:00Z"); // 23:00 CEST
  expect(await scanReminders(at23)).toMatchObject({ waiting: 1 });
  expect(await mailsTo(student.email)).toEqual([]);
  await scanReminders(d("2027-04-14T04:55:00Z")); // 06:55
  expect(await mailsTo(student.email)).toEqual([]);
  await scanReminders(d("2027-04-14T05:05:00Z")); // 07:05
  const mails = await mailsTo(student.email);
  expect(mails).toHaveLength(1);
  expect(mails[0].text).toContain("Due Wed, 14 Apr 2027, 12:00 CEST");
});

test("an extension that moves the due date gets a new reminder once the new date is within the lead time", async () => {
  const { student, course } = await createCourseWithCast();
  const due = d("2027-05-12T12:00:00Z");
  const a = await createAssignment(course.id, { title: "Project draft", due: dueAt(due) });
  await scanReminders(before(due, 20 * H));
  expect(await mailsTo(student.email)).toHaveLength(1);

  const enrollment = await enrollmentOf(student.id, course.id);
  await getDb().extensionRequest.create({
    data: { assignmentId: a.id, enrollmentId: enrollment.id, source: "INSTRUCTOR", status: "APPROVED", grantedMinutes: 48 * 60 },
  });
  const newDue = new Date(due.getTime() + 48 * H);
  await scanReminders(before(due, 19 * H)); // the new date is 67 hours away
  await scanReminders(before(newDue, 24 * H + 5 * 60_000));
  expect(await mailsTo(student.email)).toHaveLength(1);
  await scanReminders(before(newDue, 24 * H));
  const mails = await mailsTo(student.email);
  expect(mails).toHaveLength(2);
  expect(mails[1].text).toContain("Due Fri, 14 May 2027, 12:00 UTC");
  const logs = await getDb().reminderLog.findMany({ where: { enrollmentId: enrollment.id }, orderBy: { dueAt: "asc" } });
  expect(logs.map((l) => l.dueAt.toISOString())).toEqual([due.toISOString(), newDue.toISOString()]);
});

test("concurrent scans send exactly one message", async () => {
  const { student, course } = await createCourseWithCast();
  const due = d("2027-06-09T12:00:00Z");
  await createAssignment(course.id, { title: "Race A", due: dueAt(due) });
  await createAssignment(course.id, { title: "Race B", due: dueAt(due) });
  const now = before(due, 3 * H);
  const results = await Promise.all([scanReminders(now), scanReminders(now), scanReminders(now)]);
  expect(results.reduce((n, r) => n + r.mailed, 0)).toBe(2); // one per student
  const mails = await mailsTo(student.email);
  expect(mails).toHaveLength(1);
  expect(mails[0].subject).toBe("Due soon: 2 assignments");
  const enrollment = await enrollmentOf(student.id, course.id);
  expect(await getDb().reminderLog.count({ where: { enrollmentId: enrollment.id } })).toBe(2);
});

test("one message per person across courses, however the scan is paged", async () => {
  const teacher = await createUser();
  const learners = await Promise.all([1, 2, 3].map(() => createUser()));
  const courses = [await createCourse(teacher, { title: "Algebra" }), await createCourse(teacher, { title: "Biology" })];
  const due = d("2027-07-14T12:00:00Z");
  for (const c of courses) {
    await createAssignment(c.id, { title: `${c.title} homework`, due: dueAt(due) });
    for (const l of learners) await enroll(l, c.id);
  }
  const result = await scanReminders(before(due, 2 * H), { batchSize: 1 });
  expect(result).toMatchObject({ mailed: 3, reminded: 6 });
  for (const l of learners) {
    const mails = await mailsTo(l.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("Algebra homework (Algebra)");
    expect(mails[0].text).toContain("Biology homework (Biology)");
  }
});

test("the scan runs a constant number of queries per batch, whatever the number of people", async () => {
  async function queriesFor(people: number, now: Date) {
    const teacher = await createUser();
    const course = await createCourse(teacher);
    await createAssignment(course.id, { due: dueAt(new Date(now.getTime() + 100 * H)) });
    for (let i = 0; i < people; i++) await enroll(await createUser(), course.id);
    const start = queryCounter.count;
    await scanReminders(now);
    return queryCounter.count - start;
  }
  const few = await queriesFor(2, d("2027-08-02T12:00:00Z"));
  const many = await queriesFor(12, d("2027-08-02T12:00:00Z"));
  expect(many).toBe(few);
  expect(few).toBeLessThanOrEqual(8);
});

test("the job handler scans and schedules the next five-minute slot once", async () => {
  const { student, course } = await createCourseWithCast();
  const due = d("2027-09-15T12:00:00Z");
  await createAssignment(course.id, { due: dueAt(due) });
  const now = d("2027-09-15T08:02:30Z");
  const scanJobs = () => getDb().job.findMany({ where: { type: REMINDER_SCAN_JOB, uniqueKey: { startsWith: `${REMINDER_SCAN_JOB}:2027-09-15` } }, orderBy: { runAt: "asc" } });

  await runReminderScanJob({}, now);
  await runReminderScanJob({}, new Date(now.getTime() + 60_000)); // a second process, same slot
  expect(await mailsTo(student.email)).toHaveLength(1);
  expect((await scanJobs()).map((j) => [j.uniqueKey, j.runAt.toISOString(), j.status])).toEqual([
    ["reminders.scan:2027-09-15T08:05Z", "2027-09-15T08:05:00.000Z", "PENDING"],
  ]);

  // Through the queue: the worker runs the due slot, which schedules the following one.
  registerAllJobHandlers();
  await ensureReminderScanScheduled(now);
  await ensureReminderScanScheduled(now);
  expect((await scanJobs()).map((j) => j.uniqueKey)).toEqual(["reminders.scan:2027-09-15T08:00Z", "reminders.scan:2027-09-15T08:05Z"]);
  await runDueJobs("w1", now);
  await runDueJobs("w1", d("2027-09-15T08:05:01Z"));
  expect((await scanJobs()).map((j) => [j.uniqueKey, j.status])).toEqual([
    ["reminders.scan:2027-09-15T08:00Z", "DONE"],
    ["reminders.scan:2027-09-15T08:05Z", "DONE"],
    ["reminders.scan:2027-09-15T08:10Z", "PENDING"],
  ]);
});

// ---- Settings page ----------------------------------------------------------------------------

const BASE = "http://localhost:3000";
function post(cookie: string, fields: Record<string, string>) {
  return new Request(`${BASE}/settings/notifications`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
  });
}
function unwrap(result: unknown): { status: number; body: any } {
  const r = result as { init?: { status?: number } | null; data?: unknown };
  if (r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;

test("settings: the page shows the defaults and saves lead time and quiet hours", async () => {
  const user = await createUser({ timeZone: "Europe/Berlin" });
  const cookie = await cookieFor(user.id);
  const page = await settingsLoader(args(new Request(`${BASE}/settings/notifications`, { headers: { Cookie: cookie } })));
  expect(page.settings).toEqual({ reminderLeadHours: 24, quietStart: "", quietEnd: "", timeZone: "Europe/Berlin" });

  const saved = unwrap(await settingsAction(args(post(cookie, { reminderLeadHours: "6", quietStart: "22:30", quietEnd: "06:45" }))));
  expect(saved).toEqual({ status: 200, body: { ok: true } });
  const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
  expect([row.reminderLeadHours, row.quietStartMinute, row.quietEndMinute]).toEqual([6, 22 * 60 + 30, 6 * 60 + 45]);
  expect(await getNotificationSettings(user)).toMatchObject({ reminderLeadHours: 6, quietStart: "22:30", quietEnd: "06:45" });

  await settingsAction(args(post(cookie, { reminderLeadHours: "12", quietStart: "23:00:00", quietEnd: "07:00:00" }))); // a time input with seconds
  expect(await getNotificationSettings(user)).toMatchObject({ reminderLeadHours: 12, quietStart: "23:00", quietEnd: "07:00" });
  await settingsAction(args(post(cookie, { reminderLeadHours: "72", quietStart: "", quietEnd: "" })));
  expect(await getNotificationSettings(user)).toMatchObject({ reminderLeadHours: 72, quietStart: "", quietEnd: "" });
});

test.each([
  [{ reminderLeadHours: "0", quietStart: "", quietEnd: "" }, { reminderLeadHours: ["Choose a lead time between 1 hour and 1 week (168 hours)."] }],
  [{ reminderLeadHours: "169", quietStart: "", quietEnd: "" }, { reminderLeadHours: ["Choose a lead time between 1 hour and 1 week (168 hours)."] }],
  [{ reminderLeadHours: "soon", quietStart: "", quietEnd: "" }, { reminderLeadHours: ["Choose how long before a due date you want your reminder."] }],
  [{ reminderLeadHours: "24", quietStart: "22:00", quietEnd: "" }, { quietEnd: ["Enter when quiet hours end too, or clear both times to turn quiet hours off."] }],
  [{ reminderLeadHours: "24", quietStart: "", quietEnd: "07:00" }, { quietStart: ["Enter when quiet hours start too, or clear both times to turn quiet hours off."] }],
  [{ reminderLeadHours: "24", quietStart: "07:00", quietEnd: "07:00" }, { quietEnd: ["Quiet hours must end at a different time than they start."] }],
  [{ reminderLeadHours: "24", quietStart: "25:00", quietEnd: "07:00" }, { quietStart: ["Enter the time quiet hours start like 22:00, or leave it empty."] }],
])("settings: %j is refused with plain field messages", async (fields, fieldErrors) => {
  const user = await createUser();
  const result = unwrap(await settingsAction(args(post(await cookieFor(user.id), fields))));
  expect(result.status).toBe(400);
  expect(result.body.fieldErrors).toEqual(fieldErrors);
  expect(await getNotificationSettings(user)).toMatchObject({ reminderLeadHours: 24, quietStart: "" });
});
