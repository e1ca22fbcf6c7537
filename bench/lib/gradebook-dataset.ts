/**
 * Gradebook rows for the big course, for the CSV export and submission-burst benchmarks:
 * 4 weighted categories, GRADEBOOK_ASSIGNMENTS published assignments (80 % due in the past,
 * some with a close date and a missing-score rule) and a grade for 90 % of the cells (1 % of
 * them excused), all posted. Grades come in chunks of students so 1,000,000 cells never sit in
 * memory at once. Deterministic ids (bench-gb-…) so a script can find or replace them.
 */
import type { Row } from "./bulk.ts";

export const GRADEBOOK_ASSIGNMENTS = 100;
export const GRADEBOOK_MARKER_ID = "bench-gb-a-000";
export const BURST_ASSIGNMENT_ID = "bench-burst";
const DAY = 86_400_000;
const POINTS = [10, 20, 50, 100];

export const gradebookAssignmentId = (i: number) => `bench-gb-a-${String(i).padStart(3, "0")}`;

/** Categories and assignments (insert before the grades). */
export function buildGradebookSetup(courseId: string, now = new Date()): [table: string, rows: Row[]][] {
  const created = new Date(now.getTime() - 90 * DAY);
  const stamp = (row: Row): Row => ({ ...row, createdAt: created, updatedAt: created });
  const categories = [
    ["Homework", 40, 1],
    ["Quizzes", 30, 0],
    ["Projects", 20, 0],
    ["Participation", 10, 0],
  ].map(([name, weight, dropLowest], i) => stamp({ id: `bench-gb-cat-${i}`, courseId, name, weight, dropLowest, position: i, userId: null }));
  const assignments = Array.from({ length: GRADEBOOK_ASSIGNMENTS }, (_, i) => {
    const dueMs = now.getTime() + (i < GRADEBOOK_ASSIGNMENTS * 0.8 ? -(GRADEBOOK_ASSIGNMENTS - i) : i) * DAY;
    return stamp({
      id: gradebookAssignmentId(i),
      courseId,
      title: `Gradebook item ${String(i + 1).padStart(3, "0")}`,
      instructions: "Hand in your work.",
      points: POINTS[i % POINTS.length],
      published: true,
      position: 1_000 + i,
      openRule: null,
      dueRule: JSON.stringify({ type: "ABSOLUTE", at: new Date(dueMs).toISOString() }),
      closeRule: i % 5 === 0 ? JSON.stringify({ type: "ABSOLUTE", at: new Date(dueMs + 3 * DAY).toISOString() }) : null,
      latePolicy: '{"type":"NONE"}',
      missingScorePercent: i % 5 === 0 ? 0 : null,
      maxAttempts: 1,
      categoryId: `bench-gb-cat-${i % 4}`,
      submissionTypes: "TEXT",
      allowedFileTypes: "",
      maxFileMb: 25,
      anonymousGrading: false,
      postPolicy: "AUTOMATIC",
      rubricId: null,
      regradeWindowDays: null,
    });
  });
  return [
    ["GradeCategory", categories],
    ["Assignment", assignments],
  ];
}

/** Grade rows, `perChunk` students at a time: 90 % of the cells graded, 1 % of those excused. */
export function* gradeChunks(enrollmentIds: string[], graderId: string, now = new Date(), perChunk = 500): Generator<Row[]> {
  const at = new Date(now.getTime() - 2 * DAY);
  for (let start = 0; start < enrollmentIds.length; start += perChunk) {
    const rows: Row[] = [];
    for (let e = start; e < Math.min(start + perChunk, enrollmentIds.length); e++) {
      for (let a = 0; a < GRADEBOOK_ASSIGNMENTS; a++) {
        const h = (e * 31 + a * 17) % 100;
        if (h < 10) continue;
        const points = POINTS[a % POINTS.length];
        const excused = h === 10;
        const raw = excused ? null : Math.round(((h * 7 + e) % 101) * points) / 100;
        rows.push({
          id: `bench-gb-g-${e}-${a}`,
          assignmentId: gradebookAssignmentId(a),
          enrollmentId: enrollmentIds[e],
          submissionId: null,
          rawScore: raw,
          latePenalty: 0,
          penaltyOverride: null,
          overrideReason: null,
          finalScore: raw,
          excused,
          missing: false,
          feedback: "",
          rubricScores: null,
          graderId,
          gradedAt: at,
          postedAt: at,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    yield rows;
  }
}

/** The burst's target: an open, published text assignment with unlimited attempts. */
export function burstAssignment(courseId: string, now = new Date()): Row {
  const created = new Date(now.getTime() - DAY);
  return {
    id: BURST_ASSIGNMENT_ID,
    courseId,
    title: "Deadline burst essay",
    instructions: "Hand in before the deadline.",
    points: 100,
    published: true,
    position: 5_000,
    openRule: null,
    dueRule: JSON.stringify({ type: "ABSOLUTE", at: new Date(now.getTime() + DAY).toISOString() }),
    closeRule: null,
    latePolicy: '{"type":"NONE"}',
    missingScorePercent: null,
    maxAttempts: null,
    categoryId: null,
    submissionTypes: "TEXT",
    allowedFileTypes: "",
    maxFileMb: 25,
    anonymousGrading: false,
    postPolicy: "AUTOMATIC",
    rubricId: null,
    regradeWindowDays: null,
    createdAt: created,
    updatedAt: created,
  };
}
