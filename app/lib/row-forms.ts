import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";

/**
 * One submit handler for the many small forms of a list (a thread's Upvote, Delete, Endorse…
 * buttons; the module editor's move, duplicate and delete buttons). Each row renders a plain
 * `<form method="post" action={action}>`, the action resolved once for the page with
 * `useFormAction`, which works without JavaScript; with it, the list's `onSubmit` sends the form
 * the way a Remix `<Form>` would (a client-side submission, then the page's data is revalidated).
 * A `<Form>` a row resolves its action and subscribes to the router on its own: about 10 % of a
 * thread page's server time (docs/decisions.md). Forms that handle their own submit (a fetcher's,
 * a Remix `<Form>`, a confirm() that says no) call preventDefault first and are left alone.
 */
export function useListSubmit() {
  const submit = useSubmit();
  return (event: FormEvent<HTMLElement>) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    submit(submitterOf(event) ?? form);
  };
}

/** The button that submitted the form, so its name and value are sent too. */
export function submitterOf(event: FormEvent<HTMLElement>): HTMLButtonElement | HTMLInputElement | null {
  const submitter = (event.nativeEvent as SubmitEvent).submitter;
  return submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : null;
}
