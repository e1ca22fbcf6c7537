import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import type { ThreadRowView } from "~/domain/thread";
import { formatDateTime } from "~/lib/time";
import { PostComposer } from "./post-composer";
import { PostReactionBar } from "./post-reactions";
import { RowForm } from "./row-form";
import { Button } from "./ui/button";

/** A post as the thread page renders it: the visibility-checked view plus page-level facts. */
export type PostRowData = Omit<ThreadRowView, "parentId" | "depth" | "createdAt"> & { createdAt: string | Date };

/**
 * What the page sends for a row: only the fields PostItem reads. The Markdown source is only
 * needed to edit one's own post (others' posts show their rendered html), so a student's page
 * sends it for those alone: half the per-post bytes it serializes and compresses. Moderators'
 * pages keep every body (the route's tests read them there).
 */
export function toRowData(row: ThreadRowView, keepBodies = false): PostRowData {
  // Written out field by field: twenty rows a page, and rest-and-spread copies cost ~8 µs a row
  // on this runtime (app/lib/objects.ts).
  return {
    id: row.id,
    createdAt: row.createdAt,
    state: row.state,
    body: row.isOwn || keepBodies ? row.body : null,
    author: row.author,
    hiddenNotice: row.hiddenNotice,
    hiddenNote: row.hiddenNote,
    edited: row.edited,
    endorsed: row.endorsed,
    accepted: row.accepted,
    upvotes: row.upvotes,
    isOwn: row.isOwn,
    html: row.html,
    indent: row.indent,
    inReplyTo: row.inReplyTo,
    unread: row.unread,
    upvotedByMe: row.upvotedByMe,
    reactions: row.reactions,
  };
}

export type PostPermissions = { canPost: boolean; canReact: boolean; canModerate: boolean; canAccept: boolean; isQa: boolean; zone: string };

const INDENT = ["", "sm:ml-8", "sm:ml-16", "sm:ml-24"];

/** One of a post's action buttons: a plain form the thread's list sends (useListSubmit). */
function ActionButton({ intent, postId, action, children }: { intent: string; postId: string; action: string; children: React.ReactNode }) {
  return (
    <RowForm action={action} fields={{ intent, postId }} className="inline">
      <Button variant="ghost" className="px-2 py-1">
        {children}
      </Button>
    </RowForm>
  );
}

