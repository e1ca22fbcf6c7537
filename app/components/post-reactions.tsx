import { useFetcher } from "@remix-run/react";
import {
  REACTIONS,
  reactionLabel,
  type PostReactions,
} from "~/domain/reactions";

/**
 * The emoji reactions under a post: toggle buttons (aria-pressed) with counts. One form per post,
 * each button submits its kind; without JavaScript it is a plain form post to the thread, with it a
 * fetcher that shows the change at once. Read-only (counts only) where the viewer can't react.
 */
export function PostReactionBar({
  postId,
  reactions,
  canReact,
}: {
  postId: string;
  reactions: PostReactions;
  canReact: boolean;
}) {
  const fetcher = useFetcher<{ ok: boolean; message?: string }>();
  const pending =
    fetcher.formData?.get("postId") === postId
      ? String(fetcher.formData.get("kind"))
      : null;
  const shown = REACTIONS.map((r) => {
    const wasMine = reactions.mine.includes(r.kind);
    const mine = pending === r.kind ? !wasMine : wasMine;
    const count =
      (reactions.counts[r.kind] ?? 0) + (mine === wasMine ? 0 : mine ? 1 : -1);
    return { ...r, mine, count };
  });
  const error =
    fetcher.state === "idle" && fetcher.data && fetcher.data.ok === false
      ? fetcher.data.message
      : null;
  if (!canReact) {
    const some = shown.filter((r) => r.count > 0);
    if (some.length === 0) return null;
    return (
      <ul aria-label="Reactions" className="mt-2 flex flex-wrap gap-1 text-sm">
        {some.map((r) => (
          <li
            key={r.kind}
            className="rounded-full border border-slate-200 px-2 py-0.5 text-slate-700"
          >
            <span aria-hidden="true">{r.emoji}</span> {r.count}
            <span className="sr-only"> {r.name}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <fetcher.Form
      method="post"
      className="mt-2 flex flex-wrap items-center gap-1"
    >
      <input type="hidden" name="intent" value="react" />
      <input type="hidden" name="postId" value={postId} />
      <div
        role="group"
        aria-label="Reactions"
        className="flex flex-wrap items-center gap-1"
      >
        {shown.map((r) => (
          <button
            key={r.kind}
            type="submit"
            name="kind"
            value={r.kind}
            aria-pressed={r.mine}
            aria-label={reactionLabel(r.name, r.count)}
            title={r.name}
            className={`rounded-full border px-2 py-0.5 text-sm ${
              r.mine
                ? "border-brand-700 bg-brand-50 font-semibold text-brand-800"
                : "border-slate-300 text-slate-700 hover:bg-slate-100"
            }`}
          >
            <span aria-hidden="true">{r.emoji}</span>{" "}
            {r.count > 0 ? r.count : null}
            {r.mine ? (
              <span aria-hidden="true" className="ml-0.5">
                ✓
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {error ? (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
