import { describe, expect, test } from "vitest";
import {
  ANONYMOUS_LABEL,
  canAccept,
  canDeletePost,
  canEditPost,
  discussionAccess,
  isUnread,
  postBodyProblem,
  readablePost,
  viewPost,
  type DiscussionFacts,
  type PostFacts,
  type Viewer,
} from "~/domain/discussion";

const now = new Date("2027-03-01T12:00:00Z");
const base: DiscussionFacts = { published: true, postFirst: false, anonymous: false, locked: false, closeAt: null };
const author: Viewer = { userId: "a", role: "STUDENT", isAdmin: false };
const peer: Viewer = { userId: "b", role: "STUDENT", isAdmin: false };
const ta: Viewer = { userId: "t", role: "TA", isAdmin: false };
const instructor: Viewer = { userId: "i", role: "INSTRUCTOR", isAdmin: false };
const admin: Viewer = { userId: "x", role: null, isAdmin: true };
const outsider: Viewer = { userId: "o", role: null, isAdmin: false };
const staff = [ta, instructor, admin];

const post = (over: Partial<PostFacts> = {}): PostFacts => ({
  id: "p1",
  authorId: "a",
  authorName: "Ann Author",
  parentId: null,
  depth: 0,
  anonymous: false,
  body: "secret body",
  createdAt: new Date("2027-03-01T10:00:00Z"),
  editedAt: null,
  hiddenAt: null,
  hiddenNote: null,
  deletedAt: null,
  endorsedAt: null,
  accepted: false,
  upvotes: 0,
  ...over,
});
const see = (v: Viewer, d: Partial<DiscussionFacts>, p: Partial<PostFacts> = {}, hasPosted = false) =>
  viewPost(v, discussionAccess(v, { ...base, ...d }, hasPosted, now), post(p));

describe("discussion access", () => {
  test("outsiders never see a discussion; students don't see unpublished ones; staff do", () => {
    expect(discussionAccess(outsider, base, false, now).canSee).toBe(false);
    expect(discussionAccess(peer, { ...base, published: false }, false, now).canSee).toBe(false);
    for (const s of staff) expect(discussionAccess(s, { ...base, published: false }, false, now)).toMatchObject({ canSee: true, canModerate: true });
    expect(see(outsider, {})).toBeNull();
    expect(see(peer, { published: false })).toBeNull();
  });

  test("post first: others' posts appear only after the student's own post; staff always", () => {
    expect(discussionAccess(peer, { ...base, postFirst: true }, false, now).canSeeOthers).toBe(false);
    expect(discussionAccess(peer, { ...base, postFirst: true }, true, now).canSeeOthers).toBe(true);
    expect(see(peer, { postFirst: true })).toBeNull();
    expect(see(peer, { postFirst: true }, {}, true)?.body).toBe("secret body");
    expect(see(author, { postFirst: true })?.body).toBe("secret body"); // own post always
    for (const s of staff) expect(see(s, { postFirst: true })?.body).toBe("secret body");
  });

  test("locked is read-only for everyone; closed for students only; muted students can't post", () => {
    for (const v of [peer, ...staff]) expect(discussionAccess(v, { ...base, locked: true }, true, now).postBlock?.code).toBe("CONFLICT");
    const closed = { ...base, closeAt: new Date("2027-03-01T12:00:00Z") };
    expect(discussionAccess(peer, closed, true, now).postBlock).toMatchObject({ code: "CONFLICT", message: "This discussion is closed to new posts." });
    expect(discussionAccess(peer, { ...base, closeAt: new Date(now.getTime() + 1) }, true, now).postBlock).toBeNull();
    for (const s of staff) expect(discussionAccess(s, closed, true, now).postBlock).toBeNull();
    expect(discussionAccess({ ...peer, muted: true }, base, true, now).postBlock?.code).toBe("FORBIDDEN");
    expect(discussionAccess({ ...ta, muted: true }, base, true, now).postBlock).toBeNull();
    // Locked and muted both hold: the thread state is reported first.
    expect(discussionAccess({ ...peer, muted: true }, { ...base, locked: true }, true, now).postBlock?.code).toBe("CONFLICT");
  });
});

