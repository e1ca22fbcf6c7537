/**
 * Builds the benchmark rows for a size preset, deterministically (fixed seed),
 * so two runs at the same size hold the same shape of data. Ids are random
 * UUIDs; everything else repeats.
 */
import { randomUUID } from "node:crypto";
import type { Row } from "./bulk.ts";
import { buildDeadlineRows } from "./deadlines-dataset.ts";
import { BENCH_ACCOUNTS, BIG_COURSE_SLUG, type SizePreset } from "./sizes.ts";

export interface Dataset {
  /** Table name -> rows, in insertion (foreign-key) order. */
  tables: [table: string, rows: Row[]][];
}

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"];
const TOPICS = ["Statistics", "Biology", "Chemistry", "Writing", "History", "Economics", "Physics", "Design", "Philosophy", "Programming"];
const DAY = 86_400_000;

const BIG_SUMMARY = `A large **asynchronous** course used by the load benchmark.

## How this course works

- Work through the modules at your own pace; each has readings, a short quiz and an assignment.
- Deadlines are shown in *your* time zone, and late work follows the course's late policy.
- Ask questions in the discussion forum; a teaching assistant answers within a working day.

## What you will learn

1. How to read a research paper quickly and critically.
2. How to plan a small study, collect data and describe it honestly.
3. How to write up results so that someone else can check them.

> Tip: set aside two or three fixed slots a week. Students who do finish far more often.

See the [syllabus](https://example.org/syllabus) for the full schedule and grading.`;

export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function buildDataset(size: SizePreset, passwordHash: string, now = new Date()): Dataset {
  const rand = mulberry32(20261126);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const t0 = now.getTime() - 60 * DAY;
  const at = (ms: number) => new Date(t0 + ms);

  const users: Row[] = [];
  const addUser = (email: string, displayName: string, isAdmin = false) => {
    const created = at(users.length * 1000);
    const id = randomUUID();
    const row: Row = { id, email, displayName, passwordHash, timeZone: ZONES[users.length % ZONES.length], isAdmin, icalTokenHash: null, createdAt: created, updatedAt: created };
    users.push(row);
    return id;
  };
  addUser("admin@bench.local", "Ada Admin", true);
  const instructors = Array.from({ length: size.bigCourseInstructors }, (_, i) => addUser(`instructor-${i + 1}@bench.local`, `Instructor ${i + 1}`));
  const tas = Array.from({ length: size.bigCourseTas }, (_, i) => addUser(`ta-${i + 1}@bench.local`, `Teaching Assistant ${i + 1}`));
  const bigStudents = Array.from({ length: size.bigCourseStudents }, (_, i) => addUser(`student-${i + 1}@bench.local`, `Student ${i + 1}`));
  const extra = Array.from({ length: size.extraUsers }, (_, i) => addUser(`user-${i + 1}@bench.local`, `Learner ${i + 1}`));
  const busy = addUser(BENCH_ACCOUNTS.busy, "Busy Student");
  const pool = [...bigStudents, ...extra];

  const courses: Row[] = [];
  const sections: Row[] = [];
  const enrollments: Row[] = [];
  const enrol = (courseId: string, userId: string, role: string, when: Date, sectionId: string | null = null) =>
    enrollments.push({ id: randomUUID(), courseId, userId, sectionId, role, status: "ACTIVE", startedAt: when, createdAt: when, updatedAt: when });

  const addCourse = (slug: string, title: string, createdById: string, status: string, summary: string) => {
    const id = randomUUID();
    const created = at(courses.length * 60_000);
    courses.push({
      id, slug, title, summary, timeZone: ZONES[courses.length % ZONES.length], status, selfEnrollment: true, enrollmentCode: null,
      startsAt: new Date(now.getTime() - 30 * DAY), endsAt: new Date(now.getTime() + 180 * DAY), createdById, createdAt: created, updatedAt: created,
    });
    return { id, created };
  };

  // The big course: instructors first, then TAs, then students spread over the sections.
  const big = addCourse(BIG_COURSE_SLUG, `Big Course (${size.name})`, instructors[0], "PUBLISHED", BIG_SUMMARY);
  const sectionIds = Array.from({ length: size.bigCourseSections }, (_, i) => {
    const id = randomUUID();
    sections.push({ id, courseId: big.id, name: `Section ${String(i + 1).padStart(2, "0")}`, createdAt: big.created, updatedAt: big.created });
    return id;
  });
  instructors.forEach((u, i) => enrol(big.id, u, "INSTRUCTOR", new Date(big.created.getTime() + i * 1000)));
  tas.forEach((u, i) => enrol(big.id, u, "TA", new Date(big.created.getTime() + DAY + i * 1000)));
  bigStudents.forEach((u, i) => enrol(big.id, u, "STUDENT", new Date(big.created.getTime() + 2 * DAY + i * 1000), sectionIds[i % sectionIds.length] ?? null));

  // Small courses: one instructor from the pool and a random handful of students.
  const published: string[] = [];
  for (let c = 0; c < size.smallCourses; c++) {
    const n = String(c + 1).padStart(4, "0");
    const owner = pool[int(0, pool.length - 1)];
    const status = rand() < size.draftShare ? "DRAFT" : "PUBLISHED";
    const course = addCourse(`course-${n}`, `${TOPICS[c % TOPICS.length]} ${n}`, owner, status, `Small course ${n}: an introduction to ${TOPICS[c % TOPICS.length].toLowerCase()}.`);
    if (status === "PUBLISHED") published.push(course.id);
    enrol(course.id, owner, "INSTRUCTOR", course.created);
    const members = new Set([owner]);
    const target = Math.min(int(size.smallCourseStudents.min, size.smallCourseStudents.max), pool.length - 1);
    while (members.size < target + 1) {
      const u = pool[int(0, pool.length - 1)];
      if (members.has(u)) continue;
      members.add(u);
      enrol(course.id, u, "STUDENT", new Date(course.created.getTime() + members.size * 1000));
    }
  }

  // The busy student: the dashboard's worst ordinary case.
  const busyCourses = published.slice(0, size.busyStudentCourses);
  if (busyCourses.length < size.busyStudentCourses) throw new Error(`Size ${size.name} has too few published courses for the busy student.`);
  busyCourses.forEach((id, i) => enrol(id, busy, "STUDENT", at(10 * DAY + i * 1000)));

  // The due student: "What's due" and the iCal feed over the last published courses (not the busy
  // student's, so the dashboard's data stays the same). Own random stream: the rows above do not change.
  const dueCourseIds = new Set(published.slice(-size.deadlineCourses));
  if (dueCourseIds.size < size.deadlineCourses || busyCourses.some((id) => dueCourseIds.has(id))) {
    throw new Error(`Size ${size.name} has too few published courses for the busy and the due student.`);
  }
  const dueId = addUser(BENCH_ACCOUNTS.due, "Dana Deadline");
  const deadlineTables = buildDeadlineRows({
    size,
    now,
    rand: mulberry32(20260601),
    dueUser: users.find((u) => u.id === dueId)!,
    courses: courses.filter((c) => dueCourseIds.has(String(c.id))),
    sections,
    enrollments,
  });

  return { tables: [["User", users], ["Course", courses], ["Section", sections], ["Enrollment", enrollments], ...deadlineTables] };
}
