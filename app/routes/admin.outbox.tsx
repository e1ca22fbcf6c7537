import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, PageHeader } from "~/components/ui/card";
import { getEnv } from "~/lib/env.server";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { listOutbox } from "~/services/outbox.server";

export const meta: MetaFunction = () => [{ title: "Mail outbox · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const to = new URL(request.url).searchParams.get("to") ?? undefined;
    const mails = await listOutbox(user, { devMode: getEnv().NODE_ENV === "development", to });
    return { mails, zone: user.timeZone };
  });
}

/** Renders URLs in plain-text mail as links so reset links can be followed. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

export default function Outbox() {
  const { mails, zone } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Mail outbox" subtitle="Mail the app sent. Without SMTP configured, this is where it goes." />
      {mails.length === 0 ? <p>No mail yet.</p> : null}
      <ul className="space-y-4">
        {mails.map((m) => (
          <li key={m.id}>
            <Card>
              <h2 className="font-semibold">{m.subject}</h2>
              <p className="text-sm text-slate-600">
                To {m.to} · {formatDateTime(m.createdAt, zone)} · {m.transport === "smtp" ? (m.sentAt ? "delivered by SMTP" : "waiting for SMTP") : "kept in outbox"}
              </p>
              <pre className="mt-3 whitespace-pre-wrap font-sans text-sm text-slate-800">
                <Linkified text={m.text} />
              </pre>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
