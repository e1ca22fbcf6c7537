/**
 * File and link submissions: the upload policy derived from an assignment's allowed
 * extensions and size, the streamed upload (413/415 with nothing stored), and URL checks.
 */
import { z } from "zod";
import { getStorage } from "~/integrations/storage/storage.server";
import { AppError, badRequest } from "~/lib/errors";
import { parseInput, readForm } from "~/lib/http.server";
import { receiveUploads, UPLOAD_POLICIES, type StoredUpload, type UploadPolicy } from "~/lib/uploads.server";
import { submissionTypesOf } from "./assignment-form";
import { getAssignmentView, submitAssignment } from "./assignments.server";
import type { Actor } from "./users.server";
import { assignmentDraftKey, deleteDraft } from "./drafts.server";

const MIME_OF: Record<string, string[]> = {
  pdf: ["application/pdf"],
  png: ["image/png"],
  jpg: ["image/jpeg"],
  jpeg: ["image/jpeg"],
  gif: ["image/gif"],
  webp: ["image/webp"],
  txt: ["text/plain"],
  md: ["text/markdown", "text/plain"],
  csv: ["text/csv"],
  zip: ["application/zip", "application/x-zip-compressed"],
  doc: ["application/msword"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  pptx: ["application/vnd.openxmlformats-officedocument.presentationml.presentation"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
};
const DEFAULT_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv", "zip", "docx", "pptx", "xlsx"];

export type SubmissionFileRules = { allowedFileTypes: string; maxFileMb: number };

/** The extensions a learner may upload ("pdf, docx"); an empty setting allows the usual document and image types. */
export function allowedExtensions(rules: SubmissionFileRules): string[] {
  const list = rules.allowedFileTypes.split(",").filter(Boolean);
  return list.length ? list : DEFAULT_EXTENSIONS;
}

/** The receiveUploads policy for the `file` field of a submission. */
export function submissionUploadPolicy(rules: SubmissionFileRules): UploadPolicy {
  const exts = allowedExtensions(rules);
  const allowed = rules.allowedFileTypes
    ? [...new Set(exts.flatMap((e) => MIME_OF[e] ?? ["application/octet-stream"]))]
    : UPLOAD_POLICIES.attachment.allowed;
  return { field: "file", label: "submission file", maxBytes: rules.maxFileMb * 1024 * 1024, allowed };
}

const extensionOf = (filename: string) => (/\.([a-z0-9]+)$/i.exec(filename)?.[1] ?? "").toLowerCase();

/**
 * Streams the multipart request's `file` into storage under the assignment's rules.
 * Too large → 413, wrong type or extension → 415, both with the limits spelled out and
 * nothing left in storage. Returns the text fields and the stored upload (if any).
 */
export async function receiveSubmissionUpload(request: Request, courseId: string, rules: SubmissionFileRules) {
  const exts = allowedExtensions(rules);
  const typesText = exts.join(", ");
  let received: { fields: Record<string, string>; files: Record<string, StoredUpload> };
  try {
    received = await receiveUploads(request, courseId, [submissionUploadPolicy(rules)]);
  } catch (error) {
    if (error instanceof AppError && error.code === "UNSUPPORTED_MEDIA_TYPE") {
      const name = /^"([^"]*)"/.exec(error.message)?.[1] ?? "That file";
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", `"${name}" is not an accepted file type. Upload one of: ${typesText}.`, { file: [`Allowed types: ${typesText}.`] });
    }
    if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE") {
      throw new AppError("PAYLOAD_TOO_LARGE", `That file is too large. The limit for this assignment is ${rules.maxFileMb} MB.`, { file: [`At most ${rules.maxFileMb} MB.`] });
    }
    throw error;
  }
  const upload = received.files.file ?? null;
  if (upload && !exts.includes(extensionOf(upload.filename))) {
    await getStorage().remove(upload.key);
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `"${upload.filename}" is not an accepted file type. Upload one of: ${typesText}.`, { file: [`Allowed types: ${typesText}.`] });
  }
  if (upload && upload.size === 0) {
    await getStorage().remove(upload.key);
    throw badRequest(`"${upload.filename}" is empty. Choose the file again.`, { file: ["The file is empty."] });
  }
  return { fields: received.fields, upload };
}

const urlSchema = z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "Enter a full web address starting with https:// or http://." }).max(2000, "Keep the link under 2,000 characters.");

/** A submitted link: http(s) only, with a real host name; 400 with a field message otherwise. */
export function parseSubmissionUrl(value: string): string {
  const result = urlSchema.safeParse(value.trim());
  if (!result.success) throw badRequest("Please correct the link.", { url: [result.error.issues[0].message] });
  return result.data;
}

export const submitSchema = z.object({
  body: z.string().max(200_000, "Keep your answer under 200,000 characters.").default(""),
  url: z.string().max(2000, "Keep the link under 2,000 characters.").default(""),
});

/**
 * One attempt from a request: a plain form (text, link) or multipart with a file. The
 * learner's right to submit a file is checked before a byte is stored.
 */
export async function submitFromRequest(actor: Actor, assignmentId: string, request: Request, now: Date) {
  const created = await submitRequest(actor, assignmentId, request, now);
  await deleteDraft(actor, assignmentDraftKey(assignmentId));
  return created;
}

/** What the learner is told after an attempt is stored. */
export function submissionNotice(s: { attempt: number; minutesLate: number; penaltyPercent: number }) {
  return s.minutesLate > 0
    ? `Attempt ${s.attempt} submitted late: ${s.penaltyPercent} % deducted. A receipt was emailed to you.`
    : `Attempt ${s.attempt} submitted on time. A receipt was emailed to you.`;
}

async function submitRequest(actor: Actor, assignmentId: string, request: Request, now: Date) {
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  if (!multipart) return submitAssignment(actor, assignmentId, parseInput(submitSchema, await readForm(request)), now);
  const view = await getAssignmentView(actor, assignmentId, now);
  if (!view.student) throw new AppError("CONFLICT", "Only students in this course submit work.");
  if (!submissionTypesOf(view.assignment.submissionTypes).includes("FILE")) throw badRequest("This assignment takes no file uploads.", { file: ["Files are not accepted here."] });
  const { fields, upload } = await receiveSubmissionUpload(request, view.access.course.id, view.assignment);
  let input;
  try {
    input = parseInput(submitSchema, fields);
  } catch (error) {
    if (upload) await getStorage().remove(upload.key);
    throw error;
  }
  return submitAssignment(actor, assignmentId, { ...input, upload }, now);
}
