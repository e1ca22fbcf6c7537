import { useFormAction, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";

/**
 * One submit handler for the many small forms of a list (a thread's Upvote, Delete, Endorse…
 * buttons, twenty posts a page). Each row renders a plain `<form method="post" action={action}>`,
 * which works without JavaScript; with it, the list's `onSubmit` sends the form the way a Remix
 * `<Form>` would (a client-side submission, then the page's data is revalidated). A `<Form>` a row
 * resolves the route's action and subscribes to the router on its own, which was about 10 % of a
 * thread page's server time (docs/decisions.md). Forms that handle their own submit (a fetcher's,
 * a Remix `<Form>`) call preventDefault first and are left alone.
 */
export function useRowForms() {
  const action = useFormAction();
  const submit = useSubmit();
  const onSubmit = (event: FormEvent<HTMLElement>) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    submit(submitterOf(event) ?? form);
  };
  return { action, onSubmit };
}

/** The button that submitted the form, so its name and value are sent too. */
export function submitterOf(event: FormEvent<HTMLElement>): HTMLButtonElement | HTMLInputElement | null {
  const submitter = (event.nativeEvent as SubmitEvent).submitter;
  return submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : null;
}
