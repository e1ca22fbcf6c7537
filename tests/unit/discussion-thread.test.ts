import { expect, test } from "vitest";
import { parseMentions, resolveMentions } from "~/domain/mentions";
import { decodeCursor, encodeCursor, flattenThread } from "~/domain/thread";

const t = (m: number) => new Date(Date.UTC(2027, 0, 1, 0, m));
const p = (id: string, parentId: string | null, m: number) => ({ id, parentId, createdAt: t(m) });

test("replies nest to depth 3; deeper ones are flattened in time order naming their parent", () => {
  const rows = flattenThread([
    p("r2", null, 5),
    p("r1", null, 0),
    p("a", "r1", 1),
    p("b", "a", 2),
    p("c", "b", 3),
    p("d", "c", 4),
    p("e", "d", 6),
    p("c2", "b", 7),
    p("a2", "r1", 8),
  ]);
  expect(rows.map((r) => [r.post.id, r.indent, r.inReplyToId])).toEqual([
    ["r1", 0, null],
    ["a", 1, null],
    ["b", 2, null],
    ["c", 3, null],
    ["d", 3, "c"],
    ["e", 3, "d"],
    ["c2", 3, null],
    ["a2", 1, null],
    ["r2", 0, null],
  ]);
});

test("a reply whose parent is not visible is shown top-level, in reply to it", () => {
  expect(flattenThread([p("x", "gone", 1)]).map((r) => [r.indent, r.inReplyToId])).toEqual([[0, "gone"]]);
});

test("cursors round-trip and reject junk", () => {
  const c = { createdAt: t(3), id: "cabc123" };
  expect(decodeCursor(encodeCursor(c))).toEqual(c);
  expect(decodeCursor("not a cursor")).toBeNull();
  expect(decodeCursor(Buffer.from("2027-01-01T00:00:00Z|x' OR 1=1").toString("base64url"))).toBeNull();
  expect(decodeCursor(null)).toBeNull();
});

test("mentions: handles, bracketed names, code and emails ignored, non-members ignored", () => {
  const body = "Hi @SamStudent and @[Sia Student], cc @sam.student. Mail a@b.org. `@Ines` ```\n@Tom\n``` @nobody.";
  expect(parseMentions(body)).toEqual(["samstudent", "siastudent", "sam.student", "nobody"]);
  const members = [
    { id: "s", displayName: "Sam Student", email: "sam.student@example.org" },
    { id: "s2", displayName: "Sia Student", email: "sia@example.org" },
    { id: "i", displayName: "Ines", email: "ines@example.org" },
    { id: "me", displayName: "Me Author", email: "me@example.org" },
  ];
  expect(resolveMentions(parseMentions(body), members, "me")).toEqual(["s", "s2"]);
  expect(resolveMentions(["meauthor"], members, "me")).toEqual([]);
});
