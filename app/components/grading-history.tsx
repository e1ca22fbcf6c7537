import { formatDateTime } from "~/lib/time";

const FIELD = {
  rawScore: "Score",
  latePenalty: "Late penalty",
  penaltyOverride: "Penalty override",
  overrideReason: "Override reason",
  finalScore: "Final score",
  excused: "Excused",
  feedback: "Feedback",
  rubricScores: "Rubric",
  postedAt: "Posted",
} as Record<string, string>;

type Event = { id: string; action: string; oldValue: string | null; newValue: string | null; reason: string | null; createdAt: string | Date; actorName: string };

const short = (v: string | null, action: string) => (v === null ? "—" : action === "rubricScores" ? "changed" : v.length > 60 ? `${v.slice(0, 60)}…` : v);

/** The grade's audit trail: who changed what, when, from and to, and why. */
export function GradingHistory({ events, zone }: { events: Event[]; zone: string }) {
  return (
    <>
      <h2 id="history-heading" className="mb-2 text-lg font-semibold">
        Grade history
      </h2>
      {events.length === 0 ? <p className="text-sm text-slate-700">No changes yet.</p> : null}
      <ul className="space-y-1 text-sm">
        {events.map((e) => (
          <li key={e.id}>
            {formatDateTime(e.createdAt, zone)} · {e.actorName}: {FIELD[e.action] ?? e.action} {short(e.oldValue, e.action)} → {short(e.newValue, e.action)}
            {e.reason ? ` (${e.reason})` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}
