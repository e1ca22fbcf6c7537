import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { buttonClass } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { whatsDue, type DueBadge } from "~/services/calendar.server";

export const meta: MetaFunction = () => [{ title: "What's due · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ zone: user.timeZone, groups: await whatsDue(user, new Date()) }));
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
  return <span className={`inline-block rounded-full border px-2.5 py-0.5 text-xs font-semibold ${TONE[badge.tone]}`}>{badge.text}</span>;
}

export default function WhatsDue() {
  const { zone, groups } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="What's due"
        subtitle={`Your deadlines in every course for the next 60 days, in ${zone.replaceAll("_", " ")} time.`}
        actions={
          <Link to="/settings/calendar" className={buttonClass("secondary", "no-underline")}>
            Add to your calendar
          </Link>
        }
      />
      {groups.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">Nothing is due</h2>
          <p className="mt-2 text-slate-700">When your courses have deadlines in the next 60 days, they appear here, soonest first.</p>
          <Link to="/dashboard" className={buttonClass("secondary", "mt-4 no-underline")}>
            Go to your dashboard
          </Link>
        </div>
      ) : null}
      {groups.map((group) => (
        <section key={group.day} aria-labelledby={`day-${group.day}`} className="mb-8">
          <h2 id={`day-${group.day}`} className="mb-3 border-b border-slate-200 pb-1 text-lg font-semibold text-slate-800">
            <time dateTime={group.day}>{group.label}</time>
          </h2>
          <ul className="space-y-3">
            {group.items.map((item) => (
              <li key={`${item.course.slug}-${item.assignment.id}`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="text-sm text-slate-600">{item.course.title}</p>
                    <h3 className="text-base font-semibold">
                      <Link to={item.href}>{item.assignment.title}</Link>
                    </h3>
                  </div>
                  <div className="shrink-0">
                    <Badge badge={item.badge} />
                  </div>
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                  {item.dueAt ? (
                    <>
                      <dt className="font-medium text-slate-700">Due</dt>
                      <dd>
                        <time dateTime={new Date(item.dueAt).toISOString()}>{formatDateTime(item.dueAt, zone)}</time>
                      </dd>
                    </>
                  ) : null}
                  {item.closeAt ? (
                    <>
                      <dt className="font-medium text-slate-700">{item.dueAt ? "Closes" : "Closes (no due date)"}</dt>
                      <dd>
                        <time dateTime={new Date(item.closeAt).toISOString()}>{formatDateTime(item.closeAt, zone)}</time>
                      </dd>
                    </>
                  ) : null}
                  <dt className="font-medium text-slate-700">Points</dt>
                  <dd>{item.assignment.points}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
