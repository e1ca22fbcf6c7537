import { useActionData } from "@remix-run/react";
import type { FieldErrors } from "~/lib/errors";
import { Alert } from "./ui/alert";

type ActionResult = { ok?: boolean; message?: string; fieldErrors?: FieldErrors } | undefined;

/** The error message and field messages an action returned, if any. */
export function useFormErrors() {
  const result = useActionData() as ActionResult;
  const failed = result && result.ok === false;
  return {
    message: failed ? result.message : undefined,
    fieldErrors: (failed ? result.fieldErrors : undefined) ?? {},
  };
}

export function FormMessage({ message }: { message?: string }) {
  return message ? <Alert tone="error" title={message} /> : null;
}
