import { SubmissionContent } from "./submission-content";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import {
  GradingStudentResult,
  type OwnGrading,
} from "./grading-student-result";
import { GradingSubmitForm } from "./grading-submit-form";
import type { LatePolicy } from "~/domain/late-policy";
import type { ScheduleState } from "~/domain/schedule";
import type { FieldErrors } from "~/lib/errors";
import { formatDateTime } from "~/lib/time";
import { ScheduleDates, StateBadge } from "./schedule-view";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { Field, TextAreaField } from "./ui/field";

type Student = {
  schedule: {
    openAt: string | Date | null;
    dueAt: string | Date | null;
    closeAt: string | Date | null;
    state: ScheduleState;
    extensionMinutes: number;
  };
  penaltyNowPercent: number | null;
  attemptsLeft: number | null;
  nextAttempt: number;
  tokensLeft: number;
  autoApproveHours: number | null;
  submissions: {
    id: string;
    attempt: number;
    body: string;
    url: string | null;
    files: { id: string; filename: string; size: number }[];
    submittedAt: string | Date;
    minutesLate: number;
    penaltyPercent: number;
  }[];
  grading: OwnGrading;
  extensions: {
    id: string;
    source: string;
    status: string;
    reason: string;
    requestedMinutes: number;
    grantedMinutes: number;
    decisionNote: string | null;
    createdAt: string | Date;
  }[];
};

const CAN_SUBMIT: ScheduleState[] = ["OPEN", "DUE_SOON", "LATE"];

/** The assignment page's data, when it is a graded discussion's assignment (posts are the submission). */
function useLinkedDiscussion(): string | null {
  const data = useLoaderData() as
    | {
        assignment?: { submissionTypes?: string; discussionId?: string | null };
        course?: { slug?: string };
      }
    | undefined;
  const a = data?.assignment;
  return a?.submissionTypes === "DISCUSSION" &&
    a.discussionId &&
    data?.course?.slug
    ? `/courses/${data.course.slug}/discussions/${a.discussionId}`
    : null;
}

