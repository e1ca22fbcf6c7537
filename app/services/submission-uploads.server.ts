/**
 * File and link submissions: the upload policy derived from an assignment's allowed
 * extensions and size, the streamed upload of up to 10 files an attempt (413/415 naming the
 * file, with nothing stored), and URL checks.
 */
import { unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getStorage, storageKey, TooLargeError } from "~/integrations/storage/storage.server";
import { AppError, badRequest, conflict } from "~/lib/errors";
import { assertSameOrigin, parseInput, readForm } from "~/lib/http.server";
import { UPLOAD_POLICIES, type StoredUpload, type UploadPolicy } from "~/lib/uploads.server";
import { isDiscussionAssignment, submissionTypesOf } from "./assignment-form";
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

/** How many files one attempt may hold. */
export const MAX_FILES_PER_ATTEMPT = 10;

/** The content types accepted for the `file` field of a submission under the assignment's rules. */
export function submissionUploadPolicy(rules: SubmissionFileRules): UploadPolicy {
  const exts = allowedExtensions(rules);
  const allowed = rules.allowedFileTypes
    ? [...new Set(exts.flatMap((e) => MIME_OF[e] ?? ["application/octet-stream"]))]
    : UPLOAD_POLICIES.attachment.allowed;
  return { field: "file", label: "submission file", maxBytes: rules.maxFileMb * 1024 * 1024, allowed };
}

const extensionOf = (filename: string) => (/\.([a-z0-9]+)$/i.exec(filename)?.[1] ?? "").toLowerCase();
const MAX_FIELD_CHARS = 250_000;

/**
 * Streams every `file` part of the multipart request into storage under the assignment's
 * rules (one to MAX_FILES_PER_ATTEMPT files). Each file is checked as it arrives: wrong type
 * or extension → 415, over the size limit → 413, empty → 400, too many files → 400, each
 * message naming the file. Any refusal removes every file already stored for this request,
 * so a refused attempt leaves nothing behind. Returns the text fields and the stored files.
 */
export async function receiveSubmissionUploads(request: Request, courseId: string, rules: SubmissionFileRules) {
  assertSameOrigin(request);
  const exts = allowedExtensions(rules);
  const typesText = exts.join(", ");
  const policy = submissionUploadPolicy(rules);
  const limit = `The limit for this assignment is ${rules.maxFileMb} MB a file.`;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FILES_PER_ATTEMPT * policy.maxBytes + 1_000_000) {
    throw new AppError("PAYLOAD_TOO_LARGE", `This upload is too large: at most ${MAX_FILES_PER_ATTEMPT} files of up to ${rules.maxFileMb} MB each.`, { file: [`At most ${rules.maxFileMb} MB a file.`] });
  }
  const fields: Record<string, string> = {};
  const uploads: StoredUpload[] = [];
  const stored: string[] = [];
  try {
    await parseMultipartFormData(request, async (part) => {
      if (!part.filename) {
        let text = "";
        const decoder = new TextDecoder();
        for await (const chunk of part.data) {
          text += decoder.decode(chunk, { stream: true });
          if (text.length > MAX_FIELD_CHARS) throw new AppError("PAYLOAD_TOO_LARGE", "A form field is too long.");
        }
        if (part.name !== "file") fields[part.name] = text;
        return undefined;
      }
      if (part.name !== "file") return undefined;
      if (uploads.length >= MAX_FILES_PER_ATTEMPT) {
        throw badRequest(`You can hand in at most ${MAX_FILES_PER_ATTEMPT} files per attempt; "${part.filename}" is one too many.`, { file: [`At most ${MAX_FILES_PER_ATTEMPT} files.`] });
      }
      const type = part.contentType.split(";")[0].trim().toLowerCase();
      if (!policy.allowed.includes(type) || !exts.includes(extensionOf(part.filename))) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", `"${part.filename}" is not an accepted file type. Upload one of: ${typesText}.`, { file: [`Allowed types: ${typesText}.`] });
      }
      const key = storageKey(courseId, randomUUID(), part.filename);
      stored.push(key);
      let size: number;
      try {
        ({ size } = await getStorage().put(key, part.data, policy.maxBytes));
      } catch (error) {
        if (error instanceof TooLargeError) throw new AppError("PAYLOAD_TOO_LARGE", `"${part.filename}" is too large. ${limit}`, { file: [`At most ${rules.maxFileMb} MB a file.`] });
        throw error;
      }
      if (size === 0) throw badRequest(`"${part.filename}" is empty. Choose the file again.`, { file: ["The file is empty."] });
      uploads.push({ key, filename: part.filename, contentType: type, size });
      return undefined;
    });
  } catch (error) {
    await removeAll(stored);
    throw error;
  }
  return { fields, uploads };
}

async function removeAll(keys: string[]) {
  for (const key of keys) await getStorage().remove(key);
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
  /** The attempt number the page offered (absent from older pages and API clients: then not checked). */
  attempt: z.coerce.number({ error: "The attempt number must be a whole number." }).int("The attempt number must be a whole number.").min(1, "The attempt number must be 1 or more.").optional(),
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
  if (isDiscussionAssignment(view.assignment.submissionTypes)) throw conflict("This is a graded discussion: post in the discussion instead.");
  if (!view.student) throw new AppError("CONFLICT", "Only students in this course submit work.");
  if (!submissionTypesOf(view.assignment.submissionTypes).includes("FILE")) throw badRequest("This assignment takes no file uploads.", { file: ["Files are not accepted here."] });
  const { fields, uploads } = await receiveSubmissionUploads(request, view.access.course.id, view.assignment);
  let input;
  try {
    input = parseInput(submitSchema, fields);
  } catch (error) {
    await removeAll(uploads.map((u) => u.key));
    throw error;
  }
  // submitAssignment stores the attempt with all its files in one transaction, or removes them all.
  return submitAssignment(actor, assignmentId, { ...input, uploads }, now);
}

