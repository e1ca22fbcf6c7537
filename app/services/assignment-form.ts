/**
 * The instructor's assignment form: zod for the plain fields, date-rule and
 * late-policy fields read into domain objects, and every problem mapped to
 * the form field that shows it.
 */
import { z } from "zod";
import type { LatePolicy } from "~/domain/late-policy";
import { validateLatePolicy } from "~/domain/late-policy";
import { validateRuleSet, type RuleSet } from "~/domain/schedule";
import { badRequest, type FieldErrors } from "~/lib/errors";
import { fieldErrorsOf } from "~/lib/http.server";
import { DATE_FIELDS, FIELD_PREFIX, ruleFromForm } from "./date-rules";

const optionalNumber = (message: string, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

export const assignmentFieldsSchema = z.object({
  title: z.string().trim().min(1, "Give the assignment a title.").max(200, "Keep the title under 200 characters."),
  instructions: z.string().max(50_000, "Keep the instructions under 50,000 characters.").default(""),
  points: z.coerce.number({ error: "Enter the points as a number." }).min(0, "Points cannot be negative.").max(10_000, "Use at most 10,000 points."),
  published: z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on"),
  maxAttempts: optionalNumber("Attempts must be a whole number from 1 to 100, or empty for unlimited.", 1, 100),
  missingScorePercent: optionalNumber("The missing-work score must be a percentage from 0 to 100, or empty.", 0, 100),
  latePolicyType: z.enum(["NONE", "PERCENT", "FIXED"], { error: "Choose a late policy." }).default("NONE"),
  latePercent: z.string().optional(),
  latePer: z.enum(["HOUR", "DAY"]).default("DAY"),
  lateRounding: z.enum(["UP", "DOWN", "NEAREST", "EXACT"]).default("UP"),
  lateFloor: z.string().optional(),
  lateGraceMinutes: z.string().optional(),
  lateFixedPoints: z.string().optional(),
  allowedFileTypes: z
    .string()
    .max(200, "Keep the list of file types short.")
    .default("")
    .transform((v) => [...new Set(v.split(/[\s,;]+/).map((t) => t.trim().replace(/^\./, "").toLowerCase()).filter(Boolean))])
    .refine((list) => list.every((t) => /^[a-z0-9]{1,10}$/.test(t)), "List file extensions like: pdf, docx, png.")
    .transform((list) => list.join(",")),
  maxFileMb: z.coerce.number({ error: "Enter the size limit in MB." }).int("Use whole megabytes.").min(1, "Allow at least 1 MB.").max(50, "The largest allowed file is 50 MB.").default(25),
  anonymousGrading: z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on"),
  postPolicy: z.enum(["AUTOMATIC", "MANUAL"], { error: "Choose when students see grades." }).default("AUTOMATIC"),
  regradeWindowDays: optionalNumber("The regrade window must be a whole number of days from 0 to 365, or empty for no regrades.", 0, 365),
});

export const SUBMISSION_TYPES = ["TEXT", "FILE", "URL"] as const;
export type SubmissionType = (typeof SUBMISSION_TYPES)[number];

/**
 * A graded discussion's assignment: students hand work in by posting in the linked discussion,
 * never through the submission form. Stored alone (never in a list with the other types).
 */
export const DISCUSSION_SUBMISSION = "DISCUSSION";
export const isDiscussionAssignment = (stored: string) => stored === DISCUSSION_SUBMISSION;

/** The stored comma list as types (unknown entries dropped; empty → TEXT). */
export function submissionTypesOf(stored: string): SubmissionType[] {
  const list = stored.split(",").filter((t): t is SubmissionType => (SUBMISSION_TYPES as readonly string[]).includes(t));
  return list.length ? list : ["TEXT"];
}

/**
 * The submission-type checkboxes (`submitTEXT`, `submitFILE`, `submitURL`). A form that shows them
 * sends `submissionTypesShown`; without it (older clients, API calls) the default TEXT applies.
 * `submissionTypes=DISCUSSION` marks a graded discussion's assignment.
 */
function submissionTypesFrom(values: Record<string, unknown>, errors: FieldErrors): string {
  // A graded discussion's form (or API call) names it; the service checks the link to a discussion.
  if (values.submissionTypes === DISCUSSION_SUBMISSION) return DISCUSSION_SUBMISSION;
  if (values.submissionTypesShown === undefined) return "TEXT";
  const chosen = SUBMISSION_TYPES.filter((t) => values[`submit${t}`] === "on");
  if (chosen.length === 0) (errors.submissionTypes ??= []).push("Choose at least one way to submit.");
  return chosen.join(",");
}

export type AssignmentInput = Omit<z.infer<typeof assignmentFieldsSchema>, `late${string}`> & {
  submissionTypes: string;
  rules: RuleSet;
  latePolicy: LatePolicy;
};

const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : Number(v));

