import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsvFileInput } from "~/components/csv-file-input";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GradebookImportPreview } from "~/components/gradebook-import-preview";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { TextAreaField } from "~/components/ui/field";
import { AppError } from "~/lib/errors";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { applyGradeImport, gradeImportSchema, previewGradeImport } from "~/services/grade-import.server";
import { requireCourseRole, STAFF } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Import scores · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course } = await requireCourseRole(user, { slug: params.slug }, STAFF, "Only course staff can import grades.");
    return { course };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await requireCourseRole(user, { slug: params.slug }, STAFF, "Only course staff can import grades.");
    const intent = new URL(request.url).searchParams.get("intent") ?? "preview";
    const input = await parseForm(request, gradeImportSchema);
    if (intent === "apply") {
      try {
        return { ok: true as const, applied: await applyGradeImport(user, course.id, input, new Date()) };
      } catch (error) {
        // The preview went stale (or a save failed): nothing was written; show the current preview.
        if (!(error instanceof AppError) || error.code !== "CONFLICT") throw error;
        return data({ ok: false as const, message: error.message, csv: input.csv, preview: await previewGradeImport(user, course.id, input) }, { status: 409 });
      }
    }
    return { ok: true as const, csv: input.csv, preview: await previewGradeImport(user, course.id, input) };
  });
}

export default function ImportScores() {
  const { course } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const preview = result && "preview" in result && result.preview ? { csv: result.csv ?? "", preview: result.preview } : null;
  const applied = result && "applied" in result ? result.applied : null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Import scores</h1>
        <Link to={`/courses/${course.slug}/gradebook`}>Back to the gradebook</Link>
      </div>
      <FormMessage message={message} />
      {applied ? (
        <Alert tone="success" title={`${applied.applied} score${applied.applied === 1 ? "" : "s"} saved.`}>
          {applied.rejected ? `${applied.rejected} problem${applied.rejected === 1 ? " was" : "s were"} skipped as shown in the preview. ` : ""}
          Each change is in the grade history with the reason “CSV import”.
        </Alert>
      ) : null}
      {preview ? (
        <Card>
          <GradebookImportPreview preview={preview.preview} />
          {preview.preview.changes.length ? (
            <Form method="post" action="?intent=apply" className="mt-4">
              <input type="hidden" name="csv" value={preview.csv} />
              <input type="hidden" name="expected" value={preview.preview.fingerprint} />
              <Button>Apply {preview.preview.changes.length} change{preview.preview.changes.length === 1 ? "" : "s"}</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
      <Card>
        <p className="mb-4 text-sm text-slate-700">
          Use the gradebook’s CSV layout: an <strong>email</strong> column and one column per assignment, titled as in the gradebook. A number is the score
          before any late penalty, <strong>EX</strong> excuses, an empty cell changes nothing. Nothing is saved until you check the preview and apply it.
        </p>
        <Form method="post" action="?intent=preview" noValidate>
          <TextAreaField label="Scores (CSV)" name="csv" rows={10} defaultValue={preview?.csv ?? ""} errors={fieldErrors.csv} />
          <CsvFileInput targetName="csv" />
          <Button>Preview changes</Button>
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
