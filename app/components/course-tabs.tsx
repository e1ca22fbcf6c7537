import { useLocation } from "@remix-run/react";
import { useListNavigate } from "~/lib/list-links";

const tabClass = (active: boolean) =>
  `-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium no-underline ${active ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900"}`;

type Tab = { path: string; label: string; show: boolean; exact?: boolean };

/** The course's tabs for this viewer, in order; `path` is under /courses/:slug. */
export function courseTabs(role: string | null, isStaff: boolean, isAdmin: boolean): Tab[] {
  const member = Boolean(role) || isAdmin;
  const canManage = role === "INSTRUCTOR" || isAdmin;
  return [
    { path: "", label: "Home", show: true, exact: true },
    { path: "/about", label: "About", show: true },
    { path: "/assignments", label: "Assignments", show: member },
    { path: "/discussions", label: "Discussions", show: member },
    { path: "/modules", label: "Modules", show: isStaff },
    { path: "/progress", label: "Progress", show: isStaff },
    { path: "/grading", label: "Needs grading", show: isStaff },
    { path: isStaff ? "/gradebook" : "/grades", label: isStaff ? "Gradebook" : "Grades", show: isStaff || role === "STUDENT" },
    { path: "/calendar", label: "Calendar", show: isStaff },
    { path: "/people", label: "People", show: isStaff },
    { path: "/sections", label: "Sections", show: isStaff },
    { path: "/pricing", label: "Pricing", show: canManage },
    { path: "/sales", label: "Sales", show: canManage },
    { path: "/settings", label: "Settings", show: canManage },
  ].filter((tab) => tab.show);
}

/** Whether a tab is the current page (or, except for an exact tab, a page under it); like NavLink, case-insensitive. */
export function isTabActive(tabPath: string, currentPath: string, exact = false): boolean {
  const tab = tabPath.toLowerCase().replace(/\/+$/, "");
  const here = currentPath.toLowerCase().replace(/\/+$/, "");
  return here === tab || (!exact && here.startsWith(`${tab}/`));
}

/**
 * A course's tabs for the viewer. Plain links that the nav's onClick navigates on the client
 * (useListNavigate): as NavLinks they cost a course page ~20 µs each on the server.
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
