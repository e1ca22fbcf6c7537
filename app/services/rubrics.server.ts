/**
 * Rubrics: criteria with rating levels, created and edited for one assignment and attached
 * to it. Editing a rubric that already scored work would orphan those scores, so it is
 * refused (409) once any grade holds rubric scores.
 */
import { validateRubric, type RubricDef } from "~/domain/rubric";
import { getDb } from "~/lib/db.server";
import { badRequest, conflict, forbidden } from "~/lib/errors";
import { requireGrader } from "./grades.server";
import type { Actor } from "./users.server";

export type RubricInput = {
  title: string;
  criteria: { title: string; description: string; points: number; ratings: { title: string; points: number }[] }[];
};

export type RubricView = { id: string; title: string } & RubricDef;

export async function loadRubricView(rubricId: string | null): Promise<RubricView | null> {
  if (!rubricId) return null;
  const rubric = await getDb().rubric.findUnique({
    where: { id: rubricId },
    select: {
      id: true,
      title: true,
      criteria: {
        orderBy: { position: "asc" },
        select: { id: true, title: true, description: true, points: true, ratings: { orderBy: { position: "asc" }, select: { id: true, title: true, points: true } } },
      },
    },
  });
  return rubric;
}

/** The assignment's rubric for its graders (null when none is attached). */
export async function getAssignmentRubric(actor: Actor, assignmentId: string) {
  const scope = await requireGrader(actor, assignmentId);
  const [rubric, scored] = await Promise.all([
    loadRubricView(scope.assignment.rubricId),
    scope.assignment.rubricId ? getDb().grade.count({ where: { assignmentId, rubricScores: { not: null } } }) : Promise.resolve(0),
  ]);
  return { scope, rubric, locked: scored > 0 };
}

/**
 * Reads the indexed form fields `c{i}.title`, `c{i}.description`, `c{i}.points`, `c{i}.r{j}.title`,
 * `c{i}.r{j}.points`; rows left blank are ignored. A criterion's points default to its best rating.
 */
export function parseRubricForm(values: Record<string, string>): RubricInput {
  const criteria: RubricInput["criteria"] = [];
  for (let i = 0; i < 50; i++) {
    const title = (values[`c${i}.title`] ?? "").trim();
    const ratings: RubricInput["criteria"][number]["ratings"] = [];
    for (let j = 0; j < 10; j++) {
      const rt = (values[`c${i}.r${j}.title`] ?? "").trim();
      const rp = (values[`c${i}.r${j}.points`] ?? "").trim();
      if (!rt && !rp) continue;
      ratings.push({ title: rt, points: rp === "" ? Number.NaN : Number(rp) });
    }
    const pointsText = (values[`c${i}.points`] ?? "").trim();
    if (!title && ratings.length === 0 && !pointsText) continue;
    const best = ratings.reduce((m, r) => (Number.isFinite(r.points) ? Math.max(m, r.points) : m), 0);
    criteria.push({ title, description: (values[`c${i}.description`] ?? "").trim(), points: pointsText === "" ? best : Number(pointsText), ratings });
  }
  const input = { title: (values.title ?? "").trim(), criteria };
  const problems = validateRubric(input);
  if (problems.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message);
    throw badRequest(problems.map((p) => p.message).join(" "), fieldErrors);
  }
  return input;
}

/** Creates or replaces the assignment's rubric (instructors only) and attaches it. */
export async function saveAssignmentRubric(actor: Actor, assignmentId: string, input: RubricInput) {
  const { scope, locked } = await getAssignmentRubric(actor, assignmentId);
  if (!scope.isInstructor) throw forbidden("Only instructors can change the rubric.");
  if (locked) throw conflict("This rubric has already been used to grade work, so it cannot change. Detach it and create a new one.");
  const db = getDb();
  return db.$transaction(async (tx) => {
    let rubricId = scope.assignment.rubricId;
    if (rubricId) {
      await tx.rubricCriterion.deleteMany({ where: { rubricId } });
      await tx.rubric.update({ where: { id: rubricId }, data: { title: input.title } });
    } else {
      rubricId = (await tx.rubric.create({ data: { courseId: scope.assignment.courseId, title: input.title, userId: actor.id }, select: { id: true } })).id;
      await tx.assignment.update({ where: { id: assignmentId }, data: { rubricId } });
    }
    for (const [position, c] of input.criteria.entries()) {
      await tx.rubricCriterion.create({
        data: {
          rubricId,
          position,
          title: c.title,
          description: c.description,
          points: c.points,
          ratings: { create: c.ratings.map((r, j) => ({ position: j, title: r.title, points: r.points })) },
        },
      });
    }
    return { id: rubricId };
  });
}

/** Detaches the rubric from the assignment (the rubric and past scores stay). */
export async function detachAssignmentRubric(actor: Actor, assignmentId: string) {
  const scope = await requireGrader(actor, assignmentId, ["INSTRUCTOR"]);
  await getDb().assignment.update({ where: { id: scope.assignment.id }, data: { rubricId: null } });
}
