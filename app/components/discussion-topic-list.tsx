import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/time";

export type TopicRow = {
  id: string;
  title: string;
  type: string;
  pinned: boolean;
  locked: boolean;
  published: boolean;
  postCount: number;
  lastPostAt: string | Date | null;
  unread: number | null;
  neverOpened: boolean;
};

/** The forum index: pinned topics first, unread counts, state badges. */
export function DiscussionTopicList({ slug, topics, zone }: { slug: string; topics: TopicRow[]; zone: string }) {
  if (topics.length === 0) return <p className="mt-4 text-slate-600">No topics yet. Start one with the form.</p>;
  return (
    <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Topics">
      {topics.map((t) => (
        <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
          <div>
            <Link to={`/courses/${slug}/discussions/${t.id}`} className="font-medium">
              {t.title}
            </Link>
            <span className="ml-2 text-xs text-slate-700">
              {[t.type === "QA" ? "Q&A" : null, t.pinned ? "Pinned" : null, t.locked ? "Locked" : null, t.published ? null : "Unpublished"].filter(Boolean).join(" · ")}
            </span>
            <p className="text-sm text-slate-600">
              {t.postCount === 1 ? "1 post" : `${t.postCount} posts`}
              {t.lastPostAt ? ` · last activity ${formatDateTime(t.lastPostAt, zone)}` : ""}
            </p>
          </div>
          {t.unread === null ? (
            <span className="text-sm text-slate-600">Post to see replies</span>
          ) : t.unread > 0 ? (
            <span className="rounded-full bg-brand-700 px-2 py-0.5 text-sm font-semibold text-white">{t.unread} new</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
