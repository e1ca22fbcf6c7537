/**
 * Emoji reactions: toggled per person, counted inside the page's one statement, refused on posts
 * the person can't see, deleted or hidden posts, locked discussions and for muted members, and
 * never telling who reacted.
 */
import { expect, test } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { action as threadAction } from "~/routes/courses.$slug.discussions.$discussionId";
import { createDiscussion, updateDiscussionSettings } from "~/services/discussions.server";
import { getThread } from "~/services/discussions-thread.server";
import { muteUser, setPostHidden } from "~/services/moderation.server";
import { createPost, deletePost } from "~/services/posts.server";
import { toggleReaction } from "~/services/reactions.server";
import type { Actor } from "~/services/users.server";
import { createCourseWithCast, createUser, enroll } from "../factories";
import { cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const now = new Date("2027-04-01T10:00:00Z");
const at = (min: number) => new Date(now.getTime() + min * 60_000);
const settings = (over: Record<string, boolean | string> = {}) => ({ postFirst: false, anonymous: false, locked: false, pinned: false, published: true, closeAt: "", ...over });

async function setup(over: Record<string, boolean | string> = {}) {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const d = await createDiscussion(cast.instructor, ref, { title: "Week 2: waves", body: "", type: "DISCUSSION", ...settings(over) }, now);
  const thread = (actor: Actor) => getThread(actor, ref, d.id, {}, at(60));
  const react = (actor: Actor, postId: string, kind: "THUMBS_UP" | "HEART" | "PARTY" | "INSIGHT" | "CONFUSED") => toggleReaction(actor, ref, d.id, { postId, kind }, at(30));
  return { ...cast, ref, d, thread, react };
}

function unwrap(result: unknown): { status: number; body: any } {
  const r = result as { init?: { status?: number }; data?: unknown };
  if (r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}

test("reactions toggle per person and show counts and the viewer's own", async () => {
  const { student, student2, ta, d, thread, react, ref } = await setup();
  const p = await createPost(student, ref, d.id, { body: "Waves carry energy" }, at(1));
  expect(await react(student2, p.id, "HEART")).toEqual({ reacted: true });
  await react(ta, p.id, "HEART");
  await react(ta, p.id, "INSIGHT");
  await react(student, p.id, "THUMBS_UP"); // reacting to your own post is fine

  const row = async (actor: Actor) => (await thread(actor)).rows[0].reactions;
  expect(await row(student2)).toEqual({ counts: { HEART: 2, INSIGHT: 1, THUMBS_UP: 1 }, mine: ["HEART"] });
  expect((await row(ta)).mine.sort()).toEqual(["HEART", "INSIGHT"]);

  expect(await react(student2, p.id, "HEART")).toEqual({ reacted: false });
  expect(await row(student2)).toEqual({ counts: { HEART: 1, INSIGHT: 1, THUMBS_UP: 1 }, mine: [] });
  // Reactions are separate from the upvote counter.
  expect((await thread(student2)).rows[0].upvotes).toBe(0);
});

test("a page of posts loads its reaction counts in the same statements, however many posts react", async () => {
  const { student, student2, ta, d, thread, react, ref } = await setup();
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await createPost(i % 2 ? student : student2, ref, d.id, { body: `Post ${i}` }, at(i))).id);
  const queries = async () => {
    await thread(ta);
    const q0 = queryCounter.count;
    await thread(ta);
    return queryCounter.count - q0;
  };
  await react(ta, ids[0], "PARTY");
  const few = await queries();
  for (const id of ids) {
    await react(student, id, "THUMBS_UP");
    await react(student2, id, "CONFUSED");
  }
  const many = await queries();
  expect(many).toBe(few);
  expect((await thread(ta)).rows.map((r) => r.reactions.counts.THUMBS_UP)).toEqual(Array(20).fill(1));
});

