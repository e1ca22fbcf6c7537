import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { REACTIONS, reactionLabel, type PostReactions } from "~/domain/reactions";
import { submitterOf } from "~/lib/row-forms";

/**
 * The emoji reactions under a post. The reactions someone has given are toggle buttons
 * (aria-pressed) with their counts; the others wait behind one "Add reaction" button, as on GitHub
 * or Slack, so a page of twenty posts is not five idle buttons a post (for readers and screen
 * readers alike; see docs/decisions.md). One plain form per post (its action resolved once for
 * the page); each button submits its kind through a fetcher that shows the change at once.
 * Read-only (counts only) where the viewer can't react.
 */
export function PostReactionBar({ postId, reactions, canReact, action }: { postId: string; reactions: PostReactions; canReact: boolean; action: string }) {
  const fetcher = useFetcher<{ ok: boolean; message?: string }>();
  const [picking, setPicking] = useState(false);
  const pending = fetcher.formData?.get("postId") === postId ? String(fetcher.formData.get("kind")) : null;
  const all = REACTIONS.map((r) => {
    const wasMine = reactions.mine.includes(r.kind);
    const mine = pending === r.kind ? !wasMine : wasMine;
    const count = (reactions.counts[r.kind] ?? 0) + (mine === wasMine ? 0 : mine ? 1 : -1);
    // Fields written out: a spread followed by new fields is V8's slow path (app/lib/objects.ts).
    return { kind: r.kind, emoji: r.emoji, name: r.name, mine, count, given: count > 0 || mine };
  });
  const given = all.filter((r) => r.given);
  const error = fetcher.state === "idle" && fetcher.data && fetcher.data.ok === false ? fetcher.data.message : null;
  if (!canReact) {
    if (given.length === 0) return null;
    return (
      <ul aria-label="Reactions" className="mt-2 flex flex-wrap gap-1 text-sm">
        {given.map((r) => (
          <li key={r.kind} className="rounded-full border border-slate-200 px-2 py-0.5 text-slate-700">
            <span aria-hidden="true">{r.emoji}</span> {r.count}
            <span className="sr-only"> {r.name}</span>
          </li>
        ))}
      </ul>
    );
  }
  // One list keyed by kind: a reaction picked from the offer keeps its button (and the focus).
  const buttons = picking ? [...given, ...all.filter((r) => !r.given)] : given;
  return (
    <form
      method="post"
      action={action}
      className="mt-2 flex flex-wrap items-center gap-1"
      onSubmit={(event) => {
        // What fetcher.Form does, without a Form's router hooks in every post (app/lib/row-forms.ts).
        event.preventDefault();
        setPicking(false);
        fetcher.submit(submitterOf(event) ?? event.currentTarget);
      }}
    >
      <input type="hidden" name="intent" value="react" />
      <input type="hidden" name="postId" value={postId} />
      {buttons.length > 0 ? (
        <div role="group" aria-label="Reactions" className="flex flex-wrap items-center gap-1">
          {buttons.map((r) => (
            <button
              key={r.kind}
              type="submit"
              name="kind"
              value={r.kind}
              aria-pressed={r.mine}
              aria-label={reactionLabel(r.name, r.count)}
              title={r.name}
              className={`rounded-full border px-2 py-0.5 text-sm ${r.mine ? "border-brand-700 bg-brand-50 font-semibold text-brand-800" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}
            >
              <span aria-hidden="true">{r.emoji}</span> {r.count > 0 ? r.count : null}
              {r.mine ? (
                <span aria-hidden="true" className="ml-0.5">
                  ✓
                </span>
              ) : null}
            </button>
          ))}
        </div>
      ) : null}
      {given.length < all.length ? (
        <button
          type="button"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
          className="rounded-full border border-dashed border-slate-400 px-2 py-0.5 text-sm text-slate-700 hover:bg-slate-100"
        >
          Add reaction
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      ) : null}
    </form>
  );
}
