/**
 * Demo data for local use: one course with an instructor, a TA and two
 * students. Safe to run again: it finds what exists and adds what is missing.
 */
import { getDb } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";

export const DEMO_PASSWORD = "coursework-demo";
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.coursework.local", displayName: "Avery Admin", role: null, timeZone: "UTC", isAdmin: true },
  { email: "instructor@demo.coursework.local", displayName: "Irene Instructor", role: "INSTRUCTOR", timeZone: "Europe/Berlin", isAdmin: false },
  { email: "ta@demo.coursework.local", displayName: "Theo TA", role: "TA", timeZone: "America/New_York", isAdmin: false },
  { email: "student1@demo.coursework.local", displayName: "Sofia Student", role: "STUDENT", timeZone: "Australia/Sydney", isAdmin: false },
  { email: "student2@demo.coursework.local", displayName: "Sam Student", role: "STUDENT", timeZone: "America/Los_Angeles", isAdmin: false },
] as const;

const SUMMARY = `Learn how to study well **on your own schedule**.

This demo course shows what Coursework does:

- deadlines shown in *your* time zone
- modules you take at your own pace
- feedback you can find

> Tip: log in as a student and as the instructor in two browsers to see both sides.`;

export async function seed() {
  const db = getDb();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Record<string, string> = {};
  for (const a of DEMO_ACCOUNTS) {
    const user = await db.user.upsert({
      where: { email: a.email },
      create: { email: a.email, displayName: a.displayName, timeZone: a.timeZone, isAdmin: a.isAdmin, passwordHash },
      update: {},
      select: { id: true },
    });
    users[a.email] = user.id;
  }
  const instructorId = users["instructor@demo.coursework.local"];
  const course = await db.course.upsert({
    where: { slug: "async-learning-101" },
    create: {
      slug: "async-learning-101",
      title: "Asynchronous Learning 101",
      summary: SUMMARY,
      timeZone: "Europe/Berlin",
      status: "PUBLISHED",
      selfEnrollment: true,
      enrollmentCode: null,
      createdById: instructorId,
    },
    update: {},
    select: { id: true },
  });
  const sections: Record<string, string> = {};
  for (const name of ["Europe", "Americas & Pacific"]) {
    const s = await db.section.upsert({
      where: { courseId_name: { courseId: course.id, name } },
      create: { courseId: course.id, name },
      update: {},
      select: { id: true },
    });
    sections[name] = s.id;
  }
  for (const a of DEMO_ACCOUNTS) {
    if (!a.role) continue;
    const sectionId = a.role === "STUDENT" ? sections[a.timeZone.startsWith("Europe") ? "Europe" : "Americas & Pacific"] : null;
    await db.enrollment.upsert({
      where: { courseId_userId: { courseId: course.id, userId: users[a.email] } },
      create: { courseId: course.id, userId: users[a.email], role: a.role, sectionId },
      update: {},
    });
  }
  return { courseSlug: "async-learning-101" };
}

if (process.argv[1]?.endsWith("seed.ts")) {
  seed()
    .then(async ({ courseSlug }) => {
      console.log("\nDemo course ready: http://localhost:3000/courses/" + courseSlug);
      console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS) console.log(`  ${(a.role ?? "ADMIN").padEnd(10)} ${a.email}  (${a.timeZone})`);
      await getDb().$disconnect();
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
