/**
 * The notifications page: one person's rows only (404 for anyone else's), newest first in keyset
 * pages, plain sentences whose content is re-checked against the visibility rules at reading
 * time, mark read (one, all, by opening) and the unread count in the navigation.
 */
import { expect, test } from "vitest";
import { getDb, queryCounter } from "~/lib/db.server";
import { loader as rootLoader } from "~/root";
import { action as pageAction, loader as pageLoader } from "~/routes/notifications";
import { loader as openLoader } from "~/routes/notifications_.$notificationId";
import { createDiscussion, updateDiscussionSettings } from "~/services/discussions.server";
import { getThread } from "~/services/discussions-thread.server";
import { setPostHidden } from "~/services/moderation.server";
import { countUnread, listNotifications, markAllNotificationsRead, markNotificationRead, openNotification } from "~/services/notifications.server";
import { createPost, deletePost } from "~/services/posts.server";
import type { Actor } from "~/services/users.server";
import { createCourseWithCast } from "../factories";
import { cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const now = new Date("2027-04-01T10:00:00Z");
const at = (min: number) => new Date(now.getTime() + min * 60_000);
const settings = (over: Record<string, boolean | string> = {}) => ({ postFirst: false, anonymous: false, locked: false, pinned: false, published: true, closeAt: "", ...over });

async function setup(over: Record<string, boolean | string> = {}) {
  const cast = await createCourseWithCast();
  const ref = { id: cast.course.id };
  const d = await createDiscussion(cast.instructor, ref, { title: "Week 3: optics", body: "", type: "DISCUSSION", ...settings(over) }, now);
  const list = (actor: Actor, query = {}) => listNotifications(actor, query, at(100));
  return { ...cast, ref, d, list };
}

function unwrap(result: unknown): { status: number; body: any } {
  const r = result as { init?: { status?: number }; data?: unknown };
  if (r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data };
  return { status: 200, body: result };
}

test("a mention lists for the mentioned person only, with a sentence, the course and a link that marks it read", async () => {
  const { student, student2, ta, course, ref, d, list } = await setup();
  const p = await createPost(student, ref, d.id, { body: "I agree with @SiaStudent about prisms" }, at(1));
  const reply = await createPost(student, ref, d.id, { body: "And @SiaStudent, lenses too", parentId: p.id }, at(2));

  const page = await list(student2);
  expect(page.unread).toBe(2);
  expect(page.items.map((n) => [n.sentence, n.excerpt, n.read, n.course])).toEqual([
    ["Sam Student mentioned you in “Week 3: optics”.", "And @SiaStudent, lenses too", false, { title: course.title, slug: course.slug }],
    ["Sam Student mentioned you in “Week 3: optics”.", "I agree with @SiaStudent about prisms", false, { title: course.title, slug: course.slug }],
  ]);
  expect((await list(ta)).items).toEqual([]);
  // The instructor started the topic and follows it.
  expect((await list((await getDb().user.findFirstOrThrow({ where: { id: (await getDb().discussion.findUniqueOrThrow({ where: { id: d.id } })).authorId } })) as Actor)).items[0].sentence).toBe(
    "Sam Student replied in “Week 3: optics”, a discussion you follow.",
  );

  const newest = page.items[0];
  expect(newest.href).toBe(`/notifications/${newest.id}`);
  const to = await openNotification(student2, newest.id, at(5));
  expect(to).toMatch(new RegExp(`^/courses/${course.slug}/discussions/${d.id}\\?from=[\\w-]+#post-${reply.id}$`));
  // The link's page starts at the reply's top-level post, so the reply is on it.
  const from = new URL(to, BASE).searchParams.get("from")!;
  expect((await getThread(student2, ref, d.id, { from }, at(6))).rows.map((r) => r.id)).toContain(reply.id);
  expect(await countUnread(student2.id)).toBe(1);
  expect((await list(student2)).items.map((n) => n.read)).toEqual([true, false]);
});

test("nobody can see, open or mark someone else's notification (404)", async () => {
  const { student, student2, ref, d, list } = await setup();
  await createPost(student, ref, d.id, { body: "@SiaStudent look" }, at(1));
  const [note] = (await list(student2)).items;
  await expect(markNotificationRead(student, note.id, at(2))).rejects.toMatchObject({ status: 404 });
  await expect(openNotification(student, note.id, at(2))).rejects.toMatchObject({ status: 404 });
  const cookie = await cookieFor(student.id);
  const res = unwrap(
    await pageAction({
      request: new Request(`${BASE}/notifications`, { method: "POST", body: new URLSearchParams({ intent: "read", notificationId: note.id }), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie } }),
      params: {},
      context: {},
    } as any),
  );
  expect(res).toMatchObject({ status: 404, body: { message: "We couldn't find that notification. It may have been removed, or the link may be wrong." } });
  await expect(openLoader({ request: new Request(`${BASE}/notifications/${note.id}`, { headers: { Cookie: cookie } }), params: { notificationId: note.id }, context: {} } as any)).rejects.toMatchObject({ init: { status: 404 } });
  expect(await markAllNotificationsRead(student, at(3))).toBe(0);
  expect(await countUnread(student2.id)).toBe(1);
});

