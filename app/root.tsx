import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getOptionalUser } from "~/lib/session.server";
import { countUnread } from "~/services/notifications.server";
import styles from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  // One COUNT on the person's rows, only for signed-in people.
  const unreadNotifications = user ? await countUnread(user.id) : 0;
  return { user, unreadNotifications };
}

function navClass({ isActive }: { isActive: boolean }) {
  return `rounded-md px-3 py-2 text-sm font-medium no-underline ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to={user ? "/dashboard" : "/"} className="text-lg font-bold text-slate-900 no-underline">
          <span aria-hidden="true" className="mr-1 rounded bg-brand-700 px-1.5 py-0.5 text-white">C</span> Coursework
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          {user ? (
            <>
              <NavLink to="/dashboard" className={navClass}>
                Dashboard
              </NavLink>
              <NavLink to="/due" className={navClass}>
                What's due
              </NavLink>
              <NavLink to="/grades" className={navClass}>
                Grades
              </NavLink>
              <NavLink to="/courses" end className={navClass}>
                Catalog
              </NavLink>
              <NavLink to="/notifications" className={navClass}>
                Notifications
                {data.unreadNotifications > 0 ? (
                  <span className="ml-1.5 rounded-full bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">
                    {data.unreadNotifications}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </NavLink>
              <NavLink to="/settings/profile" className={navClass}>
                {user.displayName}
              </NavLink>
              {user.isAdmin ? (
                <NavLink to="/admin/outbox" className={navClass}>
                  Outbox
                </NavLink>
              ) : null}
              <Form method="post" action="/logout">
                <button type="submit" className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/courses" className={navClass}>
                Catalog
              </NavLink>
              <NavLink to="/login" className={navClass}>
                Log in
              </NavLink>
              <NavLink to="/signup" className={navClass}>
                Sign up
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2">
          Skip to content
        </a>
        <Header />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-600">
          Coursework — open-source asynchronous courses
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
