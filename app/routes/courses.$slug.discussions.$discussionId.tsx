import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFormAction, useLoaderData } from "@remix-run/react";
import { DiscussionSettingsForm } from "~/components/discussion-settings-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftKey } from "~/domain/thread";
import { PostComposer } from "~/components/post-composer";
import { PostItem, toRowData } from "~/components/post-item";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { useListSubmit } from "~/lib/row-forms";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { discussionSettingsSchema, updateDiscussionSettings } from "~/services/discussions.server";
import { getThread, threadQuerySchema } from "~/services/discussions-thread.server";
import { GradedDiscussionBanner } from "~/components/graded-discussion-banner";
import { gradedDiscussionSummary } from "~/services/discussion-grading-view.server";
import { parseReaction, toggleReaction } from "~/services/reactions.server";
import { hideSchema, muteSchema, muteUser, reportPost, reportSchema, setPostHidden } from "~/services/moderation.server";
import {
  createPost,
  deletePost,
  draftSchema,
  editPost,
  editPostSchema,
  listRevisions,
  newPostSchema,
  postIdSchema,
  saveDraft,
  setFollowing,
  toggleAccept,
  toggleEndorse,
  toggleUpvote,
} from "~/services/posts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.discussion.title ?? "Discussion"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const url = new URL(request.url);
    const query = parseInput(threadQuerySchema, Object.fromEntries(url.searchParams));
    const now = new Date();
    const { assignmentId, rows, ...thread } = await getThread(user, { slug: params.slug }, params.discussionId!, query, now);
    const historyOf = url.searchParams.get("history");
    const history = historyOf && thread.access.canModerate ? { postId: historyOf, revisions: await listRevisions(user, { slug: params.slug }, params.discussionId!, historyOf, now) } : null;
    const graded = await gradedDiscussionSummary(user, { slug: params.slug }, params.discussionId!, now, { isStaff: thread.access.isStaff, assignmentId });
    return { ...thread, rows: rows.map((row) => toRowData(row, thread.access.canModerate)), history, graded, zone: user.timeZone };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const form = await readForm(request);
    const ref = { slug: params.slug };
    const id = params.discussionId!;
    const now = new Date();
    switch (form.intent) {
      case "reply":
        return { ok: true as const, intent: "reply", postId: (await createPost(user, ref, id, parseInput(newPostSchema, form), now)).id };
      case "edit":
        await editPost(user, ref, id, parseInput(editPostSchema, form), now);
        break;
      case "delete":
        await deletePost(user, ref, id, parseInput(postIdSchema, form), now);
        break;
      case "endorse":
        await toggleEndorse(user, ref, id, parseInput(postIdSchema, form), now);
        break;
      case "accept":
        await toggleAccept(user, ref, id, parseInput(postIdSchema, form), now);
        break;
      case "upvote":
        await toggleUpvote(user, ref, id, parseInput(postIdSchema, form), now);
        break;
      case "react":
        await toggleReaction(user, ref, id, parseReaction(form), now);
        break;
      case "follow":
      case "unfollow":
        await setFollowing(user, ref, id, form.intent === "follow", now);
        break;
      case "draft":
        await saveDraft(user, ref, id, parseInput(draftSchema, form), now);
        break;
      case "report":
        await reportPost(user, ref, id, parseInput(reportSchema, form), now);
        return { ok: true as const, intent: "report", message: "Thanks, the course staff will look at it." };
      case "hide":
      case "unhide":
        await setPostHidden(user, ref, id, parseInput(hideSchema, form), form.intent === "hide", now);
        break;
      case "mute":
        await muteUser(user, ref, parseInput(muteSchema, form), true);
        return { ok: true as const, intent: "mute", message: "Muted: they can read but not post. Unmute them from the reported posts page." };
      case "settings":
        await updateDiscussionSettings(user, ref, id, parseInput(discussionSettingsSchema, form), now);
        return { ok: true as const, intent: "settings", message: "Settings saved." };
      default:
        return { ok: false as const, message: "Unknown action." };
    }
    return { ok: true as const, intent: form.intent };
  });
}