describe("post views", () => {
  test("anonymous posts: peers see a label and no id, staff see the name, the author sees You", () => {
    const p = { anonymous: true };
    expect(see(peer, { anonymous: true }, p)?.author).toEqual({ label: ANONYMOUS_LABEL, userId: null, isYou: false, anonymous: true });
    for (const s of staff) expect(see(s, { anonymous: true }, p)?.author).toEqual({ label: "Ann Author", userId: "a", isYou: false, anonymous: true });
    expect(see(author, { anonymous: true }, p)?.author).toMatchObject({ label: "You", isYou: true, anonymous: true });
    // Staff posts are never anonymous.
    expect(see(peer, { anonymous: true }, { anonymous: true, authorIsStaff: true })?.author?.label).toBe("Ann Author");
  });

  test("hidden posts: staff see body and note, the author sees the body and a notice, peers a placeholder", () => {
    const p = { hiddenAt: now, hiddenNote: "off topic" };
    for (const s of staff) expect(see(s, {}, p)).toMatchObject({ state: "HIDDEN", body: "secret body", hiddenNotice: true, hiddenNote: "off topic" });
    expect(see(author, {}, p)).toMatchObject({ state: "HIDDEN", body: "secret body", hiddenNotice: true, hiddenNote: null });
    expect(see(peer, {}, p)).toMatchObject({ state: "HIDDEN", body: null, author: null, hiddenNote: null });
  });

  test("deleted posts: a placeholder with no body and no author for everyone", () => {
    for (const v of [author, peer, ...staff]) expect(see(v, {}, { deletedAt: now, anonymous: true })).toMatchObject({ state: "DELETED", body: null, author: null, upvotes: 0 });
  });

  test("the full matrix never exposes a body or a hidden author it shouldn't", () => {
    const viewers = [author, peer, ta, instructor, admin, outsider];
    for (const v of viewers)
      for (const published of [true, false])
        for (const postFirst of [true, false])
          for (const anonymous of [true, false])
            for (const hasPosted of [true, false])
              for (const hidden of [true, false])
                for (const deleted of [true, false]) {
                  const d = { ...base, published, postFirst, anonymous };
                  const access = discussionAccess(v, d, hasPosted, now);
                  const view = viewPost(v, access, post({ anonymous, hiddenAt: hidden ? now : null, hiddenNote: hidden ? "n" : null, deletedAt: deleted ? now : null }));
                  const isStaff = v.isAdmin || v.role === "TA" || v.role === "INSTRUCTOR";
                  const own = v.userId === "a";
                  if (v === outsider || (!published && !isStaff)) expect(view).toBeNull();
                  else if (postFirst && !hasPosted && !isStaff && !own) expect(view).toBeNull();
                  else {
                    expect(view).not.toBeNull();
                    const bodyAllowed = !deleted && (!hidden || isStaff || own);
                    expect(view!.body !== null).toBe(bodyAllowed);
                    if (view!.author?.userId === "a") expect(isStaff || own || !anonymous).toBe(true);
                    if (!isStaff) expect(view!.hiddenNote).toBeNull();
                    const readable = readablePost(v, access, post({ anonymous, hiddenAt: hidden ? now : null, deletedAt: deleted ? now : null }));
                    expect(readable !== null).toBe(!deleted && (!hidden || isStaff));
                  }
                }
  });

  test("edited, endorsed, accepted and unread flags", () => {
    const v = see(peer, {}, { editedAt: now, endorsedAt: now, accepted: true, upvotes: 3 });
    expect(v).toMatchObject({ edited: true, endorsed: true, accepted: true, upvotes: 3 });
    expect(isUnread(v!, null)).toBe(true);
    expect(isUnread(v!, new Date("2027-03-01T10:00:00Z"))).toBe(false);
    expect(isUnread(see(author, {})!, null)).toBe(false);
    expect(isUnread(see(peer, {}, { deletedAt: now })!, null)).toBe(false);
  });
});

describe("actions and limits", () => {
  test("Q&A accept: asker or staff, only in Q&A", () => {
    expect(canAccept(author, { type: "QA", authorId: "a" })).toBe(true);
    expect(canAccept(peer, { type: "QA", authorId: "a" })).toBe(false);
    expect(canAccept(ta, { type: "QA", authorId: "a" })).toBe(true);
    expect(canAccept(author, { type: "DISCUSSION", authorId: "a" })).toBe(false);
  });
  test("edit own only; delete own or staff; nothing on deleted posts", () => {
    expect(canEditPost(author, { authorId: "a", deletedAt: null })).toBe(true);
    expect(canEditPost(ta, { authorId: "a", deletedAt: null })).toBe(false);
    expect(canDeletePost(ta, { authorId: "a", deletedAt: null })).toBe(true);
    expect(canDeletePost(peer, { authorId: "a", deletedAt: null })).toBe(false);
    expect(canDeletePost(author, { authorId: "a", deletedAt: now })).toBe(false);
  });
  test("body limits", () => {
    expect(postBodyProblem("  \n")?.code).toBe("BAD_REQUEST");
    expect(postBodyProblem("x".repeat(20_000))).toBeNull();
    expect(postBodyProblem("x".repeat(20_001))).toEqual({ code: "PAYLOAD_TOO_LARGE", message: "Posts can be at most 20,000 characters; this one has 20,001." });
  });
});
