/**
 * Demo data for local use: one course with an instructor, a TA and two
 * students. Safe to run again: it finds what exists and adds what is missing.
 */
import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { getDb } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { getStorage } from "~/integrations/storage/storage.server";

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
  await seedModules(course.id, instructorId);
  return { courseSlug: "async-learning-101" };
}

const WELCOME = `## Welcome

This course is **self-paced**: start when you like, and every deadline is worked out from *your* start date
and shown in *your* time zone.

### How to use it

1. Watch the short video below the lesson list.
2. Introduce yourself in the first assignment.
3. The next module opens two days after you start.

\`\`\`text
Tip: "What's due" in the top bar lists every deadline across your courses.
\`\`\``;

async function storeAsset(courseId: string, ownerId: string, name: string, contentType: string) {
  const db = getDb();
  const key = `${courseId}/seed-${name}`;
  const existing = await db.storedFile.findUnique({ where: { key }, select: { id: true } });
  if (existing) return existing.id;
  const path = resolve("prisma/seed-assets", name);
  await getStorage().put(key, createReadStream(path), 10_000_000);
  const file = await db.storedFile.create({ data: { key, courseId, ownerId, filename: name, contentType, size: statSync(path).size }, select: { id: true } });
  return file.id;
}

/** A first module with a lesson, a captioned video and an assignment; a second that drips two days later. */
async function seedModules(courseId: string, instructorId: string) {
  const db = getDb();
  if ((await db.module.count({ where: { courseId } })) > 0) return;
  const assignment = await db.assignment.create({
    data: {
      courseId,
      title: "Introduce yourself",
      instructions: "Write a few sentences: where you are, what you hope to learn, and when you usually study.",
      points: 10,
      published: true,
      dueRule: JSON.stringify({ type: "RELATIVE_DAYS", days: 7, time: "23:59", zone: "LEARNER" }),
      closeRule: JSON.stringify({ type: "RELATIVE_DAYS", days: 14, time: "23:59", zone: "LEARNER" }),
      latePolicy: JSON.stringify({ type: "PERCENT", percent: 10, per: "DAY", rounding: "UP", floorPercent: 50 }),
      maxAttempts: 3,
    },
  });
  const videoFileId = await storeAsset(courseId, instructorId, "welcome.mp4", "video/mp4");
  const captionsId = await storeAsset(courseId, instructorId, "welcome.vtt", "text/vtt");
  const video = await db.videoAsset.create({
    data: { courseId, provider: "local", status: "READY", fileId: videoFileId, captionsFileId: captionsId, durationSeconds: 20 },
  });
  const m1 = await db.module.create({ data: { courseId, title: "Getting started", position: 0, published: true } });
  const m2 = await db.module.create({
    data: {
      courseId,
      title: "Working asynchronously",
      position: 1,
      published: true,
      releaseRule: JSON.stringify({ type: "RELATIVE_DAYS", days: 2, time: "08:00", zone: "LEARNER" }),
    },
  });
  await db.modulePrerequisite.create({ data: { moduleId: m2.id, requiresModuleId: m1.id } });
  await db.moduleItem.createMany({
    data: [
      { moduleId: m1.id, courseId, position: 0, kind: "LESSON", title: "Welcome", body: WELCOME, published: true, completionRule: "VIEW" },
      { moduleId: m1.id, courseId, position: 1, kind: "VIDEO", title: "How this course works", published: true, completionRule: "WATCH", completionThreshold: 80, videoAssetId: video.id },
      { moduleId: m1.id, courseId, position: 2, kind: "ASSIGNMENT", title: "Introduce yourself", published: true, completionRule: "SUBMIT", assignmentId: assignment.id },
      {
        moduleId: m2.id,
        courseId,
        position: 0,
        kind: "LESSON",
        title: "Planning your week",
        body: "## Planning your week\n\nBlock two short study sessions in your calendar. Mark this lesson as done when you have.",
        published: true,
        completionRule: "MARK_DONE",
      },
    ],
  });
}

if (process.argv[1]?.endsWith("seed.ts")) {
  seed()
    .then(async ({ courseSlug }) => {
      console.log(`\nDemo course ready: ${process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`}/courses/${courseSlug}`);
      console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS) console.log(`  ${(a.role ?? "ADMIN").padEnd(10)} ${a.email}  (${a.timeZone})`);
      await getDb().$disconnect();
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
