/**
 * Data-size presets for the load benchmark, modelled on Moodle's course sizes
 * (S = 100, M = 1,000, L = 10,000 students in one course). Later issues extend
 * a preset with their own content (modules, assignments, discussions): add a
 * field here and fill it in bench/lib/dataset.ts.
 */
export type SizeName = "S" | "M" | "L";

export interface SizePreset {
  name: SizeName;
  /** Students enrolled in the one big course (slug BIG_COURSE_SLUG). */
  bigCourseStudents: number;
  bigCourseTas: number;
  bigCourseInstructors: number;
  bigCourseSections: number;
  /** Users who are in the pool but not in the big course (small courses draw from everyone). */
  extraUsers: number;
  /** Small courses, each with one instructor and between min and max students from the pool. */
  smallCourses: number;
  smallCourseStudents: { min: number; max: number };
  /** Share of small courses left as drafts (the rest are published). */
  draftShare: number;
  /** Courses the busy student (BENCH_ACCOUNTS.busy) is enrolled in: the dashboard load. */
  busyStudentCourses: number;
  /** Published courses the due student (BENCH_ACCOUNTS.due) is in: the "What's due" and iCal load. */
  deadlineCourses: number;
  /** Published assignments (with date rules) in each of those courses. */
  deadlineAssignmentsPerCourse: number;
}

const base = {
  bigCourseTas: 5,
  bigCourseInstructors: 2,
  bigCourseSections: 10,
  smallCourseStudents: { min: 20, max: 50 },
  draftShare: 0.1,
  busyStudentCourses: 20,
  deadlineCourses: 10,
  deadlineAssignmentsPerCourse: 50,
} satisfies Partial<SizePreset>;

export const SIZES: Record<SizeName, SizePreset> = {
  S: { ...base, name: "S", bigCourseStudents: 100, extraUsers: 400, smallCourses: 40 },
  M: { ...base, name: "M", bigCourseStudents: 1_000, extraUsers: 1_000, smallCourses: 100 },
  L: { ...base, name: "L", bigCourseStudents: 10_000, extraUsers: 2_000, smallCourses: 200 },
};

export function sizeOf(name: string): SizePreset {
  const preset = SIZES[name.toUpperCase() as SizeName];
  if (!preset) throw new Error(`Unknown size ${JSON.stringify(name)}: use ${Object.keys(SIZES).join(", ")}.`);
  return preset;
}

/** Every generated account has this password (hashed once, shared by all rows). */
export const BENCH_PASSWORD = "bench-password";
export const BIG_COURSE_SLUG = "big-course";

/** Well-known accounts the scenarios log in as. */
export const BENCH_ACCOUNTS = {
  busy: "busy@bench.local",
  bigStudent: "student-1@bench.local",
  bigTa: "ta-1@bench.local",
  bigInstructor: "instructor-1@bench.local",
  due: "due@bench.local",
} as const;
export type BenchAccount = keyof typeof BENCH_ACCOUNTS;

/** The due student's iCal feed secret: the scenario requests `/calendar/${BENCH_ICAL_TOKEN}.ics`. */
export const BENCH_ICAL_TOKEN = "bench-ical-token-due-student-0123456789";

export const defaultDbUrl = (size: SizeName) => `file:./bench/.data/bench-${size}.db`;
