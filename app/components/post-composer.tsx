import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./ui/button";

export const MAX_POST_CHARS = 20_000;

/**
 * The post editor: Markdown with a live, server-sanitized preview (POST /api/posts/preview) and an
 * autosave of the text (intent=draft on the thread's action, every second of idle typing), so
 * nothing typed is lost; the server deletes the draft when the post is saved.
 */
export function PostComposer({
  label,
  draft,
  parentId,
  submitLabel,
  intent = "reply",
  postId,
  errors,
  onDone,
}: {
  label: string;
  draft?: string;
  parentId?: string;
  submitLabel: string;
  intent?: "reply" | "edit";
  postId?: string;
  errors?: string[];
  onDone?: () => void;
}) {
  const id = useId();
  const [body, setBody] = useState(draft ?? "");
  const [showPreview, setShowPreview] = useState(false);
  const preview = useFetcher<{ html?: string; message?: string }>();
  const saver = useFetcher();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setBody(value);
    if (intent !== "reply") return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      saver.submit({ intent: "draft", body: value, ...(parentId ? { parentId } : {}) }, { method: "post" });
    }, 1000);
  };
  const togglePreview = () => {
    const next = !showPreview;
    setShowPreview(next);
    if (next) preview.submit({ body }, { method: "post", action: "/api/posts/preview" });
  };
  const over = body.length > MAX_POST_CHARS;
  return (
    <Form method="post" className="mt-3" onSubmit={() => clearTimeout(timer.current)} onReset={onDone}>
      <input type="hidden" name="intent" value={intent} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {postId ? <input type="hidden" name="postId" value={postId} /> : null}
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        rows={5}
        value={body}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
        aria-invalid={errors?.length || over ? true : undefined}
        className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600"
      />
      <p id={`${id}-hint`} className={`mt-1 text-sm ${over ? "font-medium text-red-700" : "text-slate-600"}`}>
        Markdown works. Mention someone with @Name (no spaces). {body.length.toLocaleString("en-US")} / {MAX_POST_CHARS.toLocaleString("en-US")} characters.
        {intent === "reply" && saver.state === "idle" && saver.data ? " Draft saved." : null}
      </p>
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
      {showPreview ? (
        <div aria-live="polite" className="mt-2 rounded-md border border-dashed border-slate-300 p-3">
          <p className="text-xs font-semibold uppercase text-slate-600">Preview</p>
          {preview.data?.html !== undefined ? (
            <div className="prose prose-slate max-w-none" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
          ) : (
            <p className="text-sm text-slate-600">{preview.data?.message ?? "Loading preview…"}</p>
          )}
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button disabled={busy}>{busy ? "Posting…" : submitLabel}</Button>
        <Button type="button" variant="secondary" onClick={togglePreview} aria-pressed={showPreview}>
          {showPreview ? "Hide preview" : "Preview"}
        </Button>
        {onDone ? (
          <Button type="reset" variant="ghost">
            Cancel
          </Button>
        ) : null}
      </div>
    </Form>
  );
}