export function StudentAssignmentPanel({
  student,
  zone,
  fieldErrors,
  latePolicy,
  draftKey,
  submit,
  points,
}: {
  student: Student;
  zone: string;
  fieldErrors: FieldErrors;
  latePolicy: LatePolicy;
  draftKey: string;
  submit: { types: string[]; allowedExtensions: string[]; maxFileMb: number };
  points: number;
}) {
  const result = useActionData() as
    | { ok?: boolean; notice?: string }
    | undefined;
  const { schedule } = student;
  const [uploadNotice, setUploadNotice] = useState<string | null>(null);
  const discussionHref = useLinkedDiscussion();
  const canSubmit =
    CAN_SUBMIT.includes(schedule.state) &&
    student.attemptsLeft !== 0 &&
    !discussionHref;
  return (
    <>
      {(result?.ok && result.notice) || uploadNotice ? (
        <Alert tone="success" title={uploadNotice ?? result?.notice} />
      ) : null}
      <Card aria-labelledby="your-dates">
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 id="your-dates" className="text-lg font-semibold">
            Your dates
          </h2>
          <StateBadge
            state={schedule.state}
            submitted={student.submissions.length > 0}
          />
        </div>
        <ScheduleDates schedule={schedule} zone={zone} />
        {schedule.extensionMinutes > 0 ? (
          <p className="mt-2 text-sm text-slate-700">
            Includes your extension of{" "}
            {Math.round(schedule.extensionMinutes / 60)} hours.
          </p>
        ) : null}
        {latePolicy.type !== "NONE" &&
        schedule.state !== "LATE" &&
        schedule.state !== "CLOSED" ? (
          <p className="mt-2 text-sm text-slate-700">
            Late work loses points under this assignment's late policy.
          </p>
        ) : null}
      </Card>

      <Card aria-labelledby="submit-work">
        <h2 id="submit-work" className="mb-3 text-lg font-semibold">
          {discussionHref ? "Post in the discussion" : "Submit your work"}
        </h2>
        {discussionHref ? (
          <p className="mb-3 text-slate-700">
            This is a graded discussion: your first post there is your
            submission.{" "}
            <Link to={discussionHref} className="font-semibold">
              Go to the discussion
            </Link>
          </p>
        ) : null}
        {schedule.state === "LATE" && student.attemptsLeft !== 0 ? (
          <Alert
            tone="error"
            title={`You are past the due date. Submitting now costs ${
              student.penaltyNowPercent ?? 0
            } %.`}
          >
            {student.tokensLeft > 0
              ? `You have ${student.tokensLeft} late-day token(s) that can move your due date first.`
              : null}
          </Alert>
        ) : null}
        {schedule.state === "NOT_OPEN" ? (
          <p className="text-slate-700">
            Submissions open{" "}
            {schedule.openAt ? formatDateTime(schedule.openAt, zone) : "later"}.
          </p>
        ) : null}
        {schedule.state === "CLOSED" ? (
          <p className="text-slate-700">
            This assignment is closed. Ask for an extension below if you need
            more time.
          </p>
        ) : null}
        {student.attemptsLeft === 0 && !discussionHref ? (
          <p className="text-slate-700">You have used all your attempts.</p>
        ) : null}
        {canSubmit ? (
          <GradingSubmitForm
            onSubmitted={setUploadNotice}
            assignmentId={draftKey}
            types={submit.types}
            allowedExtensions={submit.allowedExtensions}
            maxFileMb={submit.maxFileMb}
            late={schedule.state === "LATE"}
            attemptsHint={
              student.attemptsLeft !== null
                ? ` Attempts left: ${student.attemptsLeft}.`
                : ""
            }
            nextAttempt={student.nextAttempt}
            fieldErrors={fieldErrors}
          />
        ) : null}
        {schedule.state === "LATE" && student.tokensLeft > 0 ? (
          <Form
            method="post"
            action="?intent=tokens"
            className="mt-4 flex flex-wrap items-end gap-3"
          >
            <div className="w-40">
              <Field
                label="Late-day tokens to use"
                name="tokens"
                type="number"
                min={1}
                max={student.tokensLeft}
                defaultValue={1}
                errors={fieldErrors.tokens}
              />
            </div>
            <div className="mb-4">
              <Button variant="secondary">Use tokens (+24 h each)</Button>
            </div>
          </Form>
        ) : null}
      </Card>

      {/* More time is no use once every attempt is spent; earlier requests stay listed. */}
      {student.attemptsLeft !== 0 || student.extensions.length ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">
            {student.attemptsLeft !== 0
              ? "Need more time?"
              : "Your extension requests"}
          </h2>
          {student.attemptsLeft !== 0 && student.autoApproveHours ? (
            <p className="mb-3 text-sm text-slate-700">
              Requests of up to {student.autoApproveHours} hours are approved at
              once (once per assignment).
            </p>
          ) : null}
          {student.attemptsLeft !== 0 ? (
            <Form method="post" action="?intent=extension" noValidate>
              <Field
                label="Extra hours needed"
                name="hours"
                type="number"
                min={1}
                defaultValue={24}
                errors={fieldErrors.hours}
              />
              <TextAreaField
                label="Reason"
                name="reason"
                rows={3}
                errors={fieldErrors.reason}
              />
              <Button variant="secondary">Request extension</Button>
            </Form>
          ) : null}
          {student.extensions.length ? (
            <ul className="mt-4 space-y-2 text-sm">
              {student.extensions.map((e) => (
                <li key={e.id} className="rounded border border-slate-200 p-2">
                  <span className="font-medium">
                    {e.status === "PENDING"
                      ? "Waiting for a decision"
                      : e.status === "APPROVED"
                      ? `Approved: +${Math.round(e.grantedMinutes / 60)} h`
                      : "Denied"}
                  </span>
                  {" · "}
                  {e.reason} · {formatDateTime(e.createdAt, zone)}
                  {e.decisionNote ? (
                    <p className="text-slate-700">Note: {e.decisionNote}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}

      <GradingStudentResult
        grading={student.grading}
        points={points}
        zone={zone}
        fieldErrors={fieldErrors}
      />

      {student.submissions.length ? (
        <Card aria-labelledby="your-submissions">
          <h2 id="your-submissions" className="mb-3 text-lg font-semibold">
            Your submissions
          </h2>
          <ol className="space-y-3">
            {student.submissions.map((s) => (
              <li key={s.id} className="rounded border border-slate-200 p-3">
                <p className="text-sm font-medium">
                  {discussionHref ? "First post" : `Attempt ${s.attempt}`} ·{" "}
                  {formatDateTime(s.submittedAt, zone)} ·{" "}
                  {s.minutesLate > 0
                    ? `late by ${Math.ceil(s.minutesLate / 60)} h, ${
                        s.penaltyPercent
                      } % deducted`
                    : "on time"}
                </p>
                <SubmissionContent attempt={s} />
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
    </>
  );
}
