/**
 * Discussions through the services and routes: visibility (post first, anonymity, hidden,
 * deleted, unpublished), write rules (locked/closed 409, oversize 413, muted 403), search, keyset
 * pages and digests. Every read path is checked against the same visibility rules.
 */
import { expect, test } from "vitest";
import { registerAllJobHandlers } from "~/integrations/jobs/worker.server";
import { runDueJobs } from "~/integrations/jobs/queue.server";
import { getDb, queryCounter } from "~/lib/db.server";
import { action as threadAction, loader as threadLoader } from "~/routes/courses.$slug.discussions.$discussionId";
import { action as previewAction } from "~/routes/api.posts.preview";
import { highlight, searchDiscussions } from "~/services/discussion-search.server";
import { createDiscussion, listDiscussions, updateDiscussionSettings } from "~/services/discussions.server";
import { getThread } from "~/services/discussions-thread.server";
import { scanDigests, sendDigest, setDigestFrequency } from "~/services/digests.server";
import { listOpenReports, muteUser, reportPost, setPostHidden } from "~/services/moderation.server";
import { createPost, deletePost, editPost, saveDraft, setFollowing, toggleAccept, toggleEndorse, toggleUpvote } from "~/services/posts.server";
import { toggleReaction } from "~/services/reactions.server";
import type { Actor } from "~/services/users.server";
import { createCourseWithCast, createUser, enroll } from "../factories";
import { cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const now = new Date("2027-04-01T10:00:00Z");
const at = (min: number) => new Date(now.getTime() + min * 60_000);
const settings = (over: Record<string, boolean | string> = {}) => ({ postFirst: false, anonymous: false, locked: false, pinned: false, published: true, closeAt: "", ...over });

function post(path: string, fields: Record<string, string>, cookie: string) {
  return new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie } });
}
function unwrap(result: unknown): { status: number; body: any } {
  if (result instanceof Response) return { status: result.status, body: null };
  const r = result as { init?: { status?: number }; data?: unknown };
  if (r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}

async function setup(over: Record<string, boolean | string> = {}, type: "DISCUSSION" | "QA" = "DISCUSSION") {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const d = await createDiscussion(cast.instructor, ref, { title: "Week 1: optics", body: "What surprised you?", type, ...settings(over) }, now);
  const thread = (actor: Actor, query = {}, when = at(60)) => getThread(actor, ref, d.id, query, when);
  return { ...cast, ref, d, thread };
}

test("post first: a student sees classmates' posts only after posting; staff always", async () => {
  const { student, student2, ta, ref, d, thread } = await setup({ postFirst: true });
  await createPost(student, ref, d.id, { body: "Refraction, said Sam." }, at(1));
  const before = await thread(student2);
  expect(before.rows).toEqual([]);
  expect(before.access.canSeeOthers).toBe(false);
  expect((await thread(ta)).rows.map((r) => r.body)).toEqual(["Refraction, said Sam."]);
  // Search, the index and the digest hold the same line.
  expect(await searchDiscussions(student2, ref, { q: "refraction" }, at(2))).toEqual([]);
  expect((await listDiscussions(student2, ref, {}, at(2))).topics[0].unread).toBeNull();

  await createPost(student2, ref, d.id, { body: "Dispersion." }, at(3));
  expect((await thread(student2)).rows.map((r) => r.body)).toEqual(["Refraction, said Sam.", "Dispersion."]);
  expect((await searchDiscussions(student2, ref, { q: "refraction" }, at(4))).map((h) => h.snippetHtml)).toEqual(["<mark>Refraction</mark>, said Sam."]);
});

test("anonymous to peers: classmates see a label, staff the name, the author 'You'", async () => {
  const { student, student2, instructor, ref, d, thread } = await setup({ anonymous: true });
  const p = await createPost(student, ref, d.id, { body: "I'm not sure about lenses." }, at(1));
  await createPost(instructor, ref, d.id, { body: "Good question.", parentId: p.id }, at(2));
  const peer = await thread(student2);
  expect(peer.rows.map((r) => r.author)).toEqual([
    { label: "Anonymous student", userId: null, isYou: false, anonymous: true },
    { label: "Ines Instructor", userId: instructor.id, isYou: false, anonymous: false },
  ]);
  expect(JSON.stringify(peer)).not.toContain(student.id);
  expect(JSON.stringify(peer)).not.toContain("Sam Student");
  expect((await thread(instructor)).rows[0].author).toMatchObject({ label: "Sam Student", anonymous: true });
  expect((await thread(student)).rows[0].author).toMatchObject({ label: "You" });
  const hits = await searchDiscussions(student2, ref, { q: "lenses" }, at(3));
  expect(hits.map((h) => h.author)).toEqual(["Anonymous student"]);
});

test("hidden and deleted posts keep the thread's shape without their body", async () => {
  const { student, student2, ta, ref, d, thread } = await setup();
  const a = await createPost(student, ref, d.id, { body: "Rude remark about Sia" }, at(1));
  await createPost(student2, ref, d.id, { body: "Reply under it", parentId: a.id }, at(2));
  const b = await createPost(student2, ref, d.id, { body: "Oops wrong thread" }, at(3));
  await reportPost(student2, ref, d.id, { postId: a.id, reason: "Personal attack" }, at(4));
  expect((await listOpenReports(ta, ref)).reports.map((r) => r.reason)).toEqual(["Personal attack"]);
  await setPostHidden(ta, ref, d.id, { postId: a.id, note: "Be kind" }, true, at(5));
  expect((await listOpenReports(ta, ref)).reports).toEqual([]);
  await deletePost(student2, ref, d.id, { postId: b.id }, at(6));

  const peer = await thread(student2);
  expect(peer.rows.map((r) => [r.state, r.body, r.author?.label ?? null, r.indent])).toEqual([
    ["HIDDEN", null, null, 0],
    ["VISIBLE", "Reply under it", "You", 1],
    ["DELETED", null, null, 0],
  ]);
  expect(JSON.stringify(peer)).not.toContain("Rude remark");
  expect(JSON.stringify(peer)).not.toContain("Oops wrong thread");
  expect((await thread(student)).rows[0]).toMatchObject({ state: "HIDDEN", body: "Rude remark about Sia", hiddenNotice: true, hiddenNote: null });
  expect((await thread(ta)).rows[0]).toMatchObject({ body: "Rude remark about Sia", hiddenNote: "Be kind" });
  expect(await searchDiscussions(student2, ref, { q: "rude" }, at(7))).toEqual([]);
  expect((await searchDiscussions(ta, ref, { q: "rude" }, at(7))).length).toBe(1);
  // Replies to hidden or deleted posts are refused with a reason.
  await expect(createPost(student, ref, d.id, { body: "x", parentId: b.id }, at(8))).rejects.toMatchObject({ status: 409, message: "That post was deleted, so it can't get new replies." });
});

test("locked and closed threads answer 409, oversize 413 with the limit, empty 400, muted 403", async () => {
  const { student, student2, instructor, course, ref, d } = await setup();
  const cookie = await cookieFor(student.id);
  const path = `/courses/${course.slug}/discussions/${d.id}`;
  const reply = (fields: Record<string, string>, c = cookie) => threadAction({ request: post(path, { intent: "reply", ...fields }, c), params: { slug: course.slug, discussionId: d.id }, context: {} } as any).then(unwrap);

  const big = await reply({ body: "x".repeat(20_001) });
  expect(big).toMatchObject({ status: 413, body: { message: "Posts can be at most 20,000 characters; this one has 20,001." } });
  expect((await reply({ body: "   " })).status).toBe(400);
  expect((await reply({ body: "x".repeat(20_000) })).status).toBe(200);

  await updateDiscussionSettings(instructor, ref, d.id, settings({ locked: true }), now);
  expect(await reply({ body: "Still here?" })).toMatchObject({ status: 409, body: { message: "This discussion is locked, so it is read-only. Staff can unlock it." } });
  await updateDiscussionSettings(instructor, ref, d.id, settings({ closeAt: "2020-01-01T00:00" }), now);
  expect(await reply({ body: "Late" })).toMatchObject({ status: 409, body: { message: "This discussion is closed to new posts." } });
  await updateDiscussionSettings(instructor, ref, d.id, settings(), now);

  await muteUser(instructor, ref, { userId: student2.id, reason: "spam" }, true);
  const muted = await reply({ body: "Buy now" }, await cookieFor(student2.id));
  expect(muted).toMatchObject({ status: 403, body: { message: "You have been muted in this course's discussions, so you can read but not post." } });
  await muteUser(instructor, ref, { userId: student2.id, reason: "" }, false);
  expect((await reply({ body: "Sorry" }, await cookieFor(student2.id))).status).toBe(200);
});

test("the preview endpoint sanitizes: no scripts, handlers or javascript:/data: URLs", async () => {
  const { student } = await createCourseWithCast();
  const body = [
    "<script>alert(1)</script>",
    "",
    "x <img src=x onerror=alert(1)> <img src=/files/abc> <img src=https://img.example/a.png> <img src=//evil.example/a.png>",
    "",
    "[a](javascript:alert(1)) ![i](data:image/png;base64,AAA) [b](JaVaScRiPt:alert(1)) <a href=\"https://ok.example\">ok</a>",
  ].join("\n");
  const { body: res } = unwrap(await previewAction({ request: post("/api/posts/preview", { body }, await cookieFor(student.id)), params: {}, context: {} } as any));
  expect(res.html).not.toMatch(/<script|onerror|(href|src)="\s*(javascript|data):/i);
  expect(res.html).toContain('href="https://ok.example"');
  expect([...res.html.matchAll(/<img[^>]*src="([^"]*)"/g)].map((m) => m[1])).toEqual(["/files/abc", "https://img.example/a.png"]);
});

test("keyset pages: first, next, previous and last pages of a long thread, no overlap", async () => {
  const { student, d, thread } = await setup();
  await getDb().post.createMany({
    data: Array.from({ length: 45 }, (_, i) => ({ discussionId: d.id, authorId: student.id, body: `Post ${i}`, createdAt: at(i) })),
  });
  const first = await thread(student);
  expect(first.rows.map((r) => r.body)).toEqual(Array.from({ length: 20 }, (_, i) => `Post ${i}`));
  expect(first.page.prev).toBeNull();
  const second = await thread(student, { after: first.page.next!.slice("?after=".length) });
  expect(second.rows[0].body).toBe("Post 20");
  const last = await thread(student, { page: "last" });
  expect(last.rows.map((r) => r.body)).toEqual(Array.from({ length: 20 }, (_, i) => `Post ${i + 25}`));
  expect(last.page.next).toBeNull();
  const back = await thread(student, { before: last.page.prev!.slice("?before=".length) });
  expect(back.rows.map((r) => r.body)).toEqual(Array.from({ length: 20 }, (_, i) => `Post ${i + 5}`));
  // The route rejects nothing odd: a junk cursor is the first page.
  expect((await thread(student, { after: "junk" })).rows[0].body).toBe("Post 0");
});

test("Q&A: staff endorse, the asker accepts one answer; edits keep revisions for staff", async () => {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const q = await createDiscussion(cast.student, ref, { title: "How do lenses focus?", body: "", type: "QA" }, now);
  const a1 = await createPost(cast.student2, ref, q.id, { body: "Refraction" }, at(1));
  const a2 = await createPost(cast.ta, ref, q.id, { body: "Curvature" }, at(2));
  await toggleEndorse(cast.ta, ref, q.id, { postId: a1.id }, at(3));
  await expect(toggleEndorse(cast.student, ref, q.id, { postId: a1.id }, at(3))).rejects.toMatchObject({ status: 403 });
  await expect(toggleAccept(cast.student2, ref, q.id, { postId: a1.id }, at(4))).rejects.toMatchObject({ status: 403 });
  await toggleAccept(cast.student, ref, q.id, { postId: a1.id }, at(4));
  await toggleAccept(cast.student, ref, q.id, { postId: a2.id }, at(5));
  const rows = (await getThread(cast.student, ref, q.id, {}, at(6))).rows;
  expect(rows.map((r) => [r.body, r.endorsed, r.accepted])).toEqual([
    ["Refraction", true, false],
    ["Curvature", false, true],
  ]);
  await editPost(cast.student2, ref, q.id, { postId: a1.id, body: "Refraction at curved surfaces" }, at(7));
  await expect(editPost(cast.ta, ref, q.id, { postId: a1.id, body: "hijack" }, at(7))).rejects.toMatchObject({ status: 403 });
  const loaded = await threadLoader({ request: new Request(`${BASE}/x?history=${a1.id}`, { headers: { Cookie: await cookieFor(cast.ta.id) } }), params: { slug: cast.course.slug, discussionId: q.id }, context: {} } as any);
  expect((loaded as any).history.revisions.map((r: { html: string }) => r.html)).toEqual(["<p>Refraction</p>\n"]);
  expect((loaded as any).rows[0]).toMatchObject({ edited: true, body: "Refraction at curved surfaces" });
});

test("unread counts, new markers and jump to first unread; drafts are kept until posted", async () => {
  const { student, student2, ref, d, thread } = await setup();
  await createPost(student, ref, d.id, { body: "First" }, at(1));
  await thread(student2, {}, at(2)); // reads up to now
  await createPost(student, ref, d.id, { body: "Second" }, at(3));
  expect((await listDiscussions(student2, ref, {}, at(4))).topics[0].unread).toBe(1);
  const view = await thread(student2, {}, at(5));
  expect(view.rows.map((r) => [r.body, r.unread])).toEqual([
    ["First", false],
    ["Second", true],
  ]);
  expect(view.firstUnreadHref).toMatch(/^\?from=.+#post-/);
  expect((await listDiscussions(student2, ref, {}, at(6))).topics[0].unread).toBe(0);

  await saveDraft(student2, ref, d.id, { body: "Half a thought" }, at(7));
  expect((await thread(student2, {}, at(8))).drafts).toEqual({ [`discussion:${d.id}:root`]: "Half a thought" });
  await createPost(student2, ref, d.id, { body: "Whole thought" }, at(9));
  expect((await thread(student2, {}, at(10))).drafts).toEqual({});
});

test("mentions find members by name, bracketed name (any letters) or email name, and never former members", async () => {
  const { student, ref, d, course } = await setup();
  const emile = await createUser({ displayName: "Émile Zola", email: "ezola@example.org" });
  const kim = await createUser({ displayName: "Kim Lee", email: "kim_lee.1@example.org" });
  const gone = await createUser({ displayName: "Gone Member", email: "gone@example.org" });
  for (const u of [emile, kim, gone]) await enroll(u, course.id);
  await getDb().enrollment.updateMany({ where: { userId: gone.id }, data: { status: "REMOVED" } });
  const mentionedBy = async (body: string, when: Date) => {
    const post = await createPost(student, ref, d.id, { body }, when);
    const rows = await getDb().notification.findMany({ where: { courseId: course.id, kind: "DISCUSSION_MENTION" }, select: { userId: true, data: true } });
    return rows.filter((r) => r.data.includes(post.id)).map((r) => r.userId).sort();
  };
  expect(await mentionedBy("Thanks @[Émile Zola]!", at(1))).toEqual([emile.id]);
  expect(await mentionedBy("Thanks @kim_lee.1 and @KimLee and @GoneMember and @gone", at(2))).toEqual([kim.id]);
  expect(await mentionedBy("No one here: @kimxlee.1 @ezola_", at(3))).toEqual([]);
});

test("mentions notify members only; digests: at most one mail per period, visibility re-checked", async () => {
  const { student, student2, ta, instructor, outsider, ref, d, course } = await setup({ postFirst: true });
  await setDigestFrequency(student2, ref, { frequency: "DAILY" });
  // Sia is mentioned but has not posted yet: the digest must not quote Sam.
  await createPost(student, ref, d.id, { body: "Hey @SiaStudent and @OlgaOutsider, secret answer" }, at(1));
  const notes = await getDb().notification.findMany({ where: { courseId: course.id }, select: { userId: true, kind: true } });
  expect(notes).toContainEqual({ userId: student2.id, kind: "DISCUSSION_MENTION" });
  expect(notes.some((n) => n.userId === outsider.id)).toBe(false);
  expect(notes).toContainEqual({ userId: instructor.id, kind: "DISCUSSION_POST" }); // the topic's author follows it
  expect(notes.some((n) => n.userId === ta.id)).toBe(false); // not following, not mentioned

  expect(await sendDigest(student2.id, course.id, at(2))).toBe(true);
  const mails = () => getDb().outboxMail.findMany({ where: { to: student2.email }, orderBy: { createdAt: "asc" } });
  const [first] = await mails();
  expect(first.text).toContain("Week 1: optics");
  expect(first.text).toContain("1 new post you'll see after you post your own reply.");
  expect(first.text).not.toContain("secret answer");

  // A second post the same day waits for tomorrow; a concurrent scan sends nothing more.
  await createDiscussion(student2, ref, { title: "Mine", body: "", type: "DISCUSSION" }, at(3));
  await createPost(student2, ref, d.id, { body: "My answer" }, at(4));
  await createPost(student, ref, d.id, { body: "Welcome aboard" }, at(5));
  await Promise.all([scanDigests(at(6)), scanDigests(at(6))]);
  expect(await mails()).toHaveLength(1);
  await scanDigests(new Date("2027-04-02T00:30:00Z"));
  const all = await mails();
  expect(all).toHaveLength(2);
  expect(all[1].text).toContain("Welcome aboard");
  await scanDigests(new Date("2027-04-02T01:30:00Z"));
  expect(await mails()).toHaveLength(2);
});

test("unpublished discussions are staff-only everywhere", async () => {
  const { student, instructor, ref, d, thread } = await setup({ published: false });
  await createPost(instructor, ref, d.id, { body: "Draft prompt notes" }, at(1));
  await expect(thread(student)).rejects.toMatchObject({ status: 404 });
  expect((await listDiscussions(student, ref, {}, at(2))).topics).toEqual([]);
  expect(await searchDiscussions(student, ref, { q: "prompt" }, at(2))).toEqual([]);
  expect((await thread(instructor)).rows).toHaveLength(1);
  await expect(createPost(student, ref, d.id, { body: "hi" }, at(3))).rejects.toMatchObject({ status: 404 });
});

test("a 10,000-post thread serves its first and last page with the same few queries (timing: bench/discussions.ts)", async () => {
  const { student, student2, ref, d, thread } = await setup();
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ discussionId: d.id, authorId: i % 2 ? student.id : student2.id, body: `Post number ${i}`, createdAt: new Date(now.getTime() + i * 1000) }));
  for (let i = 0; i < rows.length; i += 2_000) await getDb().post.createMany({ data: rows.slice(i, i + 2_000) });
  await thread(student); // warm up
  const measure = async (query: Record<string, string>) => {
    const q0 = queryCounter.count;
    const page = await thread(student, query, at(100_000));
    return { page, queries: queryCounter.count - q0 };
  };
  const first = await measure({});
  const last = await measure({ page: "last" });
  expect(first.page.rows[0].body).toBe("Post number 0");
  expect(last.page.rows.at(-1)!.body).toBe("Post number 9999");
  expect(last.queries).toBe(first.queries);
  const index = await listDiscussions(student2, ref, {}, at(100_000));
  expect(index.topics[0].unread).toBe(5_000); // Sam's posts; Sia never opened the thread
});

test("a thread page costs the same few statements whatever its reply depth, posts, authors and reactions", async () => {
  const { student, student2, ta, ref, d, thread } = await setup();
  // Read once (records the read mark), then count a repeat view: nothing unread, nothing written.
  const count = async (when: Date) => {
    await thread(student2, {}, when);
    const q0 = queryCounter.count;
    const page = await thread(student2, {}, new Date(when.getTime() + 1000));
    return { page, queries: queryCounter.count - q0 };
  };
  const root = await createPost(student, ref, d.id, { body: "Root 0" }, at(1));
  const small = await count(at(5));
  expect(small.page.rows.map((r) => r.body)).toEqual(["Root 0"]);

  // A reply chain six levels deep (staff and students), 19 more top-level posts, reactions, upvotes.
  let parent = root.id;
  for (let depth = 1; depth <= 6; depth++) parent = (await createPost(depth % 2 ? ta : student, ref, d.id, { body: `Depth ${depth}`, parentId: parent }, at(10 + depth))).id;
  for (let i = 1; i < 20; i++) await createPost(i % 2 ? student : ta, ref, d.id, { body: `Root ${i}` }, at(20 + i));
  await toggleReaction(student2, ref, d.id, { postId: parent, kind: "HEART" }, at(50));
  await toggleReaction(student, ref, d.id, { postId: parent, kind: "HEART" }, at(50));
  await toggleUpvote(student2, ref, d.id, { postId: root.id }, at(50));
  await saveDraft(student2, ref, d.id, { parentId: parent, body: "Half a reply" }, at(50));
  await saveDraft(student2, ref, d.id, { body: "Half a post" }, at(50));
  const big = await count(at(60));

  expect(big.queries).toBe(small.queries);
  expect(big.queries).toBeLessThanOrEqual(4); // course access 2, the discussion (+ read mark, follow, new-post draft) 1, the page 1
  const rows = big.page.rows;
  expect(rows).toHaveLength(26);
  expect(rows.slice(0, 7).map((r) => [r.body, r.indent, r.inReplyTo])).toEqual([
    ["Root 0", 0, null],
    ["Depth 1", 1, null],
    ["Depth 2", 2, null],
    ["Depth 3", 3, null],
    ["Depth 4", 3, "Tom TA"],
    ["Depth 5", 3, "Sam Student"],
    ["Depth 6", 3, "Tom TA"],
  ]);
  expect(rows[0]).toMatchObject({ upvotedByMe: true, upvotes: 1 });
  expect(rows[6].reactions).toEqual({ counts: { HEART: 2 }, mine: ["HEART"] });
  expect(rows[1].author).toMatchObject({ label: "Tom TA", anonymous: false });
  expect(big.page.drafts).toEqual({ [`discussion:${d.id}:root`]: "Half a post", [`discussion:${d.id}:${parent}`]: "Half a reply" });

  // Jump to first unread: one statement for the top-level ancestor of a deep reply, whatever its depth.
  await createPost(ta, ref, d.id, { body: "Depth 7", parentId: parent }, at(70));
  const q0 = queryCounter.count;
  const unread = await thread(student2, {}, at(71));
  const unreadQueries = queryCounter.count - q0;
  expect(unread.firstUnreadHref).toMatch(/#post-.+$/);
  expect(unread.firstUnreadHref!.startsWith(`?from=${Buffer.from(`${at(1).toISOString()}|${root.id}`).toString("base64url")}`)).toBe(true);
  expect(unreadQueries).toBeLessThanOrEqual(big.queries + 3); // + first unread, its ancestor, the read mark
});

test("search highlighting escapes first, then marks every match", () => {
  expect(highlight("<b>Lens</b> & lens & LENS", "lens")).toBe("&lt;b&gt;<mark>Lens</mark>&lt;/b&gt; &amp; <mark>lens</mark> &amp; <mark>LENS</mark>");
  expect(highlight("a <script>alert(1)</script> b", "<script>")).toBe("a <mark>&lt;script&gt;</mark>alert(1)&lt;/<mark>script</mark>&gt; b");
  expect(highlight("a < b &lt; c", "lt")).toBe("a &lt; b &amp;<mark>lt</mark>; c"); // never inside an entity
  expect(highlight("x".repeat(300) + " needle " + "y".repeat(300), "needle")).toMatch(/^…x+ <mark>needle<\/mark> y+…$/);
});

test("full-text search follows edits and deletes, matches word prefixes, and ignores query syntax", async () => {
  const { student, student2, ref, d } = await setup();
  const p = await createPost(student, ref, d.id, { body: "Chromatic aberration in cheap lenses" }, at(1));
  const q = (text: string) => searchDiscussions(student2, ref, { q: text }, at(5)).then((hits) => hits.filter((h) => h.postId).map((h) => h.postId));
  expect(await q("chromat lens")).toEqual([p.id]);
  expect(await q('aberration" OR "x')).toEqual([]); // every word must match; quotes are not syntax
  await editPost(student, ref, d.id, { postId: p.id, body: "Spherical aberration" }, at(2));
  expect(await q("chromatic")).toEqual([]);
  expect(await q("spherical")).toEqual([p.id]);
  await deletePost(student, ref, d.id, { postId: p.id }, at(3));
  expect(await q("spherical")).toEqual([]);
});

test("IMMEDIATE digests: a post enqueues a job the worker runs; one mail a minute at most", async () => {
  registerAllJobHandlers();
  const { student, student2, ref, d, course } = await setup();
  await setDigestFrequency(student2, ref, { frequency: "IMMEDIATE" });
  await createPost(student2, ref, d.id, { body: "Following along" }, at(1)); // Sia follows by posting
  await createPost(student, ref, d.id, { body: "First reply" }, at(2));
  await runDueJobs("test", at(2));
  const mails = () => getDb().outboxMail.findMany({ where: { to: student2.email }, orderBy: { createdAt: "asc" } });
  expect((await mails()).map((m) => m.subject)).toEqual([`New discussion posts in ${course.title}`]);
  // Two more posts within the same minute: one more mail, at the start of the next minute.
  await createPost(student, ref, d.id, { body: "Second reply" }, new Date(at(2).getTime() + 10_000));
  await createPost(student, ref, d.id, { body: "Third reply" }, new Date(at(2).getTime() + 20_000));
  await runDueJobs("test", new Date(at(2).getTime() + 30_000));
  expect(await mails()).toHaveLength(1);
  await runDueJobs("test", at(3));
  const all = await mails();
  expect(all).toHaveLength(2);
  expect(all[1].text).toContain("Second reply");
  expect(all[1].text).toContain("Third reply");
});

test("the forum index costs the same queries for 3 topics as for 30, pinned first", async () => {
  const { student, instructor, ref } = await setup();
  const count = async () => {
    const q0 = queryCounter.count;
    const page = await listDiscussions(student, ref, {}, at(500));
    return { queries: queryCounter.count - q0, page };
  };
  for (let i = 0; i < 2; i++) await createDiscussion(instructor, ref, { title: `Topic ${i}`, body: "", type: "DISCUSSION" }, at(i + 1));
  const few = await count();
  for (let i = 2; i < 30; i++) await createDiscussion(instructor, ref, { title: `Topic ${i}`, body: "", type: "DISCUSSION", ...settings({ pinned: i === 5 }) }, at(i + 1));
  const many = await count();
  expect(many.queries).toBe(few.queries);
  expect(many.page.topics[0].title).toBe("Topic 5");
  expect(many.page.topics).toHaveLength(25);
  const next = await listDiscussions(student, ref, { after: many.page.next! }, at(500));
  expect(next.topics).toHaveLength(6);
  expect(new Set([...many.page.topics, ...next.topics].map((t) => t.id)).size).toBe(31);
});

test("forum pages reach topics without any activity date, last in their group, on both databases", async () => {
  const { student, instructor, ref, course } = await setup();
  for (let i = 0; i < 30; i++) await createDiscussion(instructor, ref, { title: `Topic ${i}`, body: "", type: "DISCUSSION", ...settings({ pinned: i < 2 }) }, at(i + 1));
  // Rows written before lastPostAt was always set (imports, older data) have none.
  const quiet = await getDb().discussion.findMany({ where: { courseId: course.id, title: { in: ["Topic 0", "Topic 3", "Topic 4", "Topic 5"] } }, select: { id: true } });
  await getDb().discussion.updateMany({ where: { id: { in: quiet.map((q) => q.id) } }, data: { lastPostAt: null } });
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 5; pages++) {
    const page = await listDiscussions(student, ref, after ? { after } : {}, at(500));
    seen.push(...page.topics.map((t) => t.title));
    if (!page.next) break;
    after = page.next;
  }
  expect(seen).toHaveLength(31);
  expect(new Set(seen).size).toBe(31);
  // Pinned first (the quiet pinned one last among them), then by activity, the quiet ones last.
  expect(seen.slice(0, 2)).toEqual(["Topic 1", "Topic 0"]);
  expect(seen.slice(-3).sort()).toEqual(["Topic 3", "Topic 4", "Topic 5"]);
  expect(seen[2]).toBe("Topic 29");
});

test("a first post follows the discussion; an author who unfollowed stays unfollowed; followers hear of each reply, the author does not", async () => {
  const { student, student2, instructor, ref, d, course } = await setup();
  const follows = (userId: string) => getDb().discussionFollow.findUnique({ where: { discussionId_userId: { discussionId: d.id, userId } }, select: { following: true } });
  const notified = async (postId: string) =>
    (await getDb().notification.findMany({ where: { courseId: course.id, kind: "DISCUSSION_POST" }, select: { userId: true, data: true } }))
      .filter((n) => n.data.includes(postId))
      .map((n) => n.userId)
      .sort();

  const first = await createPost(student, ref, d.id, { body: "First thoughts." }, at(1));
  expect(await follows(student.id)).toEqual({ following: true });
  expect(await notified(first.id)).toEqual([instructor.id]);

  const second = await createPost(student2, ref, d.id, { body: "Same here." }, at(2));
  expect(await notified(second.id)).toEqual([instructor.id, student.id].sort());

  await setFollowing(student, ref, d.id, false, at(3));
  const third = await createPost(student, ref, d.id, { body: "One more thing." }, at(4));
  expect(await follows(student.id)).toEqual({ following: false });
  expect(await notified(third.id)).toEqual([instructor.id, student2.id].sort());
  const fourth = await createPost(student2, ref, d.id, { body: "Thanks." }, at(5));
  expect(await notified(fourth.id)).toEqual([instructor.id]);
});
