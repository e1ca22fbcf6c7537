import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { useRef } from "react";
import { LessonUpload } from "~/components/lesson-upload";
import { VideoUploader } from "~/components/video-uploader";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { CheckboxField, Field, SelectField, TextAreaField } from "~/components/ui/field";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { receiveUploads, UPLOAD_POLICIES } from "~/lib/uploads.server";
import { requireUser } from "~/lib/session.server";
import { attachItemFile, getItemForEdit, itemSchema, updateItem } from "~/services/modules.server";
import { getVideoUploadOptions } from "~/services/videos.server";

export const meta: MetaFunction = () => [{ title: "Edit item · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { item, access, assignments, file, videoStatus } = await getItemForEdit(user, params.itemId ?? "");
    return { item, course: access.course, assignments, file, videoStatus, videoOptions: getVideoUploadOptions() };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const itemId = params.itemId ?? "";
    const { item, access } = await getItemForEdit(user, itemId);
    if (new URL(request.url).searchParams.get("intent") === "file") {
      const { files } = await receiveUploads(request, item.courseId, [UPLOAD_POLICIES.attachment]);
      if (!files.file) return { ok: false as const, message: "Choose a file to upload.", fieldErrors: { file: ["Choose a file to upload."] } };
      await attachItemFile(user, itemId, files.file);
      return { ok: true as const };
    }
    await updateItem(user, itemId, parseInput(itemSchema, { ...(await readForm(request)), kind: item.kind }));
    return redirect(`/courses/${access.course.slug}/items/${itemId}`);
  });
}

const RULES = [
  ["VIEW", "Viewed"],
  ["MARK_DONE", "Marked as done by the student"],
  ["WATCH", "Watched at least N % (videos)"],
  ["SUBMIT", "Submitted (assignments)"],
] as const;

export default function EditItem() {
  const { item, course, assignments, file, videoStatus, videoOptions } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/modules`}>All modules</Link> · <Link to={`/courses/${course.slug}/items/${item.id}`}>View item</Link>
      </p>
      <FormMessage message={message} />
      <Card>
        <h1 className="mb-4 text-xl font-semibold">Edit {item.kind.toLowerCase()}</h1>
        <Form method="post" noValidate>
          <Field label="Title" name="title" defaultValue={item.title} errors={fieldErrors.title} />
          {item.kind === "LESSON" ? (
            <>
              <TextAreaField
                ref={bodyRef}
                label="Lesson text"
                name="body"
                rows={14}
                defaultValue={item.body}
                hint="Markdown: headings (#), lists, **bold**, `code`, ```code blocks```, links and images (https or uploaded files)."
                errors={fieldErrors.body}
              />
              <LessonUpload itemId={item.id} textareaRef={bodyRef} />
            </>
          ) : null}
          {item.kind === "ASSIGNMENT" ? (
            <SelectField label="Assignment" name="assignmentId" defaultValue={item.assignmentId ?? ""} errors={fieldErrors.assignmentId}>
              {assignments.map((a) => (
                <option key={a.id} value={a.id}>{a.title}</option>
              ))}
            </SelectField>
          ) : null}
          <div className="grid gap-x-4 sm:grid-cols-2">
            <SelectField label="Complete when" name="completionRule" defaultValue={item.completionRule} errors={fieldErrors.completionRule}>
              {RULES.map(([v, l]) => (
                <option key={v} value={v}>{l}</option>
              ))}
            </SelectField>
            <Field label="N % (for watching)" name="completionThreshold" type="number" min={1} max={100} defaultValue={item.completionThreshold ?? ""} errors={fieldErrors.completionThreshold} />
          </div>
          <CheckboxField label="Published" name="published" defaultChecked={item.published} />
          <Button>Save item</Button>
        </Form>
      </Card>
      {item.kind === "FILE" ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">File</h2>
          {file ? <p className="mb-3 text-sm">Current file: <a href={`/files/${file.id}`}>{file.filename}</a></p> : null}
          <Form method="post" action="?intent=file" encType="multipart/form-data">
            <Field label="Upload a file (PDF, images, Office documents, ZIP; up to 50 MB)" name="file" type="file" errors={fieldErrors.file} />
            <Button variant="secondary">Upload file</Button>
          </Form>
        </Card>
      ) : null}
      {item.kind === "VIDEO" ? <VideoUploader itemId={item.id} currentStatus={videoStatus} {...videoOptions} /> : null}
    </div>
  );
}
