import { computeLatePenalty, previewPenaltyPercent, type LatePolicy } from "~/domain/late-policy";
import { getDb } from "~/lib/db.server";
import { badRequest, conflict, notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import { formatDateTime } from "~/lib/time";
import { sendMail } from "~/integrations/mail/mail.server";
import { getEnv } from "~/lib/env.server";
import { decodeLatePolicy, encodeRule, ruleSetOf } from "./date-rules";
import { DISCUSSION_SUBMISSION, isDiscussionAssignment, submissionTypesOf, type AssignmentInput } from "./assignment-form";
import { getStorage } from "~/integrations/storage/storage.server";
import type { StoredUpload } from "~/lib/uploads.server";
import { parseSubmissionUrl } from "./submission-uploads.server";
import { getOwnGrading } from "./student-grades.server";
import { loadCourseAccess, requireCourseMember, requireCourseRole, STAFF } from "./permissions.server";
import { learnerSelect, resolveForLearners, toLearner, type ResolvedAssignment } from "./schedule.server";
import type { Actor } from "./users.server";

const EDIT_MESSAGE = "Only the course's instructors can create or change assignments.";

function assignmentData(input: AssignmentInput) {
  return {
    title: input.title,
    instructions: input.instructions,
    points: input.points,
    published: input.published,
    maxAttempts: input.maxAttempts === null ? null : Math.round(input.maxAttempts),
    missingScorePercent: input.missingScorePercent,
    openRule: encodeRule(input.rules.openAt ?? null),
    dueRule: encodeRule(input.rules.dueAt ?? null),
    closeRule: encodeRule(input.rules.closeAt ?? null),
    latePolicy: JSON.stringify(input.latePolicy),
    submissionTypes: input.submissionTypes,
    allowedFileTypes: input.allowedFileTypes,
    maxFileMb: input.maxFileMb,
    anonymousGrading: input.anonymousGrading,
    postPolicy: input.postPolicy,
    regradeWindowDays: input.regradeWindowDays === null ? null : Math.round(input.regradeWindowDays),
  };
}

const DISCUSSION_ONLY = "A graded discussion is created from the discussion's settings (Discussions → New topic → Graded).";

export async function createAssignment(actor: Actor, courseId: string, input: AssignmentInput) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], EDIT_MESSAGE);
  if (isDiscussionAssignment(input.submissionTypes)) throw badRequest(DISCUSSION_ONLY, { submissionTypes: [DISCUSSION_ONLY] });
  const db = getDb();
  const last = await db.assignment.findFirst({ where: { courseId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.assignment.create({ data: { courseId, position: (last?.position ?? -1) + 1, ...assignmentData(input) }, select: { id: true } });
}

/** The assignment (any state) after checking the actor is staff in its course. */
export async function findAssignmentForStaff(actor: Actor, assignmentId: string, roles = STAFF) {
  const assignment = await getDb().assignment.findUnique({ where: { id: assignmentId } });
  if (!assignment) throw notFound("assignment");
  const access = await requireCourseRole(actor, { id: assignment.courseId }, roles, EDIT_MESSAGE);
  return { assignment, access };
}

export async function updateAssignment(actor: Actor, assignmentId: string, input: AssignmentInput) {
  const { assignment } = await findAssignmentForStaff(actor, assignmentId, ["INSTRUCTOR"]);
  // A graded discussion stays one (its form shows no submission types); nothing else becomes one.
  const linked = assignment.discussionId !== null;
  if (!linked && isDiscussionAssignment(input.submissionTypes)) throw badRequest(DISCUSSION_ONLY, { submissionTypes: [DISCUSSION_ONLY] });
  const data = { ...assignmentData(input), ...(linked ? { submissionTypes: DISCUSSION_SUBMISSION } : {}) };
  return getDb().assignment.update({ where: { id: assignmentId }, data, select: { id: true } });
}

/** The course's assignments: staff see all with default rules; students see published ones with their own dates. */
export async function listCourseAssignments(actor: Actor, courseId: string, now: Date) {
  const access = await requireCourseMember(actor, { id: courseId });
  const db = getDb();
  if (access.isStaff) {
    const rows = await db.assignment.findMany({
      where: { courseId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, title: true, points: true, published: true, openRule: true, dueRule: true, closeRule: true, _count: { select: { submissions: true } } },
    });
    return { access, staff: rows.map((r) => ({ ...r, rules: ruleSetOf(r) })), mine: [] as ResolvedAssignment[] };
  }
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { id: access.enrollmentId! }, select: learnerSelect });
  return { access, staff: [], mine: await resolveForLearners([toLearner(enrollment)], now) };
}

/**
 * One assignment as its viewer sees it. A student gets their own resolved dates, the
 * penalty if they submitted now, their attempts and extension requests — never anyone
 * else's. Unpublished assignments are 404 to students.
 */
