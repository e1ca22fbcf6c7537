/**
 * Discussion rows for the benchmark's big course: DISCUSSIONS topics × POSTS_PER_TOPIC posts (a
 * third of them replies), plus one thread of LONG_THREAD_POSTS top-level posts. Deterministic ids
 * (bench-d-0000…, BENCH_LONG_THREAD_ID) so scenarios can name their URLs.
 */
import type { Row } from "./bulk.ts";

export const DISCUSSIONS = 500;
export const POSTS_PER_TOPIC = 10;
export const LONG_THREAD_POSTS = 10_000;
export const BENCH_LONG_THREAD_ID = "bench-thread-10k";

export function buildDiscussionRows(courseId: string, authorIds: string[], now = new Date()): [table: string, rows: Row[]][] {
  const start = now.getTime() - 60 * 86_400_000;
  const discussions: Row[] = [];
  const posts: Row[] = [];
  const author = (i: number) => authorIds[i % authorIds.length];
  const topic = (id: string, i: number, title: string, count: number, lastPostAt: Date) =>
    discussions.push({
      id,
      courseId,
      itemId: null,
      authorId: author(i),
      title,
      body: `Prompt for ${title}: what did you notice?`,
      type: i % 3 === 0 ? "QA" : "DISCUSSION",
      postFirst: i % 4 === 0,
      anonymous: i % 5 === 0,
      locked: false,
      pinned: i < 3,
      published: true,
      closeRule: null,
      replyByRule: null,
      assignmentId: null,
      postCount: count,
      lastPostAt,
      createdAt: new Date(start + i * 60_000),
      updatedAt: lastPostAt,
      userId: null,
    });
  const post = (discussionId: string, id: string, parentId: string | null, depth: number, i: number, at: number) =>
    posts.push({
      id,
      discussionId,
      parentId,
      authorId: author(i + 1),
      body: `Post ${i} in ${discussionId}: refraction, dispersion and **lenses** (${"text ".repeat(20)})`,
      depth,
      anonymous: false,
      endorsedAt: null,
      endorsedById: null,
      accepted: false,
      hiddenAt: null,
      hiddenById: null,
      hiddenNote: null,
      deletedAt: null,
      editedAt: null,
      upvotes: i % 7,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
  for (let d = 0; d < DISCUSSIONS; d++) {
    const id = `bench-d-${String(d).padStart(4, "0")}`;
    const base = start + d * 3_600_000;
    for (let p = 0; p < POSTS_PER_TOPIC; p++) {
      const reply = p % 3 === 2;
      post(id, `${id}-p${p}`, reply ? `${id}-p${p - 1}` : null, reply ? 1 : 0, d * POSTS_PER_TOPIC + p, base + p * 60_000);
    }
    topic(id, d, `Topic ${d}`, POSTS_PER_TOPIC, new Date(base + POSTS_PER_TOPIC * 60_000));
  }
  for (let p = 0; p < LONG_THREAD_POSTS; p++) post(BENCH_LONG_THREAD_ID, `${BENCH_LONG_THREAD_ID}-p${p}`, null, 0, p, start + p * 1_000);
  topic(BENCH_LONG_THREAD_ID, DISCUSSIONS, "The long thread", LONG_THREAD_POSTS, new Date(start + LONG_THREAD_POSTS * 1_000));
  return [
    ["Discussion", discussions],
    ["Post", posts],
  ];
}
