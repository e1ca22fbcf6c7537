import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { hasIcalFeed, revokeIcalToken, rotateIcalToken } from "~/services/ical-feed.server";

export const meta: MetaFunction = () => [{ title: "Calendar feed · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { hasFeed: await hasIcalFeed(user), zone: user.timeZone };
}

const schema = z.object({ intent: z.enum(["rotate", "revoke"], { error: "Choose what to do with your calendar feed." }) });

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { intent } = await parseForm(request, schema);
    if (intent === "revoke") {
      await revokeIcalToken(user);
      return { ok: true as const, revoked: true as const };
    }
    const { url } = await rotateIcalToken(user);
    return { ok: true as const, url };
  });
}

function NewLink({ url }: { url: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <Alert tone="success" title="Your new calendar link">
      <p className="mb-2">Copy it now: for your privacy we show it only this once. Any older link has stopped working.</p>
      <label htmlFor="feed-url" className="block font-medium">
        Calendar link
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input
          id="feed-url"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-xs text-slate-900"
        />
        <button type="button" onClick={copy} className="shrink-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-semibold text-slate-800 hover:bg-slate-100">
          Copy link
        </button>
      </div>
      <p aria-live="polite" className="mt-1 min-h-5">
        {copied === "copied" ? "Copied." : copied === "failed" ? "Could not copy automatically: select the link and copy it." : ""}
      </p>
      <p className="mt-1">
        On this device you can also <a href={url.replace(/^https?:/, "webcal:")}>open it in your calendar app</a>.
      </p>
    </Alert>
  );
}

export default function CalendarSettings() {
  const { hasFeed, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message } = useFormErrors();
  const busy = useNavigation().state === "submitting";
  const url = result && "url" in result ? result.url : null;
  const revoked = result && "revoked" in result;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Calendar feed" subtitle="See your deadlines in Google Calendar, Apple Calendar or Outlook." />
      <FormMessage message={message} />
      {url ? <NewLink url={url} /> : null}
      {revoked ? <Alert tone="success" title="Your calendar feed is off. The old link no longer works." /> : null}
      <Card>
        <h2 className="text-lg font-semibold">{hasFeed ? "Your calendar feed is on" : "Your calendar feed is off"}</h2>
        <div className="mt-2 space-y-2 text-slate-700">
          <p>
            A calendar feed is a private link. Add it to your calendar app once (in Google Calendar: Other calendars → From URL; in Apple
            Calendar: File → New Calendar Subscription; in Outlook: Add calendar → Subscribe from web) and every due date from your courses
            appears there, including your own extensions. Courses you teach add their deadlines too, with each section's own dates.
            Your calendar app checks for changes every few hours.
          </p>
          <p>
            Anyone who has the link can see your deadlines, so keep it to yourself. If you shared it by mistake, make a new link: the old
            one stops working at once. Times in the app are shown in {zone.replaceAll("_", " ")} time; your calendar app shows them in
            its own time zone.
          </p>
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post">
            <Button name="intent" value="rotate" disabled={busy}>
              {hasFeed ? "Make a new link" : "Create calendar feed"}
            </Button>
          </Form>
          {hasFeed ? (
            <Form method="post">
              <Button name="intent" value="revoke" variant="secondary" disabled={busy}>
                Turn off calendar feed
              </Button>
            </Form>
          ) : null}
        </div>
      </Card>
      <p className="mt-4 text-sm">
        <Link to="/due">See what's due</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
