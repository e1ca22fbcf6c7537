import { escapeHtml } from "~/lib/html";
import { useListNavigate } from "~/lib/list-links";
import { ModulePager, type ModulePage } from "./module-pager";
import { buttonClass } from "./ui/button";
import { Card } from "./ui/card";
import { ProgressBar, progressValue } from "./ui/progress-bar";

/** An item of the course home's page of modules, as the service returns it. */
export type PlanItemFields = { id: string; title: string; kind: string; state: "LOCKED" | "AVAILABLE" | "COMPLETE"; lockText: string | null };
/** A module of that page, as the service returns it. */
export type PlanModuleFields = { id: string; title: string; done: number; total: number; complete: boolean; locked: boolean; lockText: string | null; items: readonly PlanItemFields[] };

/**
 * The same item and module as the loader sends them: tuples, not objects (packModules). A page
 * holds twenty modules and 50 or more items, and their keys were 40 % of the plan's JSON, which
 * the page carries escaped twice (in the turbo-stream text, inside a script string).
 */
export type PlanItem = readonly [id: string, title: string, kind: string, state: PlanItemFields["state"], lockText: string | null];
export type PlanModule = readonly [
  id: string,
  title: string,
  done: number,
  total: number,
  complete: boolean,
  locked: boolean,
  lockText: string | null,
  items: readonly PlanItem[],
];

/** The page's modules in the form the loader sends (PlanModule): the fields in their declared order. */
export function packModules(modules: readonly PlanModuleFields[]): PlanModule[] {
  return modules.map((m) => [m.id, m.title, m.done, m.total, m.complete, m.locked, m.lockText, m.items.map((i) => [i.id, i.title, i.kind, i.state, i.lockText] as const)]);
}

const KIND = { LESSON: "Lesson", VIDEO: "Video", FILE: "File", ASSIGNMENT: "Assignment", DISCUSSION: "Discussion" } as Record<string, string>;
const STATE = { COMPLETE: "Done", AVAILABLE: "To do", LOCKED: "Locked" } as const;

/**
 * A module's item rows as HTML, equal to what React would write for
 *   <li className="plan-item"><span className="plan-kind">{kind}</span>{link or title}<span className="plan-state…">{state}</span></li>
 * A page of the plan is 50 or more rows of four elements, and React's server renderer takes about
 * 1.2 µs an element: rendered in a loop, 20 modules' rows cost 236 µs more as elements than as
 * this string. Everything from data is escaped (escapeHtml); an unlocked title is a plain link
 * that the plan's onClick navigates on the client (useListNavigate). Tested against React's markup.
 */
export function planItemsHtml(slug: string, items: readonly PlanItem[]): string {
  const base = `/courses/${escapeHtml(slug)}/items/`;
  let html = "";
  for (const [id, itemTitle, itemKind, itemState, lockText] of items) {
    const title = escapeHtml(itemTitle);
    const kind = escapeHtml(KIND[itemKind] ?? itemKind);
    const link = itemState === "LOCKED" ? `<span class="text-slate-600">${title}</span>` : `<a href="${base}${escapeHtml(id)}" data-discover="true">${title}</a>`;
    const state = itemState === "LOCKED" && lockText ? `Locked: ${escapeHtml(lockText)}` : STATE[itemState];
    html += `<li class="plan-item"><span class="plan-kind">${kind}</span>${link}<span class="${itemState === "COMPLETE" ? "plan-state plan-state-done" : "plan-state"}">${state}</span></li>`;
  }
  return html;
}

/**
 * A page of modules as HTML: for each, the list entry React would write for
 *   <li><Card aria-labelledby="module-{id}">heading, status, lock text, <ProgressBar>, item rows</Card></li>
 * Twenty cards of six elements each cost React's server renderer ~7 % of a course home's
 * instructions (callgrind); as one string they cost a few microseconds. Everything from data is
 * escaped (escapeHtml). Tested against React's markup (tests/unit/plan-item-rows.test.ts).
 */
export function planModulesHtml(slug: string, modules: readonly PlanModule[]): string {
  let html = "";
  for (const [moduleId, moduleTitle, done, total, complete, locked, lockText, items] of modules) {
    const id = escapeHtml(`module-${moduleId}`);
    const title = escapeHtml(moduleTitle);
    const status = complete ? "Complete" : locked ? "Locked" : `${done} of ${total} done`;
    const max = Math.max(1, total);
    const lock = locked && lockText ? `<p class="mb-2 text-sm font-medium text-slate-800">${escapeHtml(lockText)}</p>` : "";
    html +=
      `<li><section class="card" aria-labelledby="${id}"><div class="mb-2 flex flex-wrap items-baseline justify-between gap-2">` +
      `<h3 id="${id}" class="text-lg font-semibold">${title}</h3><span class="text-sm text-slate-600">${status}</span></div>${lock}` +
      `<progress value="${progressValue(done, max)}" max="${max}" aria-label="${title} progress" class="progress"></progress>` +
      `<ul class="mt-3 divide-y divide-slate-100">${planItemsHtml(slug, items)}</ul></section></li>`;
  }
  return html;
}

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
  modules: readonly PlanModule[];
  overall: { done: number; total: number; percent: number };
  next: { itemId: string; title: string } | null;
  completedAt: string | null;
  modulePage: ModulePage;
}) {
  // One handler navigates the plain links of the plan (Continue and the item rows) on the client.
  const onLinkClick = useListNavigate();
  return (
    <div className="space-y-4" onClick={onLinkClick}>
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
            <a href={`/courses/${slug}/items/${next.itemId}`} data-discover="true" className={buttonClass("primary", "no-underline")}>
              Continue: {next.title}
            </a>
          ) : null}
        </div>
      </Card>
      {modules.length === 0 ? <p className="text-slate-700">No modules have been published yet.</p> : null}
      <ModulePager modulePage={modulePage} />
      {/* The module cards as one HTML string (planModulesHtml): see there why. */}
      <ol className="space-y-4" start={modulePage.first} dangerouslySetInnerHTML={{ __html: planModulesHtml(slug, modules) }} />
      <ModulePager modulePage={modulePage} end />
    </div>
  );
}