export default function DiscussionThread() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok: boolean; intent?: string; postId?: string; message?: string; fieldErrors?: Record<string, string[]> } | undefined;
  const { discussion: d, access, rows, page, course } = data;
  const can = {
    canPost: access.postBlock === null,
    canReact: !d.locked && !(access.muted && !access.isStaff),
    canModerate: access.canModerate,
    canAccept: d.type === "QA" && (access.canModerate || d.isAsker),
    isQa: d.type === "QA",
    zone: data.zone,
  };
  const failed = result && result.ok === false ? result : null;
  // The posts' buttons are plain forms to this action, sent by the list (app/lib/row-forms.ts).
  const rowAction = useFormAction();
  const onRowSubmit = useListSubmit();
  const pager = (
    <nav aria-label="Thread pages" className="my-4 flex flex-wrap gap-3 text-sm">
      <Link to={page.first}>First page</Link>
      {page.prev ? <Link to={page.prev}>Earlier posts</Link> : null}
      {page.next ? <Link to={page.next}>Later posts</Link> : null}
      <Link to={page.last}>Last page</Link>
    </nav>
  );
  return (
    <div>
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/discussions`}>All discussions</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold text-slate-900">{d.title}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {d.type === "QA" ? "Question" : "Discussion"} started by {d.startedBy}
        {d.pinned ? " · Pinned" : ""}
        {d.locked ? " · Locked" : ""}
        {!d.published ? " · Not published (staff only)" : ""}
        {d.postFirst ? " · Post first: you see classmates' replies after your own" : ""}
        {d.anonymous ? " · Students post anonymously to classmates" : ""}
        {d.closeAt ? ` · Closes ${formatDateTime(d.closeAt, data.zone)}` : ""}
      </p>
      {d.html ? <div className="prose prose-slate mt-4 max-w-none" dangerouslySetInnerHTML={{ __html: d.html }} /> : null}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value={data.following ? "unfollow" : "follow"} />
          <Button variant="secondary">{data.following ? "Unfollow thread" : "Follow thread"}</Button>
        </Form>
        {data.firstUnreadHref ? <Link to={data.firstUnreadHref}>Jump to first unread</Link> : null}
      </div>
      {failed?.message ? (
        <div className="mt-4">
          <Alert tone="error" title={failed.message} />
        </div>
      ) : null}
      {result?.ok && result.message ? (
        <div className="mt-4">
          <Alert tone="success" title={result.message} />
        </div>
      ) : null}
      {access.postBlock ? (
        <div className="mt-4">
          <Alert tone="info" title={access.postBlock.message} />
        </div>
      ) : null}
      {!access.canSeeOthers ? (
        <div className="mt-4">
          <Alert tone="info" title="Post your answer first: you'll see your classmates' posts after you post." />
        </div>
      ) : null}
      {data.graded ? <GradedDiscussionBanner summary={data.graded} zone={data.zone} /> : null}
      {access.canModerate ? <DiscussionSettingsForm discussion={d} errors={failed?.fieldErrors} grading={data.graded?.form} /> : null}
      {data.history ? (
        <section aria-labelledby="history-title" className="mt-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
          <h2 id="history-title" className="font-semibold">
            Earlier versions
          </h2>
          <ol className="mt-2 space-y-2">
            {data.history.revisions.map((r) => (
              <li key={r.id}>
                <p className="text-sm text-slate-600">Until {formatDateTime(r.createdAt, data.zone)}</p>
                <div className="prose prose-slate max-w-none" dangerouslySetInnerHTML={{ __html: r.html }} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <h2 className="mt-6 text-lg font-semibold">Posts</h2>
      {pager}
      {rows.length === 0 ? <p className="text-slate-600">No posts yet.</p> : null}
      <ol className="space-y-3" aria-label="Posts" onSubmit={onRowSubmit}>
        {rows.map((row) => (
          <PostItem key={`${row.id}:${result?.postId ?? ""}`} post={row} can={can} slug={course.slug} discussionId={d.id} action={rowAction} draft={data.drafts[draftKey(d.id, row.id)]} />
        ))}
      </ol>
      {rows.length ? pager : null}
      {can.canPost ? (
        <section aria-labelledby="new-post" className="mt-6">
          <h2 id="new-post" className="text-lg font-semibold">
            {d.type === "QA" ? "Your answer" : "Your post"}
          </h2>
          <PostComposer
            key={result?.intent === "reply" ? result.postId : "composer"}
            label={d.type === "QA" ? "Answer" : "Post"}
            draft={data.drafts[draftKey(d.id, null)]}
            submitLabel="Post"
            errors={failed?.fieldErrors?.body}
          />
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
