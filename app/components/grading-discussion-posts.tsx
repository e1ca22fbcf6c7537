import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/time";

type When = string | Date;
type Checkpoint = { at: When; deadline: When | null; minutesLate: number } | null;
type Post = {
  id: string;
  createdAt: When;
  state: "VISIBLE" | "HIDDEN" | "DELETED";
  html: string | null;
  hiddenNote: string | null;
  edited: boolean;
  author: string;
  parent: { id: string; createdAt: When; state: "VISIBLE" | "HIDDEN" | "DELETED"; author: string | null; html: string | null } | null;
};
export type GradingDiscussion = {
  discussion: { id: string; title: string; href: string };
  posts: Post[];
  truncated: boolean;
  dueAt: When | null;
  replyByAt: When | null;
  initial: Checkpoint;
  firstReply: Checkpoint;
};

const PLACEHOLDER = { DELETED: "This post was deleted.", HIDDEN: "This post was hidden by the course staff.", VISIBLE: "" } as const;
const lateText = (minutes: number) => `${Math.ceil(minutes / 60)} h late`;

/** "Initial post: … — on time / N h late" and "First reply to a classmate: … — before/after reply-by …". */
function Checkpoints({ data, zone }: { data: GradingDiscussion; zone: string }) {
  const { initial, firstReply } = data;
  return (
    <ul className="mb-4 space-y-1 rounded border border-slate-200 bg-slate-50 p-3 text-sm" aria-label="Checkpoints">
      <li>
        <span className="font-medium">Initial post:</span>{" "}
        {initial ? (
          <>
            {formatDateTime(initial.at, zone)} —{" "}
            {initial.minutesLate > 0 ? <span className="font-semibold text-red-800">{lateText(initial.minutesLate)}</span> : "on time"}
          </>
        ) : (
          "none yet"
        )}
      </li>
      <li>
        <span className="font-medium">First reply to a classmate:</span>{" "}
        {firstReply ? (
          <>
            {formatDateTime(firstReply.at, zone)}
            {firstReply.deadline ? (
              <>
                {" "}
                —{" "}
                {firstReply.minutesLate > 0 ? (
                  <span className="font-semibold text-red-800">after reply-by {formatDateTime(firstReply.deadline, zone)}</span>
                ) : (
                  `before reply-by ${formatDateTime(firstReply.deadline, zone)}`
                )}
              </>
            ) : null}
          </>
        ) : (
          "none yet"
        )}
      </li>
    </ul>
  );
}

function Body({ html, state }: { html: string | null; state: Post["state"] }) {
  if (html === null) return <p className="mt-1 text-sm italic text-slate-700">{PLACEHOLDER[state]}</p>;
  // Rendered and sanitized on the server (renderPostHtml), like the thread page.
  return <div className="prose prose-slate mt-1 max-w-none text-sm" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A graded discussion on the grading page: the student's posts, each under the post it replied to. */
export function GradingDiscussionPosts({ data, zone }: { data: GradingDiscussion; zone: string }) {
  return (
    <>
      <h2 id="submission-heading" className="mb-1 text-lg font-semibold">
        Posts in the discussion
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        <Link to={data.discussion.href}>{data.discussion.title}</Link> · Due for this student: {data.dueAt ? formatDateTime(data.dueAt, zone) : "no due date"}
        {data.replyByAt ? ` · Reply by: ${formatDateTime(data.replyByAt, zone)}` : ""}
      </p>
      <Checkpoints data={data} zone={zone} />
      {data.posts.length === 0 ? <p className="text-sm text-slate-700">No posts yet.</p> : null}
      <ol className="space-y-4" aria-label="The student's posts">
        {data.posts.map((p) => (
          <li key={p.id} className="rounded border border-slate-200 p-3">
            {p.parent ? (
              <blockquote className="mb-2 border-l-4 border-slate-300 bg-slate-50 px-3 py-2 text-slate-700">
                <p className="text-xs font-medium">
                  In reply to {p.parent.author ?? "a post"} · {formatDateTime(p.parent.createdAt, zone)}
                </p>
                <Body html={p.parent.html} state={p.parent.state} />
              </blockquote>
            ) : null}
            <p className="text-sm font-medium">
              {p.author} · {formatDateTime(p.createdAt, zone)}
              {p.parent ? " · reply" : " · new thread post"}
              {p.edited ? " · edited" : ""}
              {p.state === "HIDDEN" ? <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900">Hidden by staff{p.hiddenNote ? `: ${p.hiddenNote}` : ""}</span> : null}
            </p>
            <Body html={p.html} state={p.state} />
          </li>
        ))}
      </ol>
      {data.truncated ? <p className="mt-2 text-sm text-slate-600">Only the first posts are shown; open the discussion for the rest.</p> : null}
    </>
  );
}
