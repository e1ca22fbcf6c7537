/**
 * The database the CSV-export and submission-burst benchmarks share: the size's ordinary bench
 * data (bench/generate.ts) in its own file, so the 1,000,000 grade cells do not slow down the
 * main benchmark's pages, plus the gradebook rows of bench/lib/gradebook-dataset.ts.
 * Also: small read helpers, and a process-tree memory sampler (Linux /proc).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { select } from "./select.ts";
import { sqlitePath } from "../../scripts/db/sqlite.ts";
import { generate } from "../generate.ts";
import { openWriter } from "./bulk.ts";
import { buildGradebookSetup, GRADEBOOK_MARKER_ID, gradeChunks } from "./gradebook-dataset.ts";
import { BENCH_ACCOUNTS, BIG_COURSE_SLUG, type SizePreset } from "./sizes.ts";

export const gradebookDbUrl = (size: SizePreset["name"]) => `file:./bench/.data/gradebook-${size}.db`;


export type BigCourse = { courseId: string; instructorId: string; enrollmentIds: string[] };

export async function bigCourse(url: string): Promise<BigCourse> {
  const [course] = await select<{ id: string }>(url, `SELECT "id" FROM "Course" WHERE "slug" = $1`, [BIG_COURSE_SLUG]);
  const [instructor] = await select<{ id: string }>(url, `SELECT "id" FROM "User" WHERE "email" = $1`, [BENCH_ACCOUNTS.bigInstructor]);
  const students = await select<{ id: string }>(url, `SELECT "id" FROM "Enrollment" WHERE "courseId" = $1 AND "role" = 'STUDENT' AND "status" = 'ACTIVE' ORDER BY "id"`, [course.id]);
  return { courseId: course.id, instructorId: instructor.id, enrollmentIds: students.map((s) => s.id) };
}

/** Generates the size's data (if the SQLite file is missing) and adds the gradebook rows once. */
export async function prepareGradebookDb(size: SizePreset, url: string, log = console.log): Promise<BigCourse> {
  if (!url.startsWith("file:") || !existsSync(sqlitePath(url))) await generate(size, url, log);
  const course = await bigCourse(url);
  const marker = await select(url, `SELECT "id" FROM "Assignment" WHERE "id" = $1`, [GRADEBOOK_MARKER_ID]);
  if (marker.length) return course;
  const started = performance.now();
  const writer = await openWriter(url);
  let grades = 0;
  try {
    for (const [table, rows] of buildGradebookSetup(course.courseId)) await writer.insert(table, rows);
    for (const chunk of gradeChunks(course.enrollmentIds, course.instructorId)) {
      await writer.insert("Grade", chunk);
      grades += chunk.length;
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  log(`gradebook rows: ${grades.toLocaleString("en")} grades for ${course.enrollmentIds.length.toLocaleString("en")} students in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return course;
}

/** Resident memory (kB) of `root` and every process below it, from /proc/<pid>/status. */
function treeRssKb(root: number): { total: number; largest: number } {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  let total = 0;
  let largest = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      total += kb;
      largest = Math.max(largest, kb);
    } catch {
      // ended meanwhile
    }
    for (const [child, ppid] of parents) if (ppid === pid) queue.push(child);
  }
  return { total, largest };
}

/** The tree's resident memory now, in MB. */
export function treeRssMb(root: number) {
  const { total, largest } = treeRssKb(root);
  return { total: total / 1024, largest: largest / 1024 };
}

/** Samples the tree's RSS every `everyMs` until stopped; returns peaks in MB. */
export function sampleMemory(root: number, everyMs = 50) {
  let peakTotal = 0;
  let peakLargest = 0;
  let samples = 0;
  const take = () => {
    const { total, largest } = treeRssKb(root);
    peakTotal = Math.max(peakTotal, total);
    peakLargest = Math.max(peakLargest, largest);
    samples++;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakTreeMb: peakTotal / 1024, peakLargestProcessMb: peakLargest / 1024, samples };
    },
  };
}

export const nearestRank = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] ?? 0;
