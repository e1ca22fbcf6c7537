import { describe, expect, it } from "vitest";
import { parseFlags, progressInputs } from "~/services/progress-flags.server";

const none = { submitted: false, scorePercent: null };

describe("parseFlags", () => {
  it("reads nothing from no rows", () => {
    expect(parseFlags(null).size).toBe(0);
    expect(parseFlags(undefined).size).toBe(0);
    expect(parseFlags("").size).toBe(0);
  });

  it("reads viewed, done and the watched % of each row, as SQLite and PostgreSQL write them", () => {
    const flags = parseFlags("a|vc|0.0;b||37.5;c|v|100;d|c|12");
    expect([...flags.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(flags.get("a")).toEqual({ viewed: true, completed: true, watchedPercent: 0, ...none });
    expect(flags.get("b")).toEqual({ viewed: false, completed: false, watchedPercent: 37.5, ...none });
    expect(flags.get("c")).toEqual({ viewed: true, completed: false, watchedPercent: 100, ...none });
    expect(flags.get("d")).toEqual({ viewed: false, completed: true, watchedPercent: 12, ...none });
  });

  it("reads a single row and ids with dashes", () => {
    expect(parseFlags("9d3ba13f-c1f7-4ccb-8b60-f5cd926409e0|v|42.5").get("9d3ba13f-c1f7-4ccb-8b60-f5cd926409e0")).toEqual({ viewed: true, completed: false, watchedPercent: 42.5, ...none });
  });

  it("shares one frozen value per whole watched % and flags, across calls", () => {
    const first = parseFlags("a|v|0;b|v|0;c|vc|100;d||37.5");
    const second = parseFlags("x|v|0;y|vc|100;z||37.5");
    expect(first.get("a")).toBe(first.get("b"));
    expect(first.get("a")).toBe(second.get("x"));
    expect(first.get("c")).toBe(second.get("y"));
    expect(first.get("a")).not.toBe(first.get("c"));
    expect(Object.isFrozen(first.get("a"))).toBe(true);
    // Out of the shared range (a fraction, or above 100): a value of its own, still correct.
    expect(first.get("d")).not.toBe(second.get("z"));
    expect(parseFlags("e|v|250").get("e")).toEqual({ viewed: true, completed: false, watchedPercent: 250, ...none });
  });

  it("stops at a cut-off entry instead of inventing one", () => {
    expect([...parseFlags("a|v|1;b").keys()]).toEqual(["a"]);
  });
});

describe("progressInputs", () => {
  const modules = [{ items: [{ id: "a", assignmentId: null }, { id: "s", assignmentId: "as1" }, { id: "t", assignmentId: "as2" }] }];

  it("hands the flags on as they are when nothing was submitted", () => {
    const flags = parseFlags("a|v|0");
    expect(progressInputs(flags, undefined, modules)).toBe(flags);
    expect(progressInputs(flags, new Set(), modules)).toBe(flags);
    expect(progressInputs(undefined, undefined, modules).size).toBe(0);
  });

  it("marks items whose assignment was submitted, without changing the flags it was given", () => {
    const flags = parseFlags("a|v|0;s|v|0");
    const inputs = progressInputs(flags, new Set(["as1", "as2"]), modules);
    expect(inputs.get("s")).toEqual({ viewed: true, completed: false, watchedPercent: 0, submitted: true, scorePercent: null });
    expect(inputs.get("t")).toEqual({ viewed: false, completed: false, watchedPercent: 0, submitted: true, scorePercent: null });
    expect(inputs.get("a")?.submitted).toBe(false);
    expect(flags.get("s")?.submitted).toBe(false);
    expect(flags.has("t")).toBe(false);
  });
});
