/**
 * Deadline-windows rows for the load benchmark: BENCH_ACCOUNTS.due, a student in
 * `size.deadlineCourses` published courses × `size.deadlineAssignmentsPerCourse` published
 * assignments each, the "What's due" page's and the iCal feed's worst ordinary case.
 *
 * The courses are existing small courses (so their 20-50 classmates' overrides, extensions and
 * submissions are noise the queries must filter out); each gets two sections. Due dates are
 * spread over the next 60 days (a few in the past week and a few beyond the 60-day window),
 * stored as a mix of rules: 60 % ABSOLUTE, 25 % RELATIVE_DAYS (learner's zone), 15 % LOCAL
 * (course zone). Some assignments also have an open or close rule, a late policy, section and
 * learner DateOverride rows and approved ExtensionRequest rows; the due student has submitted
 * about a fifth of the work. The student's iCal feed token is BENCH_ICAL_TOKEN (only its hash
 * is stored, like the app does).
 */
import { createHash, randomUUID } from "node:crypto";
import type { Row } from "./bulk.ts";
import { BENCH_ICAL_TOKEN, type SizePreset } from "./sizes.ts";

const DAY = 86_400_000;
/** The due student's enrollments started this long before `now` (RELATIVE_DAYS rules count from there). */
const STARTED_DAYS_AGO = 20;
const PERCENT_LATE = JSON.stringify({ type: "PERCENT", percent: 10, per: "DAY", rounding: "NEAREST", floorPercent: 50 });
const NO_LATE = JSON.stringify({ type: "NONE" });

