import { z } from "zod";
import { validateRuleSet, type OverrideDates, type RuleSet } from "~/domain/schedule";
import { getDb } from "~/lib/db.server";
import { badRequest, notFound, type FieldErrors } from "~/lib/errors";
import { DATE_FIELDS, FIELD_PREFIX, encodeRule, overrideDatesOf, ruleFromForm, ruleSetOf } from "./date-rules";
import { findAssignmentForStaff } from "./assignments.server";
import { learnerSelect, resolveForLearners, toLearner } from "./schedule.server";
import type { Actor } from "./users.server";

export const overrideTargetSchema = z.object({
  target: z.string().regex(/^(section|learner):.+$/, "Choose a section or a student."),
});

/** Reads override dates from a form: each date can inherit, be removed, or be set. */
export function parseOverrideForm(values: Record<string, unknown>, defaults: RuleSet, courseTimeZone: string) {
  const errors: FieldErrors = {};
  const dates: OverrideDates = {};
  for (const field of DATE_FIELDS) {
    const { rule, errors: e } = ruleFromForm(field, values, true);
    Object.assign(errors, e);
    if (rule !== undefined) dates[field] = rule;
  }
  if (Object.keys(dates).length === 0 && Object.keys(errors).length === 0) {
    errors.form = ["Change at least one date; every date is set to keep the usual date."];
  }
  if (Object.keys(errors).length === 0) {
    for (const p of validateRuleSet({ ...defaults, ...dates }, { timeZone: courseTimeZone })) {
      (errors[`${FIELD_PREFIX[p.field as keyof typeof FIELD_PREFIX] ?? p.field}Date`] ??= []).push(p.message);
    }
  }
  if (Object.keys(errors).length) throw badRequest("Please correct the highlighted fields.", errors);
  return dates;
}

/** Overrides of an assignment with who they apply to, plus the class list for the form. */
export async function listOverrides(actor: Actor, assignmentId: string) {
  const { assignment, access } = await findAssignmentForStaff(actor, assignmentId);
  const db = getDb();
  const [overrides, sections, students] = await Promise.all([
    db.dateOverride.findMany({
      where: { assignmentId },
      orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        scope: true,
        openRule: true,
        dueRule: true,
        closeRule: true,
        section: { select: { id: true, name: true } },
        enrollment: { select: { id: true, user: { select: { displayName: true } } } },
      },
    }),
    db.section.findMany({ where: { courseId: assignment.courseId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.enrollment.findMany({
      where: { courseId: assignment.courseId, status: "ACTIVE", role: "STUDENT" },
      orderBy: { user: { displayName: "asc" } },
      take: 1000,
      select: { id: true, user: { select: { displayName: true, email: true } } },
    }),
  ]);
  return {
    assignment: { ...assignment, rules: ruleSetOf(assignment) },
    access,
    overrides: overrides.map((o) => ({ ...o, dates: overrideDatesOf(o) })),
    sections,
    students,
  };
}

/** Creates or replaces the override for one section or one learner (instructors only). */
export async function saveOverride(actor: Actor, assignmentId: string, target: string, dates: OverrideDates) {
  const { assignment } = await findAssignmentForStaff(actor, assignmentId, ["INSTRUCTOR"]);
  const db = getDb();
  const [kind, id] = target.split(":") as ["section" | "learner", string];
  const where =
    kind === "section"
      ? await db.section.findFirst({ where: { id, courseId: assignment.courseId }, select: { id: true } })
      : await db.enrollment.findFirst({ where: { id, courseId: assignment.courseId, status: "ACTIVE" }, select: { id: true } });
  if (!where) throw badRequest("That section or student is not part of this course.", { target: ["Choose a section or a student of this course."] });
  const data = {
    openRule: encodeRule(dates.openAt),
    dueRule: encodeRule(dates.dueAt),
    closeRule: encodeRule(dates.closeAt),
  };
  const key = kind === "section" ? { sectionId: id } : { enrollmentId: id };
  await db.$transaction(async (tx) => {
    await tx.dateOverride.deleteMany({ where: { assignmentId, ...key } });
    await tx.dateOverride.create({ data: { assignmentId, scope: kind === "section" ? "SECTION" : "LEARNER", ...key, ...data } });
  });
}

export async function deleteOverride(actor: Actor, overrideId: string) {
  const override = await getDb().dateOverride.findUnique({ where: { id: overrideId }, select: { assignmentId: true } });
  if (!override) throw notFound("date override");
  await findAssignmentForStaff(actor, override.assignmentId, ["INSTRUCTOR"]);
  await getDb().dateOverride.delete({ where: { id: overrideId } });
}

/** Every student's resolved dates for this assignment, so staff see the effect of overrides. */
export async function previewLearnerDates(actor: Actor, assignmentId: string, now: Date, enrollmentId?: string) {
  const { assignment } = await findAssignmentForStaff(actor, assignmentId);
  const enrollments = await getDb().enrollment.findMany({
    where: { courseId: assignment.courseId, status: "ACTIVE", role: "STUDENT", ...(enrollmentId ? { id: enrollmentId } : {}) },
    orderBy: { user: { displayName: "asc" } },
    take: 200,
    select: { ...learnerSelect, user: { select: { timeZone: true, displayName: true } }, section: { select: { name: true } } },
  });
  const resolved = await resolveForLearners(enrollments.map(toLearner), now, { assignmentIds: [assignmentId], includeUnpublished: true });
  const byEnrollment = new Map(resolved.map((r) => [r.enrollmentId, r]));
  return enrollments.map((e) => ({
    enrollmentId: e.id,
    name: e.user.displayName,
    timeZone: e.user.timeZone,
    section: e.section?.name ?? null,
    schedule: byEnrollment.get(e.id)!.schedule,
  }));
}
