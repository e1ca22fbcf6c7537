import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ItemVideo } from "~/components/item-video";
import { buttonClass, Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { fileSizeText } from "~/lib/file-size";
import { requireUser } from "~/lib/session.server";
import { openItem, setItemDone } from "~/services/study.server";
import { getVideoForViewer } from "~/services/videos.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.item.title ?? "Item"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const preview = new URL(request.url).searchParams.get("preview") === "student";
    const opened = await openItem(user, params.itemId ?? "", new Date(), preview);
    const video = opened.item.kind === "VIDEO" ? await getVideoForViewer(user, opened.item.id) : null;
    return {
      course: opened.access.course,
      isStaff: opened.access.isStaff,
      isStudent: opened.access.role === "STUDENT",
      item: {
        id: opened.item.id,
        title: opened.item.title,
        kind: opened.item.kind,
        bodyHtml: opened.item.bodyHtml,
        completionRule: opened.item.completionRule,
        assignmentId: opened.item.assignmentId,
        file: opened.item.file,
      },
      moduleTitle: opened.moduleTitle,
      progress: opened.progress,
      video,
      previous: opened.previous ? { id: opened.previous.id, title: opened.previous.title, locked: opened.previous.state === "LOCKED" } : null,
      next: opened.next ? { id: opened.next.id, title: opened.next.title, locked: opened.next.state === "LOCKED", lockText: opened.next.lockText } : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { done } = await parseForm(request, z.object({ done: z.enum(["yes", "no"]) }));
    await setItemDone(user, params.itemId ?? "", done === "yes", new Date());
    return { ok: true as const };
  });
}

export default function ItemPage() {
  const { course, isStaff, isStudent, item, moduleTitle, progress, video, previous, next } = useLoaderData<typeof loader>();
  const done = Boolean(progress?.completedAt);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link to={`/courses/${course.slug}`}>{course.title}</Link> / {moduleTitle}
      </nav>
      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-bold">{item.title}</h1>
          {isStaff ? <Link to={`/courses/${course.slug}/items/${item.id}/edit`}>Edit item</Link> : null}
        </div>
        <div className="mt-4">
          {item.kind === "LESSON" ? <div className="prose-content" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : null}
          {item.kind === "VIDEO" ? <ItemVideo itemId={item.id} title={item.title} video={video} startAt={progress?.positionSeconds ?? 0} /> : null}
          {item.kind === "FILE" ? (
            item.file ? (
              <a href={`/files/${item.file.id}`} className={buttonClass("secondary", "no-underline")}>
                Download {item.file.filename} ({fileSizeText(item.file.size)})
              </a>
            ) : (
              <p className="text-slate-700">No file has been uploaded yet.</p>
            )
          ) : null}
          {item.kind === "ASSIGNMENT" && item.assignmentId ? (
            <Link to={`/courses/${course.slug}/assignments/${item.assignmentId}`} className={buttonClass("primary", "no-underline")}>
              Open the assignment
            </Link>
          ) : null}
        </div>
        {isStudent && item.completionRule === "MARK_DONE" ? (
          <Form method="post" className="mt-6">
            <input type="hidden" name="done" value={done ? "no" : "yes"} />
            <Button variant={done ? "secondary" : "primary"}>{done ? "Marked as done — undo" : "Mark as done"}</Button>
          </Form>
        ) : null}
        {isStudent && item.completionRule === "WATCH" ? (
          <p className="mt-4 text-sm text-slate-700">Watched so far: {Math.round(progress?.watchedPercent ?? 0)}%. Skipping ahead does not count.</p>
        ) : null}
      </Card>
      <nav aria-label="Previous and next" className="flex justify-between gap-4">
        {previous ? <Link to={`/courses/${course.slug}/items/${previous.id}`}>← {previous.title}</Link> : <span />}
        {next ? (
          next.locked ? (
            <span className="text-slate-600">
              Next: {next.title} ({next.lockText})
            </span>
          ) : (
            <Link to={`/courses/${course.slug}/items/${next.id}`}>{next.title} →</Link>
          )
        ) : (
          <Link to={`/courses/${course.slug}`}>Back to the course</Link>
        )}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
