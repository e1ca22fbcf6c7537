import { useId, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { sendWithProgress, type UploadReply } from "~/lib/upload-request";
import { Button } from "./ui/button";
import { UploadStatus, type UploadPhase } from "./upload-status";

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
const OTHER_TYPES = [".pdf", ".txt", ".csv", ".zip", ".docx", ".pptx", ".xlsx"];
const MAX_BYTES = 20 * 1024 * 1024;

type Reply = UploadReply<{ ok?: boolean; message?: string; markdown?: string; image?: boolean }>;

function problem(reply: Reply): string {
  if (reply.body?.message) return reply.body.message;
  if (reply.url.includes("/login")) return "Your session has ended. Sign in again in another tab, then retry the upload.";
  if (reply.status === 413) return "That file is too large: the limit for a lesson file is 20 MB.";
  if (reply.status === 415) return "That kind of file cannot go into a lesson. Use an image (PNG, JPEG, GIF, WebP), a PDF, an Office document, text, CSV or ZIP.";
  if (reply.status === 403) return "Only the course's instructors can add files to its lessons.";
  return "The server could not take the upload right now. Try again in a few minutes.";
}

/** Puts `text` where the cursor was in the textarea (replacing any selection) and fires `input` like typing would. */
function insertAtCursor(textarea: HTMLTextAreaElement, text: string) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  const before = textarea.value.slice(0, start);
  // A paragraph of its own: a blank line before (unless at the start or one is there already).
  const pad = !before || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  textarea.setRangeText(`${pad}${text}\n`, start, end, "end");
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
  textarea.focus();
}

/**
 * Upload an image or attachment into the lesson text: the Markdown link lands at the cursor of
 * the lesson textarea. Images need a description (alt text). Lives inside the item form, so its
 * inputs have no `name` (they are never submitted with the item) and Enter uploads instead.
 */
export function LessonUpload({ itemId, textareaRef }: { itemId: string; textareaRef: RefObject<HTMLTextAreaElement | null> }) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const altRef = useRef<HTMLInputElement>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const [phase, setPhase] = useState<UploadPhase>({ kind: "idle" });
  const [isImage, setIsImage] = useState(false);

  async function upload() {
    const file = fileRef.current?.files?.[0];
    const alt = altRef.current?.value.trim() ?? "";
    const fail = (message: string) => setPhase({ kind: "error", message });
    if (!file) {
      fileRef.current?.focus();
      return fail("Choose an image or a file to upload.");
    }
    if (file.size > MAX_BYTES) return fail(`"${file.name}" is larger than the 20 MB limit for a lesson file.`);
    if (IMAGE_TYPES.includes(file.type) && !alt) {
      altRef.current?.focus();
      return fail("Describe the image for people who cannot see it.");
    }
    const body = new FormData();
    body.set("alt", alt);
    body.set("file", file);
    let shown = -1;
    setPhase({ kind: "uploading", percent: 0 });
    try {
      const reply: Reply = await sendWithProgress("POST", `/api/items/${encodeURIComponent(itemId)}/uploads`, body, {
        onProgress: (fraction) => {
          const percent = Math.min(100, Math.floor(fraction * 100));
          if (percent !== shown) setPhase({ kind: "uploading", percent: (shown = percent) });
        },
        track: (xhr) => (xhrRef.current = xhr),
      });
      if (reply.status !== 200 || !reply.body?.ok || !reply.body.markdown) return fail(problem(reply));
      if (textareaRef.current) insertAtCursor(textareaRef.current, reply.body.markdown);
      if (fileRef.current) fileRef.current.value = "";
      if (altRef.current) altRef.current.value = "";
      setIsImage(false);
      setPhase({ kind: "done", message: `${reply.body.image ? "Image" : "Link to the file"} inserted into the lesson text. Save the item to keep it.` });
    } catch (error) {
      fail((error as Error).message === "aborted" ? "Upload cancelled. Nothing was changed." : "The upload was interrupted. Check your connection and try again.");
    }
  }

  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    void upload();
  };
  const busy = phase.kind === "uploading";
  return (
    <fieldset className="mb-4 rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">Add an image or attachment</legend>
      <p className="mb-3 text-sm text-slate-600">Uploads go where the cursor is in the lesson text. Images (PNG, JPEG, GIF, WebP), PDF, Office documents, text, CSV or ZIP; up to 20 MB.</p>
      <div className="mb-3">
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
          Image or file
        </label>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept={[...IMAGE_TYPES, ...OTHER_TYPES].join(",")}
          onChange={(e) => setIsImage(IMAGE_TYPES.includes(e.currentTarget.files?.[0]?.type ?? ""))}
          onKeyDown={onEnter}
          disabled={busy}
          className="mt-1 block text-sm"
        />
      </div>
      <div className="mb-3">
        <label htmlFor={`${id}-alt`} className="block text-sm font-medium text-slate-800">
          Image description (alt text){isImage ? " — required" : ""}
        </label>
        <input
          ref={altRef}
          id={`${id}-alt`}
          type="text"
          maxLength={300}
          required={isImage}
          aria-describedby={`${id}-alt-hint`}
          onKeyDown={onEnter}
          disabled={busy}
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600"
        />
        <p id={`${id}-alt-hint`} className="mt-1 text-sm text-slate-600">
          What the image shows, for people who cannot see it (screen readers read it aloud). Not needed for other files.
        </p>
      </div>
      <UploadStatus phase={phase} />
      <div className="flex gap-2">
        <Button type="button" variant="secondary" disabled={busy} onClick={() => void upload()}>
          {busy ? "Uploading…" : "Upload and insert"}
        </Button>
        {busy ? (
          <Button type="button" variant="secondary" onClick={() => xhrRef.current?.abort()}>
            Cancel upload
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
