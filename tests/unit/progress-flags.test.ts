import { describe, expect, it } from "vitest";
import { parseFlags, progressInputs } from "~/services/progress-flags.server";

const none = { submitted: false, scorePercent: null };

/** The three texts the reader's aggregates return, from "id|marks|percent" rows (tests read better so). */
function joined(rows: string) {
  const parts = rows.split(";").map((r) => r.split("|"));
  const mark = (m: string) => (m.includes("v") && m.includes("c") ? "b" : m.includes("c") ? "c" : m.includes("v") ? "v" : "-");
  return { ids: parts.map((p) => p[0]).join(";"), marks: parts.map((p) => mark(p[1])).join(""), watched: parts.map((p) => p[2]).join(";") };
}

describe("parseFlags", () => {
  it("reads nothing from no rows", () => {
    expect(parseFlags({ ids: null, marks: null, watched: null }).size).toBe(0);
    expect(parseFlags({ ids: "", marks: "", watched: "" }).size).toBe(0);
  });

  it("reads viewed, done and the whole watched % of each row", () => {
    const flags = parseFlags({ ids: "a;b;c;d", marks: "b-vc", watched: "0;37;100;12" });
    expect([...flags.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(flags.get("a")).toEqual({ viewed: true, completed: true, watchedPercent: 0, ...none });
    expect(flags.get("b")).toEqual({ viewed: false, completed: false, watchedPercent: 37, ...none });
    expect(flags.get("c")).toEqual({ viewed: true, completed: false, watchedPercent: 100, ...none });
    expect(flags.get("d")).toEqual({ viewed: false, completed: true, watchedPercent: 12, ...none });
  });

  it("reads a single row and ids with dashes", () => {
    expect(parseFlags(joined("9d3ba13f-c1f7-4ccb-8b60-f5cd926409e0|v|42")).get("9d3ba13f-c1f7-4ccb-8b60-f5cd926409e0")).toEqual({
      viewed: true,
      completed: false,
      watchedPercent: 42,
      ...none,
    });
  });

  it("shares one frozen value per watched % and flags, across calls", () => {
    const first = parseFlags(joined("a|v|0;b|v|0;c|vc|100;d||37"));
    const second = parseFlags(joined("x|v|0;y|vc|100;z||37"));
    expect(first.get("a")).toBe(first.get("b"));
    expect(first.get("a")).toBe(second.get("x"));
    expect(first.get("c")).toBe(second.get("y"));
    expect(first.get("d")).toBe(second.get("z"));
    expect(first.get("a")).not.toBe(first.get("c"));
    expect(Object.isFrozen(first.get("a"))).toBe(true);
    // Out of the shared range (above 100): a value of its own, still correct.
    expect(parseFlags(joined("e|v|250")).get("e")).toEqual({ viewed: true, completed: false, watchedPercent: 250, ...none });
  });

  it("stops at the first row one of the texts lacks instead of inventing one", () => {
    expect([...parseFlags({ ids: "a;b", marks: "v", watched: "1;2" }).keys()]).toEqual(["a"]);
    expect([...parseFlags({ ids: "a;b", marks: "vv", watched: "1" }).keys()]).toEqual(["a"]);
    expect([...parseFlags({ ids: "a", marks: "vv", watched: "1;2" }).keys()]).toEqual(["a"]);
  });
});

describe("progressInputs", () => {
  const modules = [{ items: [{ id: "a", assignmentId: null }, { id: "s", assignmentId: "as1" }, { id: "t", assignmentId: "as2" }] }];

  it("hands the flags on as they are when nothing was submitted", () => {
    const flags = parseFlags(joined("a|v|0"));
    expect(progressInputs(flags, undefined, modules)).toBe(flags);
    expect(progressInputs(flags, new Set(), modules)).toBe(flags);
    expect(progressInputs(undefined, undefined, modules).size).toBe(0);
  });

  it("marks items whose assignment was submitted, without changing the flags it was given", () => {
    const flags = parseFlags(joined("a|v|0;s|v|0"));
    const inputs = progressInputs(flags, new Set(["as1", "as2"]), modules);
    expect(inputs.get("s")).toEqual({ viewed: true, completed: false, watchedPercent: 0, submitted: true, scorePercent: null });
    expect(inputs.get("t")).toEqual({ viewed: false, completed: false, watchedPercent: 0, submitted: true, scorePercent: null });
    expect(inputs.get("a")?.submitted).toBe(false);
    expect(flags.get("s")?.submitted).toBe(false);
    expect(flags.has("t")).toBe(false);
  });
});
