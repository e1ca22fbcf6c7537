import { Link } from "@remix-run/react";
import type { ScheduleState } from "~/domain/schedule";
import { formatDateTime } from "~/lib/time";
import { ScheduleDates, StateBadge } from "./schedule-view";

type When = string | Date;
type Summary = {
  staff: { points: number; due: string; replyBy: string; queueHref: string; assignmentHref: string } | null;
  student: {
    points: number;
    assignmentHref: string;
    schedule: { openAt: When | null; dueAt: When | null; closeAt: When | null; state: ScheduleState };
    replyBy: { at: When | null; state: ScheduleState; replied: boolean } | null;
    posted: boolean;
    grade: { rawScore: number | null; latePenalty: number; finalScore: number | null; excused: boolean; feedback: string } | null;
  } | null;
};

function StudentGrade({ grade, points }: { grade: NonNullable<NonNullable<Summary["student"]>["grade"]>; points: number }) {
  return (
    <div className="mt-3 border-t border-slate-200 pt-3 text-sm">
      <p className="font-semibold">
        Your grade:{" "}
        {grade.excused ? "Excused" : `${grade.finalScore ?? "–"} / ${points}`}
        {grade.latePenalty > 0 && !grade.excused ? ` (${grade.rawScore} minus ${grade.latePenalty} late penalty)` : ""}
      </p>
      {grade.feedback ? (
        <div className="mt-1">
          <p className="font-medium">Feedback</p>
          <p className="whitespace-pre-wrap text-slate-800">{grade.feedback}</p>
        </div>
      ) : null}
    </div>
  );
}

/** The graded-discussion box on a thread page: points, dates and state, and the student's posted grade. */
export function GradedDiscussionBanner({ summary, zone }: { summary: Summary; zone: string }) {
  const { staff, student } = summary;
  if (staff)
    return (
      <section aria-labelledby="graded-title" className="mt-4 rounded-lg border border-brand-100 bg-brand-50 p-4 text-sm">
        <h2 id="graded-title" className="font-semibold">
          Graded discussion · {staff.points} points
        </h2>
        <p className="mt-1">
          Due {staff.due} · Reply by {staff.replyBy}
        </p>
        <p className="mt-1">
          <Link to={staff.queueHref}>Grading queue</Link> · <Link to={staff.assignmentHref}>Assignment settings (late policy, rubric, posting)</Link>
        </p>
      </section>
    );
  if (!student) return null;
  return (
    <section aria-labelledby="graded-title" className="mt-4 rounded-lg border border-brand-100 bg-brand-50 p-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="graded-title" className="font-semibold">
          Graded discussion · {student.points} points
        </h2>
        <StateBadge state={student.schedule.state} submitted={student.posted} />
      </div>
      <ScheduleDates schedule={student.schedule} zone={zone} />
      {student.replyBy?.at ? (
        <p className="mt-1 text-sm">
          <span className="font-medium text-slate-700">Reply to a classmate by</span> {formatDateTime(student.replyBy.at, zone)}{" "}
          <StateBadge state={student.replyBy.state} submitted={student.replyBy.replied} />
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-700">
        Your first post counts as your submission. <Link to={student.assignmentHref}>Assignment details</Link>
      </p>
      {student.grade ? <StudentGrade grade={student.grade} points={student.points} /> : null}
    </section>
  );
}
