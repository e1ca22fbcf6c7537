import { useLocation } from "@remix-run/react";
import { useListNavigate } from "~/lib/list-links";

const tabClass = (active: boolean) =>
  `-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium no-underline ${active ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900"}`;

type Tab = { path: string; label: string; exact: boolean };
const tab = (path: string, label: string, exact = false): Tab => ({ path, label, exact });

/** The course's tabs for this viewer, in order; `path` is under /courses/:slug. */
export function courseTabs(role: string | null, isStaff: boolean, isAdmin: boolean): Tab[] {
  const member = Boolean(role) || isAdmin;
  const canManage = role === "INSTRUCTOR" || isAdmin;
  return [
    tab("", "Home", true),
    tab("/about", "About"),
    ...(member ? [tab("/assignments", "Assignments"), tab("/discussions", "Discussions")] : []),
    ...(isStaff ? [tab("/modules", "Modules"), tab("/progress", "Progress"), tab("/grading", "Needs grading")] : []),
    ...(isStaff ? [tab("/gradebook", "Gradebook")] : role === "STUDENT" ? [tab("/grades", "Grades")] : []),
    ...(isStaff ? [tab("/calendar", "Calendar"), tab("/people", "People"), tab("/sections", "Sections")] : []),
    ...(canManage ? [tab("/pricing", "Pricing"), tab("/sales", "Sales"), tab("/settings", "Settings")] : []),
  ];
}

/** Whether a tab is the current page (or, except for an exact tab, a page under it); like NavLink, case-insensitive. */
export function isTabActive(tabPath: string, currentPath: string, exact = false): boolean {
  const tab = tabPath.toLowerCase().replace(/\/+$/, "");
  const here = currentPath.toLowerCase().replace(/\/+$/, "");
  return here === tab || (!exact && here.startsWith(`${tab}/`));
}

/**
 * A course's tabs for the viewer. Plain links that the nav's onClick navigates on the client
 * (useListNavigate): NavLinks each resolved their path three times a render (docs/decisions.md).
 */
export function CourseTabs({ slug, role, isStaff, isAdmin }: { slug: string; role: string | null; isStaff: boolean; isAdmin: boolean }) {
  const { pathname } = useLocation();
  const onTabClick = useListNavigate();
  const base = `/courses/${slug}`;
  return (
    <nav aria-label="Course" className="mt-4 flex flex-wrap gap-x-1 border-b border-slate-200" onClick={onTabClick}>
      {courseTabs(role, isStaff, isAdmin).map((tab) => {
        const href = base + tab.path;
        const active = isTabActive(href, pathname, tab.exact);
        return (
          <a key={tab.path} href={href} data-discover="true" aria-current={active ? "page" : undefined} className={tabClass(active)}>
            {tab.label}
          </a>
        );
      })}
    </nav>
  );
}
