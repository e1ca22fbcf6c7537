import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/errors";
import { fileSizeText } from "~/lib/file-size";
import { formatDateTime } from "~/lib/time";
import { Button } from "./ui/button";
import { Field, TextAreaField } from "./ui/field";

export type CommentItem = {
  id: string;
  body: string;
  createdAt: string | Date;
  mine: boolean;
  byStaff: boolean;
  authorName: string;
  file: { id: string; filename: string; size: number } | null;
};

/** The comment thread on one learner's work, with a form to add to it (posts `?intent=comment`). */
export function GradingComments({ comments, zone, errors, hidden }: { comments: CommentItem[]; zone: string; errors?: FieldErrors; hidden?: { enrollmentId: string } }) {
  return (
    <div>
      <h3 id="comments-heading" className="mb-2 font-semibold">
        Comments
      </h3>
      {comments.length === 0 ? <p className="mb-2 text-sm text-slate-700">No comments yet.</p> : null}
      <ul className="mb-3 space-y-2" aria-labelledby="comments-heading">
        {comments.map((c) => (
          <li key={c.id} className={`rounded border p-2 text-sm ${c.byStaff ? "border-brand-100 bg-brand-50" : "border-slate-200"}`}>
            <p className="font-medium">
              {c.mine ? "You" : c.authorName} · {formatDateTime(c.createdAt, zone)}
            </p>
            {c.body ? <p className="whitespace-pre-wrap">{c.body}</p> : null}
            {c.file ? (
              <p className="mt-1">
                <span className="text-slate-600">Attached: </span>
                <a href={`/files/${c.file.id}`} download={c.file.filename}>
                  {c.file.filename}
                </a>{" "}
                <span className="text-slate-600">({fileSizeText(c.file.size)})</span>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" action="?intent=comment" encType="multipart/form-data" noValidate>
        {hidden ? <input type="hidden" name="enrollmentId" value={hidden.enrollmentId} /> : null}
        <TextAreaField label="Add a comment" name="body" rows={3} errors={errors?.body} />
        <Field
          label="Attach a file (optional)"
          hint="PDF, images, text, CSV, ZIP or Office documents, up to 25 MB."
          name="file"
          type="file"
          errors={errors?.file}
        />
        <Button variant="secondary">Post comment</Button>
      </Form>
    </div>
  );
}
