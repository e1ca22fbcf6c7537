/**
 * Module rows for the benchmark's big course: MODULES modules (a mix of release rules: always,
 * absolute instants in the past and future, drip N days after the learner's start; prerequisites
 * and sequential mode on some), 2–3 items each (lessons with realistic Markdown, a video or a file
 * every few items, with their StoredFile/VideoAsset rows), and progress rows: the measured student
 * has finished the first MEASURED_DONE_MODULES modules, everybody else a varying share of the
 * first ~60 items. Deterministic ids (bench-m-…, bench-i-…) so the scenarios can name URLs.
 */
import type { Row } from "./bulk.ts";

export const MODULES = 500;
/** The measured student has completed every item of the modules before this one. */
export const MEASURED_DONE_MODULES = 150;
/** The lesson the measured student continues with, and a published video of a released, unlocked module. */
export const BENCH_LESSON_ID = moduleItemId(MEASURED_DONE_MODULES, 0);
export const BENCH_VIDEO_ID = moduleItemId(MEASURED_DONE_MODULES + 3, 1);
/** The measured lesson's heading, checked before measuring. */
export const BENCH_LESSON_TITLE = `Lesson ${MEASURED_DONE_MODULES}.1`;

const DAY = 86_400_000;

export function moduleId(m: number) {
  return `bench-m-${String(m).padStart(4, "0")}`;
}
export function moduleItemId(m: number, i: number) {
  return `bench-i-${String(m).padStart(4, "0")}-${i}`;
}

function lessonBody(m: number, i: number) {
  return `## Why this matters

Module ${m + 1} builds on what you did before. Read this page, try the example, then move on.
Most students need **about ${10 + ((m * 7 + i) % 20)} minutes** for it.

### Key ideas

1. A *sample* describes the people you measured; a *population* is who you want to talk about.
2. Every estimate comes with uncertainty: report it.
3. Write down your plan **before** you look at the data.

\`\`\`python
import statistics

scores = [${[3, 5, 8, 13, 21].map((n) => n + m).join(", ")}]
print(statistics.mean(scores), statistics.stdev(scores))
\`\`\`

> Tip: run the example with your own numbers and compare the two results.

| Measure | Use it when |
| --- | --- |
| Mean | the data is roughly symmetric |
| Median | there are outliers |

See the [reading for this module](https://example.org/readings/${m + 1}) and the figure below.

![A histogram of the example scores](https://example.org/figures/${m + 1}-${i + 1}.png)

- Check your understanding with the questions at the end of the module.
- Stuck? Post in the forum and mention the lesson title.
`;
}

/**
 * Release rule of module m (JSON as app/services/date-rules.ts encodes it): modules below 200
 * are always released; 200–349 drip (0–74 days, so about half released) after the learner's start, at 09:00 their time;
 * 350–449 absolute instants (the first 50 in the past, the rest in the future); 450+ always.
 */
function releaseRule(m: number, now: Date): string | null {
  if (m >= 200 && m < 350) return JSON.stringify({ type: "RELATIVE_DAYS", days: Math.floor((m - 200) / 2), time: "09:00", zone: "LEARNER" });
  if (m >= 350 && m < 450) return JSON.stringify({ type: "ABSOLUTE", at: new Date(now.getTime() + (m - 400) * DAY).toISOString() });
  return null;
}

export function buildModuleRows(
  courseId: string,
  ownerId: string,
  /** Active student enrollments of the big course; the first one is the measured student. */
  enrollmentIds: string[],
  now = new Date(),
): [table: string, rows: Row[]][] {
  const created = new Date(now.getTime() - 40 * DAY);
  const stamp = { createdAt: created, updatedAt: created };
  const modules: Row[] = [];
  const prerequisites: Row[] = [];
  const items: Row[] = [];
  const files: Row[] = [];
  const videos: Row[] = [];
  const order: { id: string; video: boolean }[] = []; // published items in course order
  let doneBefore = 0; // published items before module MEASURED_DONE_MODULES
  for (let m = 0; m < MODULES; m++) {
    const published = m % 50 !== 49; // a few drafts
    modules.push({ id: moduleId(m), courseId, title: `Module ${m + 1}`, position: m, published, sequential: m % 5 === 2, releaseRule: releaseRule(m, now), ...stamp });
    if (m > 0 && m % 10 === 0) {
      prerequisites.push({ id: `bench-mp-${m}`, moduleId: moduleId(m), requiresModuleId: moduleId(m - 1), ...stamp });
    }
    const count = 2 + (m % 2);
    for (let i = 0; i < count; i++) {
      const id = moduleItemId(m, i);
      const video = i === 1 && m % 3 === 0;
      const file = !video && i === 2 && m % 4 === 1;
      let fileId: string | null = null;
      let videoAssetId: string | null = null;
      if (video || file) {
        fileId = `bench-f-${m}-${i}`;
        files.push({
          id: fileId,
          courseId,
          ownerId,
          key: `${courseId}/${fileId}-${video ? "lecture.mp4" : "worksheet.pdf"}`,
          filename: video ? "lecture.mp4" : "worksheet.pdf",
          contentType: video ? "video/mp4" : "application/pdf",
          size: video ? 48_000_000 : 350_000,
          ...stamp,
        });
      }
      if (video) {
        videoAssetId = `bench-v-${m}`;
        videos.push({ id: videoAssetId, courseId, provider: "local", status: "READY", fileId, captionsFileId: null, playbackPolicy: "public", durationSeconds: 600, ...stamp });
      }
      const itemPublished = published && !(m % 7 === 3 && i === count - 1);
      items.push({
        id,
        moduleId: moduleId(m),
        courseId,
        position: i,
        kind: video ? "VIDEO" : file ? "FILE" : "LESSON",
        title: `${video ? "Video" : file ? "Worksheet" : "Lesson"} ${m}.${i + 1}`,
        published: itemPublished,
        completionRule: video ? "WATCH" : i === count - 1 && m % 2 === 0 ? "MARK_DONE" : "VIEW",
        completionThreshold: video ? 80 : null,
        body: video || file ? "" : lessonBody(m, i),
        assignmentId: null,
        videoAssetId: video ? videoAssetId : null,
        fileId: file ? fileId : null,
        ...stamp,
      });
      if (itemPublished) order.push({ id, video });
      if (m < MEASURED_DONE_MODULES && itemPublished) doneBefore++;
    }
  }

  // Progress: the measured student finished the first MEASURED_DONE_MODULES modules; the others
  // worked through between 0 and ~60 items (about 300,000 rows at 10,000 students).
  const progress: Row[] = [];
  const row = (enrollmentId: string, s: number, k: number, at: Date) =>
    progress.push({
      id: `bench-p-${s}-${k}`,
      enrollmentId,
      itemId: order[k].id,
      viewedAt: at,
      completedAt: at,
      positionSeconds: order[k].video ? 600 : 0,
      watchedRanges: order[k].video ? "0-600" : "",
      watchedPercent: order[k].video ? 100 : 0,
      createdAt: at,
      updatedAt: at,
    });
  enrollmentIds.forEach((enrollmentId, s) => {
    const n = s === 0 ? doneBefore : (s * 37) % 61;
    for (let k = 0; k < n; k++) row(enrollmentId, s, k, new Date(created.getTime() + k * 3_600_000 + s * 1000));
  });
  return [
    ["StoredFile", files],
    ["VideoAsset", videos],
    ["Module", modules],
    ["ModulePrerequisite", prerequisites],
    ["ModuleItem", items],
    ["ItemProgress", progress],
  ];
}
