import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/lib/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const LINKS = [
  ["/settings/profile", "Profile"],
  ["/settings/password", "Password"],
  ["/settings/notifications", "Reminders"],
  ["/settings/calendar", "Calendar feed"],
  ["/orders", "Orders"],
] as const;

/** Settings pages share one sub-navigation; each page still checks the user itself. */
export default function Settings() {
  return (
    <div>
      <nav aria-label="Settings" className="mb-6 flex gap-2 overflow-x-auto border-b border-slate-200">
        {LINKS.map(([to, label]) => (
          <NavLink
            key={to}
            to={to}
            className={({ isActive }) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium no-underline ${isActive ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900"}`
            }
          >
            {label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
