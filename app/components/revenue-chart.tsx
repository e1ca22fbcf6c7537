import { formatMoney } from "~/services/payments-money";
import type { MonthRevenue } from "~/services/payments-report";

const W = 720;
const H = 260;
const PAD = { top: 16, right: 12, bottom: 40, left: 84 };

/** A round axis maximum ≥ value: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 100;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Revenue by month as an SVG bar chart (net revenue, with refunds beside it),
 * followed by the same numbers as a table (in a disclosure, one click away):
 * the table is the text alternative; the chart itself is one labelled image
 * whose label sums it up.
 */
export function RevenueChart({ months, currency, title }: { months: MonthRevenue[]; currency: string; title: string }) {
  const max = niceMax(Math.max(...months.map((m) => Math.max(m.net, m.refunds, m.gross)), 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(months.length, 1);
  const barW = Math.min(22, slot / 3);
  const y = (v: number) => PAD.top + plotH - (Math.max(v, 0) / max) * plotH;
  const ticks = [0, max / 2, max];
  const total = months.reduce((s, m) => s + m.net, 0);
  const best = months.reduce((a, b) => (b.net > a.net ? b : a), months[0]);
  const summary = `${title}. Net revenue over ${months.length} months: ${formatMoney(total, currency)}${best && best.net > 0 ? `; highest in ${best.label} (${formatMoney(best.net, currency)})` : ""}. The table below the chart lists every month.`;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={summary}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#cbd5e1" strokeWidth={1} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" fontSize={12} fill="#334155">
              {formatMoney(t, currency)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = PAD.left + i * slot + slot / 2;
          return (
            <g key={m.month}>
              <rect x={x - barW - 1} y={y(m.net)} width={barW} height={PAD.top + plotH - y(m.net)} fill="#3730a3">
                <title>{`${m.label}: net ${formatMoney(m.net, currency)}`}</title>
              </rect>
              <rect x={x + 1} y={y(m.refunds)} width={barW} height={PAD.top + plotH - y(m.refunds)} fill="#b91c1c">
                <title>{`${m.label}: refunds ${formatMoney(m.refunds, currency)}`}</title>
              </rect>
              <text x={x} y={H - PAD.bottom + 18} textAnchor="middle" fontSize={12} fill="#334155">
                {m.label.split(" ")[0]}
              </text>
              {i === 0 || m.month.endsWith("-01") ? (
                <text x={x} y={H - PAD.bottom + 34} textAnchor="middle" fontSize={11} fill="#475569">
                  {m.month.slice(0, 4)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-slate-700">
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-3 rounded-sm bg-[#3730a3] align-middle" />
          Net revenue
        </span>
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-3 w-3 rounded-sm bg-[#b91c1c] align-middle" />
          Refunds
        </span>
        <span>Amounts in {currency.toUpperCase()}.</span>
      </figcaption>
      <details className="mt-4 overflow-x-auto">
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Show the numbers as a table</summary>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4">Month</th>
              <th scope="col" className="py-1 pr-4 text-right">Sales</th>
              <th scope="col" className="py-1 pr-4 text-right">Refunds</th>
              <th scope="col" className="py-1 text-right">Net</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} className="border-b border-slate-100">
                <th scope="row" className="py-1 pr-4 font-normal">{m.label}</th>
                <td className="py-1 pr-4 text-right tabular-nums">{formatMoney(m.gross, currency)}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{formatMoney(m.refunds, currency)}</td>
                <td className="py-1 text-right font-medium tabular-nums">{formatMoney(m.net, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
