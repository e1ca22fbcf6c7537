import type { ReactNode } from "react";

/**
 * A plain `<form method="post">` of a list row (a post's Upvote, a module's Delete): its fields
 * as hidden inputs and its button(s) as children. The list sends it with one handler
 * (useListSubmit, app/lib/row-forms.ts); without JavaScript it posts as plain HTML. With
 * `confirmText`, a confirm() comes first, and "no" stops the submission.
 */
export function RowForm({ action, fields, confirmText, className, children }: { action: string; fields: Record<string, string | undefined>; confirmText?: string; className?: string; children: ReactNode }) {
  return (
    <form
      method="post"
      action={action}
      className={className}
      onSubmit={
        confirmText
          ? (event) => {
              if (!confirm(confirmText)) event.preventDefault();
            }
          : undefined
      }
    >
      {Object.entries(fields).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
      {children}
    </form>
  );
}
