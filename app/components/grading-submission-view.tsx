import { SubmissionContent } from "./submission-content";
import { GradingDiscussionPosts, type GradingDiscussion } from "./grading-discussion-posts";
import { formatDateTime } from "~/lib/time";

type Attempt = {
  id: string;
  attempt: number;
  body: string;
  url: string | null;
  submittedAt: string | Date;
  minutesLate: number;
  files: { id: string; filename: string; size: number }[];
};

/** Every attempt of one learner, newest first: text, link and downloadable files; a graded discussion's posts in context. */
export function GradingSubmissionView({
  submissions,
  dueAt,
  zone,
  discussion,
}: {
  submissions: Attempt[];
  dueAt: string | Date | null;
  zone: string;
  discussion?: GradingDiscussion | null;
}) {
  if (discussion) return <GradingDiscussionPosts data={discussion} zone={zone} />;
  return (
    <>
      <h2 id="submission-heading" className="mb-1 text-lg font-semibold">
        Submission
      </h2>
      <p className="mb-3 text-sm text-slate-600">Due for this student: {dueAt ? formatDateTime(dueAt, zone) : "no due date"}</p>
      {submissions.length === 0 ? <p className="text-sm text-slate-700">Nothing submitted.</p> : null}
      <ol className="space-y-4">
        {submissions.map((s) => (
          <li key={s.id} className="rounded border border-slate-200 p-3">
            <p className="text-sm font-medium">
              Attempt {s.attempt} · {formatDateTime(s.submittedAt, zone)} ·{" "}
              {s.minutesLate > 0 ? <span className="text-red-800">late by {Math.ceil(s.minutesLate / 60)} h</span> : "on time"}
            </p>
            <SubmissionContent attempt={s} downloadPrefix="Download " />
          </li>
        ))}
      </ol>
    </>
  );
}
