import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { buttonClass } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { handleLoader, parseInput } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { whatsDuePage, type DueBadge } from "~/services/calendar.server";
import { DUE_PAGE_SIZE, DUE_WINDOWS, duePageQuerySchema, dueWindowName as windowName } from "~/services/due-page";

export const meta: MetaFunction = () => [{ title: "What's due · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const query = parseInput(duePageQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return { zone: user.timeZone, ...(await whatsDuePage(user, new Date(), query)) };
  });
}

const TONE: Record<DueBadge["tone"], string> = {
  submitted: "border-green-300 bg-green-50 text-green-900",
  late: "border-red-300 bg-red-50 text-red-900",
  soon: "border-amber-300 bg-amber-50 text-amber-900",
  open: "border-slate-300 bg-white text-slate-800",
  upcoming: "border-slate-300 bg-slate-100 text-slate-800",
  closed: "border-slate-400 bg-slate-200 text-slate-800",
};

function Badge({ badge }: { badge: DueBadge }) {
  return <span className={`justify-self-end self-start rounded-full border px-2.5 py-0.5 text-xs font-semibold ${TONE[badge.tone]}`}>{badge.text}</span>;
}

export default function WhatsDue() {
  const { zone, days, show, total, shown, groups } = useLoaderData<typeof loader>();
  const more = Math.min(DUE_PAGE_SIZE, total - shown);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="What's due"
        subtitle={`Your deadlines in every course, soonest first, in ${zone.replaceAll("_", " ")} time.`}
        actions={
          <Link to="/settings/calendar" className={buttonClass("secondary", "no-underline")}>
            Add to your calendar
          </Link>
        }
      />
      <nav aria-label="How far ahead" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        {DUE_WINDOWS.map((d) => (
          <Link
            key={d}
            to={`?days=${d}`}
            aria-current={d === days ? "page" : undefined}
            className={`rounded-full border px-3 py-1 no-underline ${d === days ? "border-indigo-700 bg-indigo-700 font-semibold text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
          >
            {windowName(d)}
          </Link>
        ))}
      </nav>
      <p className="mb-6 text-sm text-slate-700" role="status">
        {total === 0
          ? `Nothing due in the ${windowName(days).toLowerCase()}.`
          : `Showing ${shown} of ${total} deadline${total === 1 ? "" : "s"} in the ${windowName(days).toLowerCase()} (and unfinished work from the past week).`}
      </p>
      {groups.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">Nothing is due</h2>
          <p className="mt-2 text-slate-700">When your courses have deadlines in this window, they appear here, soonest first.</p>
          {days < 60 ? (
            <Link to="?days=60" className={buttonClass("secondary", "mt-4 no-underline")}>
              Look 60 days ahead
            </Link>
          ) : (
            <Link to="/dashboard" className={buttonClass("secondary", "mt-4 no-underline")}>
              Go to your dashboard
            </Link>
          )}
        </div>
      ) : null}
      {groups.map((group) => (
        <section key={group.day} aria-labelledby={`day-${group.day}`} className="mb-8">
          <h2 id={`day-${group.day}`} className="mb-3 border-b border-slate-200 pb-1 text-lg font-semibold text-slate-800">
            <time dateTime={group.day}>{group.label}</time>
          </h2>
          <ul className="space-y-3">
            {group.items.map((item) => (
              <li key={item.key} className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <p className="min-w-0 text-sm text-slate-600">{item.courseTitle}</p>
                <Badge badge={item.badge} />
                <h3 className="col-span-2 text-base font-semibold">
                  <Link to={item.href}>{item.title}</Link>
                </h3>
                <p className="col-span-2 text-sm text-slate-800">
                  {item.dates.map((d) => (
                    <Fragment key={d.label}>
                      <span className="font-medium text-slate-700">{d.label}</span> <time dateTime={d.iso}>{d.text}</time>
                      {" · "}
                    </Fragment>
                  ))}
                  {item.points} points
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {more > 0 ? (
        <div className="text-center">
          <Link to={`?days=${days}&show=${show + DUE_PAGE_SIZE}`} preventScrollReset className={buttonClass("secondary", "no-underline")}>
            Show {more} more
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
