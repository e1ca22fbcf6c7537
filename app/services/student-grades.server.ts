/**
 * What a learner sees of their own grading on the assignment page: nothing until their
 * grade is posted; then score, late penalty, final score, feedback, rubric results; plus
 * the comment thread (staff comments also wait for posting) and their regrade requests.
 */
import { getDb } from "~/lib/db.server";
import { listComments } from "./comments.server";
import { gradeSelect, gradeVisibleToStudent, toStoredGrade } from "./grades.server";
import { listOwnRegrades } from "./regrades.server";
import { loadRubricView } from "./rubrics.server";
import type { Actor } from "./users.server";

export async function getOwnGrading(actor: Actor, assignment: { id: string; postPolicy: string; rubricId: string | null }, enrollmentId: string, now: Date) {
  const row = await getDb().grade.findUnique({ where: { assignmentId_enrollmentId: { assignmentId: assignment.id, enrollmentId } }, select: gradeSelect });
  const visible = row && gradeVisibleToStudent(row, assignment) ? toStoredGrade(row) : null;
  const [comments, regrades, rubric] = await Promise.all([
    listComments(actor, assignment.id, enrollmentId),
    listOwnRegrades(actor, assignment.id, now),
    visible?.rubricScores ? loadRubricView(assignment.rubricId) : Promise.resolve(null),
  ]);
  const grade = visible
    ? {
        rawScore: visible.rawScore,
        latePenalty: visible.latePenalty,
        finalScore: visible.finalScore,
        excused: visible.excused,
        feedback: visible.feedback,
        rubricScores: visible.rubricScores,
        overridden: visible.penaltyOverride !== null,
        postedAt: visible.postedAt,
      }
    : null;
  return { grade, rubric, comments, regrades };
}