export async function getAssignmentView(actor: Actor, assignmentId: string, now: Date) {
  const db = getDb();
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId } });
  if (!assignment) throw notFound("assignment");
  const access = await loadCourseAccess(actor, { id: assignment.courseId });
  if (!access.isStaff && !access.role) throw notFound("assignment");
  if (!access.isStaff && !assignment.published) throw notFound("assignment");
  const latePolicy = decodeLatePolicy(assignment.latePolicy);
  const base = {
    access,
    assignment: { ...assignment, instructionsHtml: renderMarkdown(assignment.instructions), latePolicy, rules: ruleSetOf(assignment) },
  };
  if (access.role !== "STUDENT") return { ...base, student: null };

  const enrollment = await db.enrollment.findUniqueOrThrow({
    where: { id: access.enrollmentId! },
    select: { ...learnerSelect, course: { select: { ...learnerSelect.course.select, lateTokens: true, autoApproveExtensionHours: true } } },
  });
  const [resolved] = await resolveForLearners([toLearner(enrollment)], now, { assignmentIds: [assignment.id] });
  const [submissions, extensions, tokensUsed] = await Promise.all([
    db.submission.findMany({
      where: { assignmentId, enrollmentId: enrollment.id },
      orderBy: { attempt: "desc" },
      select: { id: true, attempt: true, body: true, url: true, submittedAt: true, minutesLate: true, penaltyPercent: true, files: { select: { fileId: true } } },
    }),
    db.extensionRequest.findMany({
      where: { assignmentId, enrollmentId: enrollment.id },
      orderBy: { createdAt: "desc" },
      select: { id: true, source: true, status: true, reason: true, requestedMinutes: true, grantedMinutes: true, decisionNote: true, createdAt: true },
    }),
    tokensUsedBy(enrollment.id),
  ]);
  const fileIds = submissions.flatMap((s) => s.files.map((f) => f.fileId));
  const storedFiles = fileIds.length
    ? await db.storedFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, filename: true, size: true } })
    : [];
  const fileById = new Map(storedFiles.map((f) => [f.id, f]));
  const submissionsWithFiles = submissions.map(({ files, ...s }) => ({
    ...s,
    files: files.map((f) => fileById.get(f.fileId)).filter((f): f is (typeof storedFiles)[number] => Boolean(f)),
  }));
  const grading = await getOwnGrading(actor, assignment, enrollment.id, now);
  const schedule = resolved.schedule;
  const penaltyNowPercent = schedule.state === "LATE" ? previewPenaltyPercent(latePolicy, schedule.dueAt, now, assignment.points) : 0;
  const attemptsLeft = assignment.maxAttempts === null ? null : Math.max(0, assignment.maxAttempts - submissions.length);
  return {
    ...base,
    student: {
      schedule,
      penaltyNowPercent,
      submissions: submissionsWithFiles,
      grading,
      extensions,
      attemptsLeft,
      /** The number the next attempt gets; the submit form sends it back (see submitAttempt). */
      nextAttempt: (submissions[0]?.attempt ?? 0) + 1,
      tokensLeft: Math.max(0, enrollment.course.lateTokens - tokensUsed),
      autoApproveHours: enrollment.course.autoApproveExtensionHours,
    },
  };
}

export async function tokensUsedBy(enrollmentId: string): Promise<number> {
  const used = await getDb().extensionRequest.aggregate({
    where: { enrollmentId, source: "TOKEN", status: "APPROVED" },
    _sum: { grantedMinutes: true },
  });
  return Math.round((used._sum.grantedMinutes ?? 0) / 1440);
}

const STATE_BLOCKS: Partial<Record<string, (at: Date | null, zone: string) => string>> = {
  NOT_OPEN: (at, zone) => `This assignment is not open yet. It opens ${at ? formatDateTime(at, zone) : "later"}.`,
  CLOSED: (at, zone) => `This assignment closed ${at ? formatDateTime(at, zone) : "already"}. Ask your instructor for an extension if you need one.`,
};

/**
 * Submits one attempt. The window, the attempt limit and emptiness are checked against the
 * learner's own resolved dates; the attempt number is unique per learner, so two tabs
 * submitting at once produce exactly one new attempt (the other gets a 409).
 */
export async function submitAssignment(
  actor: Actor,
  assignmentId: string,
  input: AttemptInput,
  now: Date,
) {
  try {
    return await submitAttempt(actor, assignmentId, input, now);
  } catch (error) {
    // A refused attempt keeps nothing: the streamed files are removed again.
    for (const upload of input.uploads ?? []) await getStorage().remove(upload.key);
    throw error;
  }
}