function latePolicyFrom(f: z.infer<typeof assignmentFieldsSchema>): LatePolicy {
  const grace = num(f.lateGraceMinutes);
  if (f.latePolicyType === "PERCENT") {
    return {
      type: "PERCENT",
      percent: num(f.latePercent) ?? NaN,
      per: f.latePer,
      rounding: f.lateRounding,
      ...(num(f.lateFloor) !== undefined ? { floorPercent: num(f.lateFloor) } : {}),
      ...(grace !== undefined ? { graceMinutes: grace } : {}),
    };
  }
  if (f.latePolicyType === "FIXED") return { type: "FIXED", points: num(f.lateFixedPoints) ?? NaN, ...(grace !== undefined ? { graceMinutes: grace } : {}) };
  return { type: "NONE" };
}

const LATE_FIELD: Record<string, string> = {
  percent: "latePercent",
  floorPercent: "lateFloor",
  graceMinutes: "lateGraceMinutes",
  points: "lateFixedPoints",
};

/** Parses the whole form; throws a 400 with a message per field when anything is wrong. */
export function parseAssignmentForm(values: Record<string, unknown>, courseTimeZone: string): AssignmentInput {
  const errors: FieldErrors = {};
  const fields = assignmentFieldsSchema.safeParse(values);
  if (!fields.success) Object.assign(errors, fieldErrorsOf(fields.error));
  const rules: RuleSet = {};
  for (const field of DATE_FIELDS) {
    const { rule, errors: ruleErrors } = ruleFromForm(field, values, false);
    Object.assign(errors, ruleErrors);
    rules[field] = rule ?? null;
  }
  if (Object.keys(errors).length === 0) {
    for (const problem of validateRuleSet(rules, { timeZone: courseTimeZone })) {
      const key = `${FIELD_PREFIX[problem.field as keyof typeof FIELD_PREFIX] ?? problem.field}Date`;
      (errors[key] ??= []).push(problem.message);
    }
  }
  const submissionTypes = submissionTypesFrom(values, errors);
  let latePolicy: LatePolicy = { type: "NONE" };
  if (fields.success) {
    latePolicy = latePolicyFrom(fields.data);
    for (const problem of validateLatePolicy(latePolicy)) {
      const key = LATE_FIELD[problem.field] ?? "latePolicyType";
      (errors[key] ??= []).push(problem.message);
    }
  }
  if (Object.keys(errors).length > 0 || !fields.success) throw badRequest("Please correct the highlighted fields.", errors);
  const { latePolicyType: _t, latePercent: _p, latePer: _r, lateRounding: _o, lateFloor: _f, lateGraceMinutes: _g, lateFixedPoints: _x, ...rest } = fields.data;
  // Anonymous grading reveals names by posting, so it always posts manually.
  if (rest.anonymousGrading) rest.postPolicy = "MANUAL";
  return { ...rest, submissionTypes, rules, latePolicy };
}
