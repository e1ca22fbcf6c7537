import type { OrderStatus } from "~/generated/sqlite/enums";
import { STATUS_LABEL } from "~/services/payments-state";

const TONE: Record<OrderStatus, string> = {
  PENDING: "bg-amber-50 text-amber-900 border-amber-300",
  PAID: "bg-green-50 text-green-900 border-green-300",
  PARTIALLY_REFUNDED: "bg-sky-50 text-sky-900 border-sky-300",
  REFUNDED: "bg-slate-100 text-slate-800 border-slate-300",
  DISPUTED: "bg-red-50 text-red-900 border-red-300",
  EXPIRED: "bg-slate-100 text-slate-800 border-slate-300",
  FAILED: "bg-red-50 text-red-900 border-red-300",
};

/** An order's status as text in a tinted pill (the words carry the meaning, not the colour). */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-semibold ${TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}