test("posts hidden or deleted since, anonymous authors and post-first never leak through a notification", async () => {
  const { student, student2, ta, instructor, ref, d, list } = await setup();
  const hidden = await createPost(student, ref, d.id, { body: "@SiaStudent rude words here" }, at(1));
  const deleted = await createPost(student, ref, d.id, { body: "@SiaStudent regretted words" }, at(2));
  await setPostHidden(ta, ref, d.id, { postId: hidden.id, note: "" }, true, at(3));
  await deletePost(student, ref, d.id, { postId: deleted.id }, at(4));
  const page = await list(student2);
  expect(page.items.map((n) => [n.sentence, n.excerpt, n.href])).toEqual([
    ["This post is no longer available.", null, null],
    ["This post is no longer available.", null, null],
  ]);
  expect(JSON.stringify(page)).not.toMatch(/rude words|regretted words|Sam Student/);
  expect(await openNotification(student2, page.items[0].id, at(5))).toBe("/notifications");

  // Anonymous to peers: the sentence names no one; staff still see the author.
  const anon = await createDiscussion(instructor, ref, { title: "Feedback", body: "", type: "DISCUSSION", ...settings({ anonymous: true }) }, at(6));
  await createPost(student, ref, anon.id, { body: "@SiaStudent @TomTA honest feedback" }, at(7));
  const peer = await list(student2);
  expect(peer.items[0].sentence).toBe("Anonymous student mentioned you in “Feedback”.");
  expect(JSON.stringify(peer)).not.toContain(student.id);
  expect((await list(ta)).items[0].sentence).toBe("Sam Student mentioned you in “Feedback”.");

  // Post first: a mention before Sia posts says so, links to the discussion and quotes nothing.
  const pf = await createDiscussion(instructor, ref, { title: "Predictions", body: "", type: "DISCUSSION", ...settings({ postFirst: true }) }, at(8));
  await createPost(student, ref, pf.id, { body: "@SiaStudent my secret prediction" }, at(9));
  const [first] = (await list(student2)).items;
  expect(first).toMatchObject({ sentence: "New post in “Predictions”: you'll see it after you post your own reply.", excerpt: null });
  expect(await openNotification(student2, first.id, at(10))).toBe(`/courses/${(await getDb().course.findUniqueOrThrow({ where: { id: ref.id } })).slug}/discussions/${pf.id}`);
  expect(JSON.stringify(await list(student2))).not.toContain("secret prediction");

  // Unpublished since, or removed from the course: unavailable.
  await updateDiscussionSettings(instructor, ref, anon.id, settings({ anonymous: true, published: false }), at(11));
  expect((await list(student2)).items[1].sentence).toBe("This post is no longer available.");
  await getDb().enrollment.updateMany({ where: { courseId: ref.id, userId: student2.id }, data: { status: "REMOVED" } });
  const dropped = await list(student2);
  expect(dropped.items.every((n) => n.sentence === "This post is no longer available." && n.course === null && n.href === null)).toBe(true);
});

test("keyset pages of 50, newest first, no overlap; a page costs the same queries for 5 and for 50 rows", async () => {
  const { student, student2, course, ref, d, list } = await setup();
  const p = await createPost(student, ref, d.id, { body: "Hello @SiaStudent" }, at(1));
  const rows = Array.from({ length: 119 }, (_, i) => ({
    userId: student2.id,
    courseId: course.id,
    kind: "DISCUSSION_MENTION",
    data: JSON.stringify({ discussionId: d.id, postId: p.id }),
    createdAt: at(2 + Math.floor(i / 2)), // pairs share a timestamp: the id breaks the tie
  }));
  const queries = async () => {
    const q0 = queryCounter.count;
    await list(student2);
    return queryCounter.count - q0;
  };
  await getDb().notification.createMany({ data: rows.slice(0, 4) });
  const few = await queries();
  await getDb().notification.createMany({ data: rows.slice(4) });
  const many = await queries();
  expect(many).toBe(few);

  const first = await list(student2);
  const second = await list(student2, { after: first.next! });
  const third = await list(student2, { after: second.next! });
  expect([first.items.length, second.items.length, third.items.length]).toEqual([50, 50, 20]);
  expect(third.next).toBeNull();
  const all = [...first.items, ...second.items, ...third.items];
  expect(new Set(all.map((n) => n.id)).size).toBe(120);
  const times = all.map((n) => n.createdAt.getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));
  expect(first.unread).toBe(120);
});

test("the page route: mark all as read, unknown actions, junk cursors; the navigation count for signed-in people only", async () => {
  const { student, student2, ref, d } = await setup();
  await createPost(student, ref, d.id, { body: "@SiaStudent one" }, at(1));
  await createPost(student, ref, d.id, { body: "@SiaStudent two" }, at(2));
  const cookie = await cookieFor(student2.id);
  const get = (path: string, c: string | null = cookie) => new Request(`${BASE}${path}`, { headers: c ? { Cookie: c } : {} });
  const postForm = (fields: Record<string, string>) =>
    pageAction({ request: new Request(`${BASE}/notifications`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: BASE } }), params: {}, context: {} } as any).then(unwrap);

  expect(await rootLoader({ request: get("/dashboard"), params: {}, context: {} } as any)).toMatchObject({ unreadNotifications: 2 });
  expect(await rootLoader({ request: get("/", null), params: {}, context: {} } as any)).toMatchObject({ user: null, unreadNotifications: 0 });
  const page = (await pageLoader({ request: get("/notifications?after=junk"), params: {}, context: {} } as any)) as any;
  expect(page.items).toHaveLength(2);
  expect(page.zone).toBe(student2.timeZone);

  expect(await postForm({ intent: "nope" })).toMatchObject({ status: 200, body: { ok: false, message: "Unknown action." } });
  expect((await postForm({ intent: "read" })).status).toBe(400);
  expect(await postForm({ intent: "read-all" })).toMatchObject({ status: 200, body: { ok: true, message: "Marked 2 notifications as read." } });
  expect(await rootLoader({ request: get("/dashboard"), params: {}, context: {} } as any)).toMatchObject({ unreadNotifications: 0 });
  // Logged out, the page sends people to log in.
  await expect(pageLoader({ request: get("/notifications", null), params: {}, context: {} } as any)).rejects.toMatchObject({ status: 302 });
});
