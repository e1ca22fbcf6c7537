import { unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { AppError } from "./errors";
import { assertSameOrigin } from "./http.server";
import { getStorage, storageKey, TooLargeError } from "~/integrations/storage/storage.server";

export type UploadPolicy = { field: string; allowed: string[]; maxBytes: number; label: string };

export type StoredUpload = { key: string; filename: string; contentType: string; size: number };

/** Documents and images a person attaches: PDF, images, text, CSV, zip and Office files. */
const DOCUMENT_TYPES = [
  "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv", "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

export const UPLOAD_POLICIES = {
  attachment: { field: "file", label: "attachment", maxBytes: 50 * 1024 * 1024, allowed: DOCUMENT_TYPES },
  /** A grader's (or learner's) file on a submission's feedback thread: a marked-up PDF, an annotated image. */
  feedback: { field: "file", label: "feedback file", maxBytes: 25 * 1024 * 1024, allowed: DOCUMENT_TYPES },
  video: { field: "file", label: "video", maxBytes: 2 * 1024 * 1024 * 1024, allowed: ["video/mp4", "video/webm", "video/quicktime"] },
  captions: { field: "captions", label: "captions file", maxBytes: 2 * 1024 * 1024, allowed: ["text/vtt"] },
} satisfies Record<string, UploadPolicy>;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Streams the file parts of a multipart request straight into storage (never
 * buffering a whole file), enforcing the size limit (413) and the content-type
 * allow-list (415). Returns the text fields and the stored files.
 */
export async function receiveUploads(request: Request, courseId: string, policies: UploadPolicy[]) {
  assertSameOrigin(request);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the file as a form upload (multipart/form-data).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  const largest = Math.max(...policies.map((p) => p.maxBytes));
  if (declared > largest + 1_000_000) {
    throw new AppError("PAYLOAD_TOO_LARGE", `That upload is too large. The limit is ${mb(largest)}.`);
  }
  const files: Record<string, StoredUpload> = {};
  const fields: Record<string, string> = {};
  const stored: string[] = [];
  try {
    await parseMultipartFormData(request, async (part) => {
      const policy = policies.find((p) => p.field === part.name);
      if (!part.filename) {
        let text = "";
        const decoder = new TextDecoder();
        for await (const chunk of part.data) {
          text += decoder.decode(chunk, { stream: true });
          if (text.length > 100_000) throw new AppError("PAYLOAD_TOO_LARGE", "A form field is too long.");
        }
        fields[part.name] = text;
        return undefined;
      }
      if (!policy) return undefined;
      const type = part.contentType.split(";")[0].trim().toLowerCase();
      if (!policy.allowed.includes(type)) {
        throw new AppError(
          "UNSUPPORTED_MEDIA_TYPE",
          `"${part.filename}" is a ${type || "unknown"} file; a ${policy.label} must be one of: ${policy.allowed.map((a) => a.split("/")[1]).join(", ")}.`,
        );
      }
      const key = storageKey(courseId, randomUUID(), part.filename);
      stored.push(key);
      try {
        const { size } = await getStorage().put(key, part.data, policy.maxBytes);
        files[part.name] = { key, filename: part.filename, contentType: type, size };
      } catch (error) {
        if (error instanceof TooLargeError) {
          throw new AppError("PAYLOAD_TOO_LARGE", `"${part.filename}" is larger than the ${mb(policy.maxBytes)} limit for a ${policy.label}.`);
        }
        throw error;
      }
      return undefined;
    });
  } catch (error) {
    for (const key of stored) await getStorage().remove(key);
    throw error;
  }
  return { fields, files };
}
