/**
 * Sales figures for the instructor's sales page and its CSV export: pure
 * functions of the rows and `now`.
 */
import { zonedPartsOf } from "~/domain/time-zone";

export type SaleRow = { amount: number; refundedAmount: number; currency: string; paidAt: Date | null; refundedAt: Date | null };
export type MonthRevenue = { month: string; label: string; gross: number; refunds: number; net: number };

/** "2026-11" → "Nov 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, 1));
}

function monthKey(instant: Date, zone: string): string {
  const p = zonedPartsOf(instant, zone);
  return `${p.year}-${String(p.month).padStart(2, "0")}`;
}

/**
 * Revenue per calendar month (in the course's zone) for one currency over the
 * last `months` months, oldest first: gross by the month paid, refunds by the
 * month refunded, net = gross − refunds. Months without sales are included.
 */
export function revenueByMonth(rows: SaleRow[], currency: string, zone: string, now: Date, months = 12): MonthRevenue[] {
  const nowParts = zonedPartsOf(now, zone);
  const keys: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const index = nowParts.year * 12 + (nowParts.month - 1) - i;
    keys.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`);
  }
  const byMonth = new Map(keys.map((k) => [k, { gross: 0, refunds: 0 }]));
  for (const r of rows) {
    if (r.currency !== currency || !r.paidAt) continue;
    const paid = byMonth.get(monthKey(r.paidAt, zone));
    if (paid) paid.gross += r.amount;
    if (r.refundedAmount > 0) {
      const refunded = byMonth.get(monthKey(r.refundedAt ?? r.paidAt, zone));
      if (refunded) refunded.refunds += r.refundedAmount;
    }
  }
  return keys.map((month) => {
    const { gross, refunds } = byMonth.get(month)!;
    return { month, label: monthLabel(month), gross, refunds, net: gross - refunds };
  });
}
