import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server's copy of the router (what @remix-run/server-runtime requires), patched by
// scripts/patch-remix.mjs to keep compiled paths and ranked branches between calls.
const require = createRequire(import.meta.url);
const routerFile = require.resolve("@remix-run/router");
const { matchRoutes, matchPath } = require("@remix-run/router") as typeof import("@remix-run/router");

type Route = import("@remix-run/router").AgnosticRouteObject;
const routes: Route[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "course", path: "courses/:slug", children: [{ id: "course-home", index: true }, { id: "lesson", path: "items/:itemId" }] },
      { id: "new-course", path: "courses/new" },
      { id: "lang", path: ":lang?/about" },
      { id: "files", path: "files/*" },
      { id: "exact", path: "CaseSensitive", caseSensitive: true },
    ],
  },
];
const ids = (path: string, tree: Route[] = routes) => matchRoutes(tree, path)?.map((m) => m.route.id) ?? null;

describe("route matching with the route pattern cache", () => {
  it("the installed server router is patched", () => {
    expect(readFileSync(routerFile, "utf8")).toContain("coursework: patched by scripts/patch-remix.mjs");
    expect(() => execFileSync(process.execPath, ["scripts/patch-remix.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("gives the same matches on every call, whatever was matched before", () => {
    for (let round = 0; round < 3; round++) {
      expect(ids("/")).toEqual(["root", "home"]);
      expect(ids("/courses/new")).toEqual(["root", "new-course"]);
      expect(ids("/courses/intro-to-stats")).toEqual(["root", "course", "course-home"]);
      expect(ids("/courses/intro/items/42/")).toEqual(["root", "course", "lesson"]);
      expect(ids("/about")).toEqual(["root", "lang"]);
      expect(ids("/fr/about")).toEqual(["root", "lang"]);
      expect(ids("/files/a/b.pdf")).toEqual(["root", "files"]);
      expect(ids("/CaseSensitive")).toEqual(["root", "exact"]);
      expect(ids("/casesensitive")).toBeNull();
      expect(ids("/nowhere/at/all")).toBeNull();
    }
  });

  it("passes the params of each call, not of an earlier one", () => {
    expect(matchRoutes(routes, "/courses/a/items/1")?.at(-1)?.params).toEqual({ slug: "a", itemId: "1" });
    expect(matchRoutes(routes, "/courses/b/items/2")?.at(-1)?.params).toEqual({ slug: "b", itemId: "2" });
    expect(matchRoutes(routes, "/files/x/y")?.at(-1)?.params).toEqual({ "*": "x/y" });
    expect(matchRoutes(routes, "/de/about")?.at(-1)?.params).toEqual({ lang: "de" });
  });

  it("each call gets its own match objects: changing one call's matches changes no later call's", () => {
    const first = matchRoutes(routes, "/courses/a/items/1")!;
    (first.at(-1)!.params as Record<string, string>).itemId = "changed";
    first.at(-1)!.pathname = "/elsewhere";
    first.pop();
    const again = matchRoutes(routes, "/courses/a/items/1")!;
    expect(again.map((m) => m.route.id)).toEqual(["root", "course", "lesson"]);
    expect(again.at(-1)).toMatchObject({ pathname: "/courses/a/items/1", params: { slug: "a", itemId: "1" } });
    expect(again.at(-1)!.route).toBe(first[1].route.children![1]);
  });

  it("a new route array is matched by its own routes", () => {
    const other: Route[] = [{ id: "only", path: "courses/:slug" }];
    expect(ids("/courses/new", other)).toEqual(["only"]);
    expect(ids("/courses/new")).toEqual(["root", "new-course"]);
  });

  it("matchPath keeps end and case sensitivity apart for the same pattern", () => {
    expect(matchPath({ path: "/courses/:slug", end: false }, "/courses/a/items")?.params).toEqual({ slug: "a" });
    expect(matchPath({ path: "/courses/:slug", end: true }, "/courses/a/items")).toBeNull();
    expect(matchPath({ path: "/courses/:slug" }, "/courses/a/items")).toBeNull();
    expect(matchPath({ path: "/Courses", caseSensitive: true }, "/courses")).toBeNull();
    expect(matchPath({ path: "/Courses", caseSensitive: false }, "/courses")?.pathname).toBe("/courses");
  });
});
