import { describe, expect, it } from "vitest";
import { courseTabs, isTabActive } from "~/components/course-tabs";

const labels = (...args: Parameters<typeof courseTabs>) => courseTabs(...args).map((t) => t.label);

describe("courseTabs", () => {
  it("gives each kind of viewer the tabs they may use, in order", () => {
    expect(labels(null, false, false)).toEqual(["Home", "About"]);
    expect(labels("STUDENT", false, false)).toEqual(["Home", "About", "Assignments", "Discussions", "Grades"]);
    expect(labels("TA", true, false)).toEqual(["Home", "About", "Assignments", "Discussions", "Modules", "Progress", "Needs grading", "Gradebook", "Calendar", "People", "Sections"]);
    expect(labels("INSTRUCTOR", true, false)).toEqual([...labels("TA", true, false), "Pricing", "Sales", "Settings"]);
    expect(labels(null, true, true)).toEqual(labels("INSTRUCTOR", true, false));
  });

  it("points students to their grades and staff to the gradebook", () => {
    expect(courseTabs("STUDENT", false, false).find((t) => t.label === "Grades")?.path).toBe("/grades");
    expect(courseTabs("TA", true, false).find((t) => t.label === "Gradebook")?.path).toBe("/gradebook");
  });
});

describe("isTabActive", () => {
  it("marks the home tab on the course home only", () => {
    expect(isTabActive("/courses/c", "/courses/c", true)).toBe(true);
    expect(isTabActive("/courses/c", "/courses/c/", true)).toBe(true);
    expect(isTabActive("/courses/c", "/courses/c/about", true)).toBe(false);
  });

  it("marks a section tab on its pages and the pages under it, not on look-alike paths", () => {
    expect(isTabActive("/courses/c/assignments", "/courses/c/assignments")).toBe(true);
    expect(isTabActive("/courses/c/assignments", "/courses/c/assignments/a1/grade/e1")).toBe(true);
    expect(isTabActive("/courses/c/grade", "/courses/c/grades")).toBe(false);
    expect(isTabActive("/courses/c/about", "/courses/c")).toBe(false);
  });

  it("ignores letter case, as NavLink does", () => {
    expect(isTabActive("/courses/Intro-101/about", "/courses/intro-101/ABOUT")).toBe(true);
  });
});
