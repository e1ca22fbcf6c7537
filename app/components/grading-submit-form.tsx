import { Form, useActionData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { FieldErrors } from "~/lib/errors";
import { sendWithProgress } from "~/lib/upload-request";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Field, TextAreaField } from "./ui/field";
import { ProgressBar } from "./ui/progress-bar";

type Reply = { ok?: boolean; notice?: string; message?: string; fieldErrors?: FieldErrors };


function problem(status: number, body: Reply | null): string {
  if (body?.message) return body.message;
  if (status === 413) return "A file is too large for this assignment.";
  if (status === 415) return "A file's type is not accepted for this assignment.";
  return "The upload failed. Check your connection and try again.";
}

/**
 * The learner's submit form: a text answer (saved in this browser at once and on the server
 * after a pause in typing, so it survives a closed browser or another device), a link, and
 * up to `maxFiles` files sent in one request with one progress bar for the whole upload.
 * Without JavaScript the same form posts to the page.
 */
export function GradingSubmitForm({
  assignmentId,
  types,
  allowedExtensions,
  maxFileMb,
  maxFiles = 10,
  late,
  attemptsHint,
  nextAttempt,
  fieldErrors,
  onSubmitted,
}: {
  /** Called with the receipt notice after an upload succeeds (the form itself may disappear on reload). */
  onSubmitted?: (notice: string) => void;
  assignmentId: string;
  types: string[];
  allowedExtensions: string[];
  maxFileMb: number;
  /** Files one attempt may hold (the server enforces the same limit). */
  maxFiles?: number;
  late: boolean;
  attemptsHint: string;
  /** Sent back with the form: a second tab submitting the same attempt gets a clear 409. */
  nextAttempt: number;
  fieldErrors: FieldErrors;
}) {
  const key = `assignment:${assignmentId}`;
  const localKey = `draft:${assignmentId}`;
  const text = useRef<HTMLTextAreaElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploading, setUploading] = useState(0);
  const [reply, setReply] = useState<Reply | null>(null);
  const { revalidate } = useRevalidator();
  const actionData = useActionData() as Reply | undefined;
  const busy = useNavigation().state === "submitting" || progress !== null;

  const clearDraft = () => {
    window.localStorage.removeItem(localKey);
    window.localStorage.removeItem(`${localKey}:at`);
    if (text.current) text.current.value = "";
    setSaved(null);
  };

  useEffect(() => {
    if (!text.current) return;
    const local = window.localStorage.getItem(localKey);
    const localAt = Number(window.localStorage.getItem(`${localKey}:at`) ?? 0);
    if (local && !text.current.value) text.current.value = local;
    let cancelled = false;
    fetch(`/api/drafts?key=${encodeURIComponent(key)}`, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<{ draft: { body: string; updatedAt: string } | null }>) : null))
      .then((data) => {
        const draft = data?.draft;
        if (cancelled || !draft || !text.current) return;
        if (!text.current.value || new Date(draft.updatedAt).getTime() > localAt) {
          text.current.value = draft.body;
          setSaved("Restored your saved draft.");
        }
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [key, localKey]);

  useEffect(() => {
    if (!actionData?.ok || !actionData.notice?.startsWith("Attempt")) return;
    window.localStorage.removeItem(localKey);
    window.localStorage.removeItem(`${localKey}:at`);
    if (text.current) text.current.value = "";
  }, [actionData, localKey]);

  const onInput = (value: string) => {
    window.localStorage.setItem(localKey, value);
    window.localStorage.setItem(`${localKey}:at`, String(Date.now()));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      fetch("/api/drafts", { method: "POST", body: new URLSearchParams({ key, body: value }) })
        .then((r) => setSaved(r.ok ? "Draft saved to your account." : "Saved in this browser only; we could not reach the server."))
        .catch(() => setSaved("Saved in this browser only; we could not reach the server."));
    }, 1000);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const files = Array.from((form.elements.namedItem("file") as HTMLInputElement | null)?.files ?? []);
    if (files.length === 0) return; // text and links go through the normal form post
    event.preventDefault();
    const tooBig = files.find((f) => f.size > maxFileMb * 1024 * 1024);
    if (files.length > maxFiles) {
      setReply({ ok: false, message: `You can hand in at most ${maxFiles} files per attempt; you chose ${files.length}.` });
      return;
    }
    if (tooBig) {
      setReply({ ok: false, message: `"${tooBig.name}" is too large. The limit for this assignment is ${maxFileMb} MB a file.` });
      return;
    }
    setUploading(files.length);
    setReply(null);
    setProgress(0);
    try {
      const res = await sendWithProgress<Reply>("POST", `/api/submissions/${assignmentId}`, new FormData(form), { onProgress: setProgress });
      if (res.status >= 200 && res.status < 300 && res.body?.ok) {
        setReply(res.body);
        if (res.body.notice) onSubmitted?.(res.body.notice);
        clearDraft();
        form.reset();
        revalidate();
      } else setReply({ ok: false, message: problem(res.status, res.body), fieldErrors: res.body?.fieldErrors });
    } catch {
      setReply({ ok: false, message: "The upload failed. Check your connection and try again." });
    } finally {
      setProgress(null);
      setUploading(0);
    }
  };

  const errors = reply?.fieldErrors ?? fieldErrors;
  return (
    <Form method="post" noValidate encType={types.includes("FILE") ? "multipart/form-data" : undefined} onSubmit={onSubmit}>
      <input type="hidden" name="attempt" value={nextAttempt} />
      {reply && !(reply.ok && onSubmitted) ? <Alert tone={reply.ok ? "success" : "error"} title={reply.ok ? reply.notice : reply.message} /> : null}
      {types.includes("TEXT") ? (
        <TextAreaField
          ref={text}
          label="Your answer"
          name="body"
          rows={8}
          errors={errors.body}
          onInput={(e) => onInput(e.currentTarget.value)}
          hint={`Saved as you type.${attemptsHint}`}
        />
      ) : null}
      {types.includes("URL") ? <Field label="Link to your work" name="url" type="url" placeholder="https://" errors={errors.url} hint="A full web address starting with https://." /> : null}
      {types.includes("FILE") ? (
        <Field
          label="Files"
          name="file"
          type="file"
          multiple
          accept={allowedExtensions.map((e) => `.${e}`).join(",")}
          errors={errors.file}
          hint={`Choose up to ${maxFiles} files. Accepted: ${allowedExtensions.join(", ")} · up to ${maxFileMb} MB each.`}
        />
      ) : null}
      {progress !== null ? (
        <div className="mb-4">
          <ProgressBar value={Math.round(progress * 100)} label="Upload progress" />
          <p className="mt-1 text-sm text-slate-700" aria-live="polite">
            Uploading {uploading} file{uploading === 1 ? "" : "s"}… {Math.round(progress * 100)} %
          </p>
        </div>
      ) : null}
      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {saved}
      </p>
      <Button disabled={busy}>{late ? "Submit late" : "Submit"}</Button>
    </Form>
  );
}
