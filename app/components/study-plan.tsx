import { Link } from "@remix-run/react";
import { useListNavigate } from "~/lib/list-links";
import { ModulePager, type ModulePage } from "./module-pager";
import { buttonClass } from "./ui/button";
import { Card } from "./ui/card";
import { ProgressBar } from "./ui/progress-bar";

type Item = { id: string; title: string; kind: string; state: "LOCKED" | "AVAILABLE" | "COMPLETE"; lockText: string | null };
type Module = { id: string; title: string; done: number; total: number; complete: boolean; locked: boolean; lockText: string | null; items: Item[] };

const KIND = { LESSON: "Lesson", VIDEO: "Video", FILE: "File", ASSIGNMENT: "Assignment", DISCUSSION: "Discussion" } as Record<string, string>;
const STATE = { COMPLETE: "Done", AVAILABLE: "To do", LOCKED: "Locked" } as const;

/** Modules with progress, locks (and why) and a "Continue" link to the next item; one page of modules at a time. */
export function StudyPlan({
  slug,
  modules,
  overall,
  next,
  completedAt,
  modulePage,
}: {
  slug: string;
  modules: Module[];
  overall: { done: number; total: number; percent: number };
  next: { itemId: string; title: string } | null;
  completedAt: string | null;
  modulePage: ModulePage;
}) {
  const onListClick = useListNavigate();
  return (
    <div className="space-y-4">
      <Card aria-labelledby="your-progress">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-56 flex-1">
            <h2 id="your-progress" className="text-lg font-semibold">
              {completedAt ? "Course complete" : "Your progress"}
            </h2>
            <p className="mb-2 text-sm text-slate-700">
              {`${overall.done} of ${overall.total} released items done (${overall.percent}%)${completedAt ? ` · completed ${completedAt}` : ""}`}
            </p>
            <ProgressBar value={overall.percent} label="Course progress" />
          </div>
          {next ? (
            <Link to={`/courses/${slug}/items/${next.itemId}`} className={buttonClass("primary", "no-underline")}>
              Continue: {next.title}
            </Link>
          ) : null}
        </div>
      </Card>
      {modules.length === 0 ? <p className="text-slate-700">No modules have been published yet.</p> : null}
      <ModulePager modulePage={modulePage} />
      <ol className="space-y-4" start={modulePage.first} onClick={onListClick}>
        {modules.map((m) => (
          <li key={m.id}>
            <Card aria-labelledby={`module-${m.id}`}>
              <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                <h3 id={`module-${m.id}`} className="text-lg font-semibold">
                  {m.title}
                </h3>
                <span className="text-sm text-slate-600">
                  {m.complete ? "Complete" : m.locked ? "Locked" : `${m.done} of ${m.total} done`}
                </span>
              </div>
              {m.locked && m.lockText ? <p className="mb-2 text-sm font-medium text-slate-800">{m.lockText}</p> : null}
              <ProgressBar value={m.done} max={Math.max(1, m.total)} label={`${m.title} progress`} />
              <ul className="mt-3 divide-y divide-slate-100">
                {m.items.map((i) => (
                  <li key={i.id} className="plan-item">
                    <span className="plan-kind">{KIND[i.kind] ?? i.kind}</span>
                    {i.state === "LOCKED" ? (
                      <span className="text-slate-600">{i.title}</span>
                    ) : (
                      // A plain link: the list's onClick navigates on the client (useListNavigate).
                      <a href={`/courses/${slug}/items/${i.id}`} data-discover="true">
                        {i.title}
                      </a>
                    )}
                    <span className={i.state === "COMPLETE" ? "plan-state plan-state-done" : "plan-state"}>
                      {i.state === "LOCKED" && i.lockText ? `Locked: ${i.lockText}` : STATE[i.state]}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          </li>
        ))}
      </ol>
      <ModulePager modulePage={modulePage} end />
    </div>
  );
}