test("no reactions on posts you can't see, deleted or hidden posts, or in a locked discussion; muted members can't react", async () => {
  const { student, student2, ta, instructor, outsider, d, react, ref, thread } = await setup({ postFirst: true });
  const p = await createPost(student, ref, d.id, { body: "My answer first" }, at(1));
  // Post first: Sia has not posted, so Sam's post does not exist for her.
  await expect(react(student2, p.id, "HEART")).rejects.toMatchObject({ status: 404 });
  await expect(react(outsider, p.id, "HEART")).rejects.toMatchObject({ status: 404 });
  await createPost(student2, ref, d.id, { body: "Mine too" }, at(2));
  await react(student2, p.id, "HEART");

  const hidden = await createPost(student2, ref, d.id, { body: "Off topic" }, at(3));
  await setPostHidden(ta, ref, d.id, { postId: hidden.id, note: "" }, true, at(4));
  await expect(react(student, hidden.id, "HEART")).rejects.toMatchObject({ status: 409, message: "That post was deleted or hidden, so it can't take reactions." });
  await expect(react(ta, hidden.id, "HEART")).rejects.toMatchObject({ status: 409 });
  const gone = await createPost(student2, ref, d.id, { body: "Oops" }, at(5));
  await deletePost(student2, ref, d.id, { postId: gone.id }, at(6));
  await expect(react(student, gone.id, "HEART")).rejects.toMatchObject({ status: 409 });
  // Placeholders carry no reaction counts.
  expect((await thread(student)).rows.filter((r) => r.state !== "VISIBLE").map((r) => r.reactions)).toEqual([
    { counts: {}, mine: [] },
    { counts: {}, mine: [] },
  ]);

  await muteUser(instructor, ref, { userId: student2.id, reason: "spam" }, true);
  await expect(react(student2, p.id, "PARTY")).rejects.toMatchObject({ status: 403, message: "You have been muted in this course's discussions, so you can read but not react." });
  await muteUser(instructor, ref, { userId: student2.id, reason: "" }, false);

  await updateDiscussionSettings(instructor, ref, d.id, settings({ postFirst: true, locked: true }), now);
  await expect(react(student2, p.id, "PARTY")).rejects.toMatchObject({ status: 409, message: "This discussion is locked, so it can't take reactions." });
  await expect(react(ta, p.id, "PARTY")).rejects.toMatchObject({ status: 409 });
  expect((await thread(student)).rows[0].reactions.counts).toEqual({ HEART: 1 });

  // A closed discussion still takes reactions (it is closed to new posts only).
  await updateDiscussionSettings(instructor, ref, d.id, settings({ postFirst: true, closeAt: "2020-01-01T00:00" }), now);
  expect(await react(student2, p.id, "PARTY")).toEqual({ reacted: true });
});

test("anonymous discussions never reveal who reacted", async () => {
  const { student, student2, instructor, d, react, ref, thread } = await setup({ anonymous: true });
  const p = await createPost(student, ref, d.id, { body: "Anonymous thought" }, at(1));
  await react(student2, p.id, "INSIGHT");
  const third = await createUser({ displayName: "Quinn Quiet" });
  await enroll(third, (await getDb().discussion.findUniqueOrThrow({ where: { id: d.id } })).courseId);
  await react(third, p.id, "INSIGHT");
  for (const viewer of [student, instructor]) {
    const json = JSON.stringify(await thread(viewer));
    expect(json).not.toContain(student2.id);
    expect(json).not.toContain(third.id);
    expect(json).not.toContain("Sia Student");
    expect(json).not.toContain("Quinn Quiet");
  }
  expect((await thread(student)).rows[0].reactions).toEqual({ counts: { INSIGHT: 2 }, mine: [] });
});

test("the thread route: a form post toggles, an unknown kind is 400, another site's form is 403", async () => {
  const { student, student2, d, course, ref, thread } = await setup();
  const p = await createPost(student, ref, d.id, { body: "Interference" }, at(1));
  const cookie = await cookieFor(student2.id);
  const send = (fields: Record<string, string>, origin = BASE) =>
    threadAction({
      request: new Request(`${BASE}/courses/${course.slug}/discussions/${d.id}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "react", ...fields }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: origin },
      }),
      params: { slug: course.slug, discussionId: d.id },
      context: {},
    } as any).then(unwrap);

  expect(await send({ postId: p.id, kind: "PARTY" })).toMatchObject({ status: 200, body: { ok: true, intent: "react" } });
  expect((await thread(student2)).rows[0].reactions).toEqual({ counts: { PARTY: 1 }, mine: ["PARTY"] });
  const unknown = await send({ postId: p.id, kind: "UPVOTE" });
  expect(unknown).toMatchObject({ status: 400, body: { message: "Unknown reaction. Choose one of the reaction buttons under the post.", fieldErrors: { kind: ["Unknown reaction. Choose one of the reaction buttons under the post."] } } });
  expect((await send({ postId: p.id, kind: "<script>" })).status).toBe(400);
  expect((await send({ kind: "HEART" })).status).toBe(400);
  expect((await send({ postId: "nope", kind: "HEART" })).status).toBe(404);
  expect(await send({ postId: p.id, kind: "HEART" }, "https://evil.example")).toMatchObject({ status: 403 });
  expect((await thread(student2)).rows[0].reactions.counts).toEqual({ PARTY: 1 });
});
