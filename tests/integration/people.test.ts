import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { courseSchema, createCourse as createCourseService, listCatalog, listMyCourses, selfEnroll, updateCourse } from "~/services/courses.server";
import { addPerson, changeRole, listPeople, removePerson } from "~/services/people.server";
import { importRoster } from "~/services/roster.server";
import { createCourse, createCourseWithCast, createUser } from "../factories";

const now = new Date("2026-11-26T10:00:00Z");

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e) => (e instanceof AppError ? e.code : Promise.reject(e)),
  );
}

test("creating a course makes the creator its instructor; dates are whole days in the course zone", async () => {
  const user = await createUser();
  const input = courseSchema.parse({ title: "Physics", slug: "physics-1", timeZone: "America/New_York", startsOn: "2027-01-10", endsOn: "2027-03-14" });
  const course = await createCourseService(user, input, now);
  const stored = await getDb().course.findUniqueOrThrow({ where: { id: course.id } });
  expect(stored.startsAt?.toISOString()).toBe("2027-01-10T05:00:00.000Z"); // midnight EST
  expect(stored.endsAt?.toISOString()).toBe("2027-03-15T03:59:00.000Z"); // 23:59 EDT (DST began 14 March)
  expect((await listMyCourses(user)).map((c) => [c.slug, c.role])).toEqual([["physics-1", "INSTRUCTOR"]]);
  expect(await codeOf(createCourseService(user, input, now))).toBe("CONFLICT");
});

test("course validation: end before start, bad slug, unknown zone", () => {
  const result = courseSchema.safeParse({ title: "X", slug: "Bad Slug", timeZone: "Nowhere/City", startsOn: "2027-02-01", endsOn: "2027-01-01" });
  expect(result.success).toBe(false);
  const fields = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
  expect(fields.title).toMatch(/at least 3/);
  expect(fields.slug).toMatch(/lowercase/);
  expect(fields.timeZone).toMatch(/time zone/);
  expect(fields.endsOn).toBe("The end date must be on or after the start date.");
});

test("updating a course to another course's slug is a conflict and changes nothing", async () => {
  const owner = await createUser();
  const a = await createCourse(owner);
  const b = await createCourse(owner);
  const input = courseSchema.parse({ title: "New title", slug: b.slug, timeZone: "UTC" });
  expect(await codeOf(updateCourse(owner, a.id, input))).toBe("CONFLICT");
  expect((await getDb().course.findUniqueOrThrow({ where: { id: a.id } })).title).toBe(a.title);
});

test("the catalog lists published courses only", async () => {
  const owner = await createUser();
  const pub = await createCourse(owner, { title: "Zoology Published" });
  await createCourse(owner, { title: "Zoology Draft", status: "DRAFT" });
  const titles = (await listCatalog(null, { q: "Zoology" })).map((c) => c.title);
  expect(titles).toEqual([pub.title]);
});

test("self-enrollment: closed courses refuse, the code is checked, enrolling twice is harmless", async () => {
  const owner = await createUser();
  const student = await createUser();
  const closed = await createCourse(owner, { selfEnrollment: false });
  expect(await codeOf(selfEnroll(student, closed.slug, { code: "" }, now))).toBe("CONFLICT");
  const coded = await createCourse(owner, { enrollmentCode: "PI-314" });
  expect(await codeOf(selfEnroll(student, coded.slug, { code: "" }, now))).toBe("BAD_REQUEST");
  await selfEnroll(student, coded.slug, { code: "PI-314" }, now);
  expect((await selfEnroll(student, coded.slug, { code: "PI-314" }, now)).already).toBe(true);
  const enrollment = await getDb().enrollment.findFirstOrThrow({ where: { courseId: coded.id, userId: student.id } });
  expect(enrollment.startedAt.toISOString()).toBe(now.toISOString());
});

test("adding a new email creates the account and mails an invitation", async () => {
  const { instructor, course } = await createCourseWithCast();
  const result = await addPerson(instructor, course.id, { email: "newcomer@example.org", displayName: "New Comer", role: "TA", sectionId: null }, now);
  expect(result.outcome).toBe("CREATED");
  const mail = await getDb().outboxMail.findFirstOrThrow({ where: { to: "newcomer@example.org" } });
  expect(mail.subject).toMatch(/You have been added to/);
  expect(mail.text).toMatch(/reset-password\?token=/);
});

test("the last instructor cannot be demoted or removed", async () => {
  const { instructor, course } = await createCourseWithCast();
  const own = await getDb().enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: instructor.id } });
  expect(await codeOf(changeRole(instructor, course.id, { enrollmentId: own.id, role: "STUDENT" }))).toBe("CONFLICT");
  expect(await codeOf(removePerson(instructor, course.id, { enrollmentId: own.id }))).toBe("CONFLICT");
});

test("removing a person is soft: the enrollment stays, marked removed, and they leave the list", async () => {
  const { instructor, student, course } = await createCourseWithCast();
  const e = await getDb().enrollment.findFirstOrThrow({ where: { courseId: course.id, userId: student.id } });
  await removePerson(instructor, course.id, { enrollmentId: e.id });
  expect((await getDb().enrollment.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("REMOVED");
  const people = await listPeople(instructor, course.id, { page: 1 });
  expect(people.rows.map((r) => r.user.id)).not.toContain(student.id);
});

test("roster import reports every row and writes only valid ones", async () => {
  const { instructor, student, course, section } = await createCourseWithCast();
  const csv = [
    "Email,Name,Role,Section",
    "ROW1@example.org,Row One,student,Evening",
    "bad-email,Bad,student,",
    `${student.email},Sam,student,${section.name}`,
    "row4@example.org,Row Four,professor,",
    "row1@example.org,Dup,student,",
    "row6@example.org,Row Six,ta,",
  ].join("\n");
  const { report, summary } = await importRoster(instructor, course.id, { csv }, now);
  expect(report.map((r) => [r.line, r.outcome])).toEqual([
    [2, "CREATED"],
    [3, "REJECTED"],
    [4, "SKIPPED"],
    [5, "REJECTED"],
    [6, "REJECTED"],
    [7, "CREATED"],
  ]);
  expect(report[1].reason).toMatch(/email is not a valid email address/);
  expect(report[3].reason).toMatch(/role must be student, ta or instructor/);
  expect(report[4].reason).toMatch(/earlier in the file/);
  expect(summary).toEqual({ CREATED: 2, ENROLLED: 0, UPDATED: 0, SKIPPED: 1, REJECTED: 3 });
  const evening = await getDb().section.findFirstOrThrow({ where: { courseId: course.id, name: "Evening" } });
  const row1 = await getDb().user.findUniqueOrThrow({ where: { email: "row1@example.org" }, include: { enrollments: true } });
  expect(row1.enrollments[0].sectionId).toBe(evening.id);
});

test("a roster without an email column or with no rows is rejected with a reason", async () => {
  const { instructor, course } = await createCourseWithCast();
  expect(await codeOf(importRoster(instructor, course.id, { csv: "name,role\nA,student" }, now))).toBe("BAD_REQUEST");
  expect(await codeOf(importRoster(instructor, course.id, { csv: "email,name\n" }, now))).toBe("BAD_REQUEST");
  expect(await codeOf(importRoster(instructor, course.id, { csv: 'email,name\n"unterminated,x' }, now))).toBe("BAD_REQUEST");
});
