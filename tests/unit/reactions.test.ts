import { describe, expect, test } from "vitest";
import {
  discussionAccess,
  viewPost,
  type DiscussionFacts,
  type PostFacts,
  type Viewer,
} from "~/domain/discussion";
import {
  isReactionKind,
  OWN_MARK,
  REACTION_KINDS,
  reactionsFromList,
  reactionBlock,
  reactionLabel,
} from "~/domain/reactions";

const now = new Date("2027-01-01T00:00:00Z");
const open: DiscussionFacts = {
  published: true,
  postFirst: false,
  anonymous: false,
  locked: false,
  closeAt: null,
};
const student: Viewer = { userId: "s", role: "STUDENT", isAdmin: false };
const ta: Viewer = { userId: "t", role: "TA", isAdmin: false };
const post = (over: Partial<PostFacts> = {}): PostFacts => ({
  id: "p",
  authorId: "a",
  authorName: "Ann",
  parentId: null,
  depth: 0,
  anonymous: false,
  body: "Hi",
  createdAt: now,
  editedAt: null,
  hiddenAt: null,
  hiddenNote: null,
  deletedAt: null,
  endorsedAt: null,
  accepted: false,
  upvotes: 0,
  ...over,
});
const block = (viewer: Viewer, facts: DiscussionFacts, p: PostFacts) => {
  const access = discussionAccess(viewer, facts, false, now);
  return reactionBlock(viewer, access, facts, viewPost(viewer, access, p)!);
};

test("the fixed set: five kinds, upvotes and anything else are not reactions", () => {
  expect(REACTION_KINDS).toEqual([
    "THUMBS_UP",
    "HEART",
    "PARTY",
    "INSIGHT",
    "CONFUSED",
  ]);
  expect(isReactionKind("HEART")).toBe(true);
  expect(isReactionKind("UPVOTE")).toBe(false);
  expect(isReactionKind("heart")).toBe(false);
});

test("accessible names count people", () => {
  expect(reactionLabel("thumbs up", 0)).toBe("React with thumbs up, 0 people");
  expect(reactionLabel("heart", 1)).toBe("React with heart, 1 person");
  expect(reactionLabel("party", 3)).toBe("React with party, 3 people");
});

test("reactions: visible posts in open or closed discussions; not hidden/deleted posts, locked discussions or muted students", () => {
  expect(block(student, open, post())).toBeNull();
  expect(
    block(
      student,
      { ...open, closeAt: new Date("2020-01-01T00:00:00Z") },
      post()
    )
  ).toBeNull();
  expect(block(student, { ...open, locked: true }, post())).toMatchObject({
    code: "CONFLICT",
  });
  expect(block(ta, { ...open, locked: true }, post())).toMatchObject({
    code: "CONFLICT",
  });
  expect(block(student, open, post({ deletedAt: now }))).toMatchObject({
    code: "CONFLICT",
  });
  expect(block(student, open, post({ hiddenAt: now }))).toMatchObject({
    code: "CONFLICT",
  });
  expect(block(ta, open, post({ hiddenAt: now }))).toMatchObject({
    code: "CONFLICT",
  }); // staff see it, but it takes no reactions
  expect(block({ ...student, muted: true }, open, post())).toMatchObject({
    code: "FORBIDDEN",
  });
  expect(block({ ...ta, muted: true }, open, post())).toBeNull();
});

describe("reactionsFromList", () => {
  test.each([
    { list: null, counts: {}, mine: [], upvoted: false },
    { list: "", counts: {}, mine: [], upvoted: false },
    { list: "HEART", counts: { HEART: 1 }, mine: [], upvoted: false },
    { list: "HEART;HEART*;THUMBS_UP", counts: { HEART: 2, THUMBS_UP: 1 }, mine: ["HEART"], upvoted: false },
    // The viewer's kinds come back in REACTIONS order, whatever order the rows came in.
    { list: "CONFUSED*;THUMBS_UP*;PARTY", counts: { CONFUSED: 1, THUMBS_UP: 1, PARTY: 1 }, mine: ["THUMBS_UP", "CONFUSED"], upvoted: false },
    // Upvotes are their own counter: only "did I upvote" is read here.
    { list: "UPVOTE;UPVOTE", counts: {}, mine: [], upvoted: false },
    { list: "UPVOTE;UPVOTE*;INSIGHT*", counts: { INSIGHT: 1 }, mine: ["INSIGHT"], upvoted: true },
    // A kind a newer version wrote is skipped, not counted or thrown on.
    { list: "SPARKLES*;HEART", counts: { HEART: 1 }, mine: [], upvoted: false },
  ])("$list", ({ list, counts, mine, upvoted }) => {
    const result = reactionsFromList(list, ";");
    expect(result.reactions).toEqual({ counts, mine });
    expect(result.upvoted).toBe(upvoted);
  });

  test("reads every kind, each marked as the viewer's", () => {
    const list = [...REACTION_KINDS.map((kind) => `${kind}${OWN_MARK}`), "UPVOTE*"].join(";");
    const { reactions, upvoted } = reactionsFromList(list, ";");
    expect(reactions.mine).toEqual(REACTION_KINDS);
    expect(Object.values(reactions.counts)).toEqual(REACTION_KINDS.map(() => 1));
    expect(upvoted).toBe(true);
  });
});
