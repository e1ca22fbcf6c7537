import type { ScheduleState } from "~/domain/schedule";
import { formatDateTime } from "~/lib/time";

const STATE: Record<ScheduleState, { label: string; tone: string }> = {
  NOT_OPEN: { label: "Not open yet", tone: "bg-slate-100 text-slate-800 border-slate-300" },
  OPEN: { label: "Open", tone: "bg-green-50 text-green-900 border-green-300" },
  DUE_SOON: { label: "Due soon", tone: "bg-amber-50 text-amber-900 border-amber-300" },
  LATE: { label: "Late", tone: "bg-red-50 text-red-900 border-red-300" },
  CLOSED: { label: "Closed", tone: "bg-slate-200 text-slate-800 border-slate-400" },
};

/** The state as words (never colour alone). */
export function StateBadge({ state, submitted }: { state: ScheduleState; submitted?: boolean }) {
  const s = submitted ? { label: "Submitted", tone: "bg-brand-50 text-brand-800 border-brand-100" } : STATE[state];
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-semibold ${s.tone}`}>{s.label}</span>;
}

type Dates = { openAt: Date | string | null; dueAt: Date | string | null; closeAt: Date | string | null };

/** Resolved dates in the viewer's zone, the zone named. */
export function ScheduleDates({ schedule, zone }: { schedule: Dates; zone: string }) {
  const rows: [string, Date | string | null][] = [
    ["Opens", schedule.openAt],
    ["Due", schedule.dueAt],
    ["Closes", schedule.closeAt],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([label, at]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-700">{label}</dt>
          <dd className="text-slate-900">{at ? formatDateTime(at, zone) : label === "Opens" ? "Now" : "No limit"}</dd>
        </div>
      ))}
    </dl>
  );
}