/** One post (or its placeholder) in a thread, with the actions the viewer may take. */
export function PostItem({ post, can, draft, slug, discussionId, action }: { post: PostRowData; can: PostPermissions; draft?: string; slug: string; discussionId: string; action: string }) {
  const [mode, setMode] = useState<"none" | "reply" | "edit" | "report" | "hide">(draft ? "reply" : "none");
  const label = post.author?.label ?? (post.state === "DELETED" ? "Deleted post" : "Hidden post");
  return (
    <li id={`post-${post.id}`} className={`${INDENT[post.indent] ?? ""} rounded-lg border ${post.unread ? "border-brand-600" : "border-slate-200"} bg-white p-4`} aria-label={`Post by ${label}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-semibold text-slate-900">{label}</span>
        {post.author?.anonymous ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">{post.author.isYou ? "anonymous to classmates" : can.canModerate ? "anonymous to students" : "anonymous"}</span> : null}
        <span className="text-slate-600">{formatDateTime(post.createdAt, can.zone)}</span>
        {post.unread ? <span className="rounded bg-brand-700 px-1.5 text-xs font-semibold text-white">New</span> : null}
        {post.edited ? <span className="text-xs text-slate-600">(edited)</span> : null}
        {post.endorsed ? <span className="rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-900">Endorsed by staff</span> : null}
        {post.accepted ? <span className="rounded bg-emerald-700 px-1.5 text-xs font-semibold text-white">Accepted answer</span> : null}
        {post.inReplyTo ? <span className="text-xs text-slate-600">in reply to {post.inReplyTo}</span> : null}
      </div>
      {post.state === "DELETED" ? <p className="mt-2 italic text-slate-600">This post was deleted.</p> : null}
      {post.state === "HIDDEN" && post.html === null ? <p className="mt-2 italic text-slate-600">This post was hidden by the course staff.</p> : null}
      {post.hiddenNotice ? (
        <p className="mt-2 text-sm font-medium text-amber-900">
          Hidden by staff{post.hiddenNote ? `: ${post.hiddenNote}` : ""}. {post.isOwn && !can.canModerate ? "Only you and the staff can see it." : "Students other than the author can't see it."}
        </p>
      ) : null}
      {post.html !== null && mode !== "edit" ? <div className="prose prose-slate mt-2 max-w-none" dangerouslySetInnerHTML={{ __html: post.html }} /> : null}
      {post.state === "VISIBLE" && post.html !== null ? <PostReactionBar postId={post.id} reactions={post.reactions} canReact={can.canReact} action={action} /> : null}
      {post.state !== "DELETED" ? (
        <div className="mt-2 flex flex-wrap items-center gap-1 text-sm">
          {post.state === "VISIBLE" && !post.isOwn ? (
            <ActionButton action={action} intent="upvote" postId={post.id}>
              {post.upvotedByMe ? "Remove upvote" : "Upvote"} ({post.upvotes})
            </ActionButton>
          ) : (
            <span className="px-2 text-slate-600">{post.upvotes} upvotes</span>
          )}
          {can.canPost && post.state === "VISIBLE" ? (
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setMode(mode === "reply" ? "none" : "reply")} aria-expanded={mode === "reply"}>
              Reply
            </Button>
          ) : null}
          {post.isOwn && post.body !== null ? (
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setMode(mode === "edit" ? "none" : "edit")} aria-expanded={mode === "edit"}>
              Edit
            </Button>
          ) : null}
          {post.isOwn || can.canModerate ? (
            <ActionButton action={action} intent="delete" postId={post.id}>
              Delete
            </ActionButton>
          ) : null}
          {can.canModerate ? (
            <ActionButton action={action} intent="endorse" postId={post.id}>
              {post.endorsed ? "Remove endorsement" : "Endorse"}
            </ActionButton>
          ) : null}
          {can.isQa && can.canAccept && post.state === "VISIBLE" ? (
            <ActionButton action={action} intent="accept" postId={post.id}>
              {post.accepted ? "Unaccept answer" : "Accept answer"}
            </ActionButton>
          ) : null}
          {can.canModerate && post.state === "VISIBLE" ? (
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setMode(mode === "hide" ? "none" : "hide")} aria-expanded={mode === "hide"}>
              Hide
            </Button>
          ) : null}
          {can.canModerate && post.state === "HIDDEN" ? (
            <ActionButton action={action} intent="unhide" postId={post.id}>
              Unhide
            </ActionButton>
          ) : null}
          {!post.isOwn && post.state === "VISIBLE" ? (
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setMode(mode === "report" ? "none" : "report")} aria-expanded={mode === "report"}>
              Report
            </Button>
          ) : null}
          {can.canModerate && post.author?.userId && !post.isOwn ? (
            <RowForm action={action} fields={{ intent: "mute", userId: post.author.userId }} className="inline">
              <Button variant="ghost" className="px-2 py-1">
                Mute author
              </Button>
            </RowForm>
          ) : null}
          {can.canModerate && post.edited ? (
            <Link className="px-2" to={`/courses/${slug}/discussions/${discussionId}?history=${post.id}#post-${post.id}`}>
              Edit history
            </Link>
          ) : null}
        </div>
      ) : null}
      {mode === "reply" ? <PostComposer label={`Reply to ${label}`} parentId={post.id} draft={draft} submitLabel="Post reply" onDone={() => setMode("none")} /> : null}
      {mode === "edit" && post.body !== null ? <PostComposer label="Edit your post" intent="edit" postId={post.id} draft={post.body} submitLabel="Save changes" onDone={() => setMode("none")} /> : null}
      {mode === "report" || mode === "hide" ? (
        <Form method="post" className="mt-2 flex flex-wrap items-end gap-2" onReset={() => setMode("none")}>
          <input type="hidden" name="intent" value={mode} />
          <input type="hidden" name="postId" value={post.id} />
          <label className="text-sm font-medium text-slate-800">
            {mode === "report" ? "Why are you reporting this post?" : "Note for the staff (optional)"}
            <input name={mode === "report" ? "reason" : "note"} required={mode === "report"} maxLength={1000} className="mt-1 block w-72 rounded-md border border-slate-400 px-3 py-2" />
          </label>
          <Button variant={mode === "hide" ? "danger" : "primary"}>{mode === "report" ? "Send report" : "Hide post"}</Button>
          <Button type="reset" variant="ghost">
            Cancel
          </Button>
        </Form>
      ) : null}
    </li>
  );
}
