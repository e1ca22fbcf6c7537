import { forwardRef, useEffect, useImperativeHandle, useRef, type TextareaHTMLAttributes } from "react";
import type { FieldErrors } from "~/lib/errors";
import { TextAreaField } from "./ui/field";

export type DraftHandle = { clear: () => void };

/**
 * A textarea whose text is kept in this browser (localStorage) under `draftKey`
 * as the person types, and restored when the page opens again, so a closed tab
 * or a failed submit never loses what they wrote.
 */
export const DraftTextArea = forwardRef<
  DraftHandle,
  { draftKey: string; label: string; name: string; errors?: FieldErrors[string]; hint?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>
>(function DraftTextArea({ draftKey, ...props }, handle) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const saved = window.localStorage.getItem(draftKey);
    if (saved && ref.current && !ref.current.value) ref.current.value = saved;
  }, [draftKey]);
  useImperativeHandle(handle, () => ({
    clear: () => {
      window.localStorage.removeItem(draftKey);
      if (ref.current) ref.current.value = "";
    },
  }));
  return <TextAreaField ref={ref} {...props} onInput={(e) => window.localStorage.setItem(draftKey, e.currentTarget.value)} />;
});
