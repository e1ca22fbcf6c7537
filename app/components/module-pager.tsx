import { useLocation } from "@remix-run/react";
import { useListNavigate } from "~/lib/list-links";

/** The pager's numbers of one page of modules (see lib/page-window.ts). */
export type ModulePage = { page: number; pageCount: number; first: number; last: number; total: number };

/**
 * Links to the neighbouring pages of modules (`?modules=N`; the page's other query parameters,
 * such as a section filter or a page of students, are kept). Nothing when all modules fit on one.
 * Plain links, navigated on the client by the nav's onClick (useListNavigate).
 */
export function ModulePager({ modulePage, end = false }: { modulePage: ModulePage; /** The copy after the list: its landmark gets its own name. */ end?: boolean }) {
  const { pathname, search } = useLocation();
  const onClick = useListNavigate();
  if (modulePage.pageCount <= 1) return null;
  const href = (page: number) => {
    const params = new URLSearchParams(search);
    // After a posted row form the URL still names its intent, which is not part of the page.
    params.delete("intent");
    params.set("modules", String(page));
    return `${pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={end ? "Module pages, end of list" : "Module pages"} className="flex flex-wrap items-center justify-between gap-3 text-sm" onClick={onClick}>
      {modulePage.page > 1 ? (
        <a href={href(modulePage.page - 1)} data-discover="true">
          ← Earlier modules
        </a>
      ) : (
        <span />
      )}
      <span className="text-slate-700">{`Modules ${modulePage.first}–${modulePage.last} of ${modulePage.total}`}</span>
      {modulePage.page < modulePage.pageCount ? (
        <a href={href(modulePage.page + 1)} data-discover="true">
          Later modules →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