/** Same hash as app/lib/tokens.server.ts hashToken (sha256 hex). */
export const icalTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface DeadlineContext {
  size: SizePreset;
  now: Date;
  rand: () => number;
  /** The due student's User row (timeZone and icalTokenHash are set here). */
  dueUser: Row;
  /** Published course rows the student joins (id, timeZone, createdById are read). */
  courses: Row[];
  /** Filled in: two sections per course. */
  sections: Row[];
  /** Filled in: the courses' students are spread over the sections, the due student is enrolled. */
  enrollments: Row[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function buildDeadlineRows(ctx: DeadlineContext): [table: string, rows: Row[]][] {
  const { size, now, rand, dueUser, courses, sections, enrollments } = ctx;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const nowMs = now.getTime();
  const started = new Date(nowMs - STARTED_DAYS_AGO * DAY);
  dueUser.timeZone = "Europe/Berlin";
  dueUser.icalTokenHash = icalTokenHash(BENCH_ICAL_TOKEN);

  const assignments: Row[] = [];
  const overrides: Row[] = [];
  const extensions: Row[] = [];
  const submissions: Row[] = [];
  const created = new Date(nowMs - 30 * DAY);
  const stamp = (extra: Row) => ({ ...extra, createdAt: created, updatedAt: created });

  for (const [c, course] of courses.entries()) {
    const courseId = String(course.id);
    const owner = String(course.createdById);
    const sectionIds = ["A", "B"].map((s) => {
      const id = randomUUID();
      sections.push({ id, courseId, name: `Section ${s}`, createdAt: created, updatedAt: created });
      return id;
    });
    // Classmates alternate between the sections; the instructor stays without one.
    const classmates = enrollments.filter((e) => e.courseId === courseId && e.role === "STUDENT");
    classmates.forEach((e, i) => (e.sectionId = sectionIds[i % 2]));
    const dueEnrollment = randomUUID();
    const dueSection = sectionIds[c % 2];
    enrollments.push({
      id: dueEnrollment, courseId, userId: String(dueUser.id), sectionId: dueSection, role: "STUDENT", status: "ACTIVE",
      startedAt: started, createdAt: started, updatedAt: started,
    });

    for (let j = 0; j < size.deadlineAssignmentsPerCourse; j++) {
      const id = randomUUID();
      // 85 % due in the next 60 days, 10 % in the past week (late, closed or submitted), 5 % beyond the window.
      const bucket = rand();
      const dayOffset = bucket < 0.85 ? int(0, 59) : bucket < 0.95 ? -int(1, 7) : int(61, 75);
      const dueDay = nowMs + dayOffset * DAY;
      const kind = rand();
      let dueRule: string;
      let dueMs: number;
      if (kind < 0.6) {
        dueMs = Math.floor(dueDay / 3_600_000) * 3_600_000 + int(0, 3) * 15 * 60_000;
        dueRule = JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs) });
      } else if (kind < 0.85) {
        const days = STARTED_DAYS_AGO + dayOffset;
        dueMs = started.getTime() + days * DAY;
        dueRule = JSON.stringify({ type: "RELATIVE_DAYS", days, time: "23:59", zone: "LEARNER" });
      } else {
        dueMs = dueDay;
        dueRule = JSON.stringify({ type: "LOCAL", date: ymd(dueDay), time: "23:59", zone: "COURSE" });
      }
      const openRule = rand() < 0.3 ? JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs - 10 * DAY) }) : null;
      const closeRule = rand() < 0.4 ? JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs + 3 * DAY) }) : null;
      assignments.push(stamp({
        id, courseId, title: `Deadline drill ${c + 1}.${String(j + 1).padStart(2, "0")}`,
        instructions: "Hand in your worked solutions.", points: [10, 20, 50, 100][j % 4], published: true, position: j,
        openRule, dueRule, closeRule, latePolicy: rand() < 0.3 ? PERCENT_LATE : NO_LATE, maxAttempts: j % 5 === 0 ? null : 1,
      }));

      // Section overrides on every 10th assignment, learner overrides for the due student and a classmate.
      if (j % 10 === 3) {
        overrides.push(stamp({
          id: randomUUID(), assignmentId: id, scope: "SECTION", sectionId: sectionIds[j % 2], enrollmentId: null,
          openRule: null, dueRule: JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs + 2 * DAY) }), closeRule: null,
        }));
      }
      if (j % 25 === 7) {
        overrides.push(stamp({
          id: randomUUID(), assignmentId: id, scope: "LEARNER", sectionId: null, enrollmentId: dueEnrollment,
          openRule: null, dueRule: JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs + DAY) }), closeRule: "null",
        }));
      }
      const mate = classmates.length ? classmates[j % classmates.length] : undefined;
      if (mate && j % 5 === 1) {
        overrides.push(stamp({
          id: randomUUID(), assignmentId: id, scope: "LEARNER", sectionId: null, enrollmentId: String(mate.id),
          openRule: null, dueRule: JSON.stringify({ type: "ABSOLUTE", at: iso(dueMs + 4 * DAY) }), closeRule: null,
        }));
      }

      // Approved extensions: a few for the due student, more for classmates; one pending request.
      const extension = (enrollmentId: string, status: string, minutes: number) =>
        extensions.push(stamp({
          id: randomUUID(), assignmentId: id, enrollmentId, source: status === "APPROVED" ? "INSTRUCTOR" : "REQUEST", status,
          reason: "Illness", requestedMinutes: minutes, grantedMinutes: status === "APPROVED" ? minutes : 0,
          decidedById: status === "APPROVED" ? owner : null, decidedAt: status === "APPROVED" ? created : null, decisionNote: null,
        }));
      if (j % 17 === 5) extension(dueEnrollment, "APPROVED", 2 * 1440);
      if (j === 40) extension(dueEnrollment, "PENDING", 1440);
      if (mate && j % 4 === 2) extension(String(mate.id), "APPROVED", 1440);

      // Submissions: the due student hands in most past work and a few early; classmates likewise.
      const submit = (enrollmentId: string) => {
        const at = new Date(Math.min(nowMs - 3_600_000, dueMs - int(1, 48) * 3_600_000));
        submissions.push(stamp({ id: randomUUID(), assignmentId: id, enrollmentId, attempt: 1, body: "My answer.", submittedAt: at, minutesLate: 0, penaltyPercent: 0 }));
      };
      if (dueMs < nowMs ? rand() < 0.7 : rand() < 0.15) submit(dueEnrollment);
      for (const m of classmates) if (dueMs < nowMs ? rand() < 0.8 : rand() < 0.1) submit(String(m.id));
    }
  }
  return [
    ["Assignment", assignments],
    ["DateOverride", overrides],
    ["ExtensionRequest", extensions],
    ["Submission", submissions],
  ];
}
