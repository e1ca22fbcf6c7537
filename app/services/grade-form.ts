/** The grading page's form, read into `saveGrade` input. */
import { z } from "zod";
import type { RubricScores } from "~/domain/rubric";
import { badRequest } from "~/lib/errors";
import { parseInput } from "~/lib/http.server";
import type { SaveGradeInput } from "./grades.server";

const optionalScore = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (v.trim() === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: `${label} must be a number, 0 or more.` });
        return z.NEVER;
      }
      return n;
    });

export const gradeFormSchema = z.object({
  rawScore: optionalScore("The score"),
  excused: z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on"),
  overridePenalty: z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on"),
  penaltyOverride: optionalScore("The penalty"),
  overrideReason: z.string().max(2000, "Keep the reason under 2,000 characters.").optional(),
  feedback: z.string().max(50_000, "Keep feedback under 50,000 characters.").default(""),
});

/**
 * The grading page's form as saveGrade input. Rubric choices arrive as `rubric.<criterionId>`
 * (a rating id, or "custom") and `rubricPoints.<criterionId>`.
 */
export function gradeInputFromForm(values: Record<string, string>, ids: { assignmentId: string; enrollmentId: string }): SaveGradeInput {
  const form = parseInput(gradeFormSchema, values);
  const rubricScores: RubricScores = {};
  for (const [k, v] of Object.entries(values)) {
    if (!k.startsWith("rubric.") || v === "") continue;
    const criterionId = k.slice("rubric.".length);
    const points = Number(values[`rubricPoints.${criterionId}`] ?? "");
    if (!Number.isFinite(points)) throw badRequest("Enter rubric points as numbers.", { rubricScores: ["Enter rubric points as numbers."] });
    rubricScores[criterionId] = { ratingId: v === "custom" ? null : v, points };
  }
  return {
    ...ids,
    rawScore: form.rawScore,
    excused: form.excused,
    penaltyOverride: form.overridePenalty ? (form.penaltyOverride ?? 0) : null,
    overrideReason: form.overridePenalty ? form.overrideReason : undefined,
    feedback: form.feedback,
    ...(Object.keys(rubricScores).length ? { rubricScores } : {}),
  };
}