/**
 * What the late policy charges for work handed in at `submittedAt` against the learner's resolved
 * due date: minutes late (0 when on time or within grace) and the penalty as % of the points.
 * Normal submissions and a graded discussion's first post both record it this way.
 */
export function submissionLateness(assignment: { latePolicy: LatePolicy; points: number }, dueAt: Date | null, submittedAt: Date) {
  const penalty = computeLatePenalty(assignment.latePolicy, { dueAt, submittedAt, rawScore: assignment.points, pointsPossible: assignment.points });
  const penaltyPercent = assignment.points > 0 ? Math.round((penalty.penaltyPoints / assignment.points) * 10_000) / 100 : 0;
  return { minutesLate: penalty.late ? penalty.minutesLate : 0, penaltyPercent };
}

type AttemptInput = {
  body: string;
  url?: string;
  uploads?: StoredUpload[];
  /** The attempt number the student's page offered: a second tab (or a double click) that submits the same one gets a 409. */
  attempt?: number;
};

const ALREADY_SUBMITTED = "This attempt was already submitted (perhaps from another tab). Reload the page to see it.";

async function submitAttempt(actor: Actor, assignmentId: string, input: AttemptInput, now: Date) {
  const view = await getAssignmentView(actor, assignmentId, now);
  if (isDiscussionAssignment(view.assignment.submissionTypes)) throw conflict("This is a graded discussion: post in the discussion instead.");
  if (!view.student) throw conflict("Only students in this course submit work.");
  const { schedule, attemptsLeft, submissions } = view.student;
  const block = STATE_BLOCKS[schedule.state];
  if (block) throw conflict(block(schedule.state === "NOT_OPEN" ? schedule.openAt : schedule.closeAt, actor.timeZone));
  if (attemptsLeft === 0) throw conflict("You have used all your attempts for this assignment.");
  const types = submissionTypesOf(view.assignment.submissionTypes);
  const body = input.body.trim();
  if (body && !types.includes("TEXT")) throw badRequest("This assignment takes no text answer.", { body: ["Submit a file or a link instead."] });
  const uploads = input.uploads ?? [];
  if (uploads.length && !types.includes("FILE")) throw badRequest("This assignment takes no file uploads.", { file: ["Files are not accepted here."] });
  const rawUrl = input.url?.trim() ?? "";
  if (rawUrl && !types.includes("URL")) throw badRequest("This assignment takes no links.", { url: ["Links are not accepted here."] });
  const url = rawUrl ? parseSubmissionUrl(rawUrl) : null;
  if (!body && !url && !uploads.length) {
    const what = types.map((t) => ({ TEXT: "write your answer", FILE: "choose a file", URL: "enter a link" })[t]).join(" or ");
    const field = types[0] === "FILE" ? "file" : types[0] === "URL" ? "url" : "body";
    throw badRequest(`Your submission is empty. ${what[0].toUpperCase()}${what.slice(1)} before submitting.`, { [field]: [`${what[0].toUpperCase()}${what.slice(1)} before submitting.`] });
  }
  const lateness = submissionLateness(view.assignment, schedule.dueAt, now);
  const attempt = (submissions[0]?.attempt ?? 0) + 1;
  if (input.attempt !== undefined && input.attempt !== attempt) throw conflict(ALREADY_SUBMITTED);
  let created;
  const data = {
    assignmentId,
    enrollmentId: view.access.enrollmentId!,
    attempt,
    body,
    url,
    submittedAt: now,
    ...lateness,
  };
  const select = { id: true, attempt: true, submittedAt: true, minutesLate: true, penaltyPercent: true } as const;
  try {
    // The attempt and all its files in one transaction.
    created = uploads.length
      ? await getDb().$transaction(async (tx) => {
          const files = [];
          for (const u of uploads) {
            files.push(
              await tx.storedFile.create({
                data: { courseId: view.access.course.id, ownerId: actor.id, key: u.key, filename: u.filename, contentType: u.contentType, size: u.size },
                select: { id: true },
              }),
            );
          }
          return tx.submission.create({ data: { ...data, files: { create: files.map((f) => ({ fileId: f.id })) } }, select });
        })
      : await getDb().submission.create({ data, select });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw conflict(ALREADY_SUBMITTED);
    }
    throw error;
  }
  await sendMail({
    to: actor.email,
    subject: `Submitted: ${view.assignment.title}`,
    text: [
      `We received attempt ${created.attempt} of "${view.assignment.title}" on ${formatDateTime(now, actor.timeZone)}.`,
      created.minutesLate > 0 ? `It was late; the late policy deducts ${created.penaltyPercent} % of the points.` : "It was on time.",
      "",
      new URL(`/courses/${view.access.course.slug}/assignments/${assignmentId}`, getEnv().APP_URL).toString(),
    ].join("\n"),
  });
  return created;
}
