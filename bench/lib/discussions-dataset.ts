/**
 * Discussion rows for the benchmark's big course: DISCUSSIONS topics × POSTS_PER_TOPIC posts (a
 * third of them replies), plus one thread of LONG_THREAD_POSTS top-level posts, plus one small topic
 * the reply scenario writes into (so the read scenarios never see its inserts). Deterministic ids
 * (bench-d-0000…, BENCH_LONG_THREAD_ID, BENCH_REPLY_TOPIC_ID) so scenarios can name their URLs.
 */
import type { Row } from "./bulk.ts";

export const DISCUSSIONS = 500;
export const POSTS_PER_TOPIC = 10;
export const LONG_THREAD_POSTS = 10_000;
export const BENCH_LONG_THREAD_ID = "bench-thread-10k";
export const BENCH_REPLY_TOPIC_ID = "bench-reply-target";
/** The post the reply scenario answers. */
export const BENCH_REPLY_PARENT_ID = `${BENCH_REPLY_TOPIC_ID}-p0`;

export function buildDiscussionRows(courseId: string, authorIds: string[], now = new Date()): [table: string, rows: Row[]][] {
  const start = now.getTime() - 60 * 86_400_000;
  const discussions: Row[] = [];
  const posts: Row[] = [];
  const author = (i: number) => authorIds[i % authorIds.length];
  const topic = (id: string, i: number, title: string, count: number, lastPostAt: Date, over: Partial<Row> = {}) =>
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
      ...over,
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
  // The measured threads are ordinary discussions: everyone sees every post (no post-first).
  const plain = { type: "DISCUSSION", postFirst: false, anonymous: false };
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
  topic(BENCH_LONG_THREAD_ID, DISCUSSIONS, "The long thread", LONG_THREAD_POSTS, new Date(start + LONG_THREAD_POSTS * 1_000), plain);
  // An ordinary topic (not pinned, not post-first, not anonymous) for the reply scenario.
  for (let p = 0; p < POSTS_PER_TOPIC; p++) post(BENCH_REPLY_TOPIC_ID, `${BENCH_REPLY_TOPIC_ID}-p${p}`, null, 0, p, start + p * 60_000);
  topic(BENCH_REPLY_TOPIC_ID, DISCUSSIONS + 1, "Replies go here", POSTS_PER_TOPIC, new Date(start + POSTS_PER_TOPIC * 60_000), plain);
  // Emoji reactions on the long thread (the page's grouped count query has rows to count).
  const reactions: Row[] = [];
  for (let p = 0; p < LONG_THREAD_POSTS; p += 3) {
    const postId = `${BENCH_LONG_THREAD_ID}-p${p}`;
    const at = new Date(start + p * 1_000 + 30_000);
    reactions.push({ id: `${postId}-r1`, postId, userId: author(p + 2), kind: "THUMBS_UP", createdAt: at, updatedAt: at });
    if (p % 2 === 0) reactions.push({ id: `${postId}-r2`, postId, userId: author(p + 3), kind: "HEART", createdAt: at, updatedAt: at });
  }
  return [
    ["Discussion", discussions],
    ["Post", posts],
    ["PostReaction", reactions],
  ];
}
