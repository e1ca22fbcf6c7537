/**
 * How an order moves: pure rules, no I/O. The webhook handler and the refund
 * button both re-read the payment from Stripe ("the truth") and merge it into
 * the stored order here. Every fact only grows (paid stays paid, the refunded
 * amount only increases, a dispute stays on record), so applying the truths in
 * any order, any number of times, ends in the same state.
 */
import type { OrderStatus } from "~/generated/sqlite/enums";

export type PaymentTruth = {
  orderId: string;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  /** The money was taken (session paid or payment intent succeeded). */
  paid: boolean;
  /** The checkout ended without payment (async payment failed). */
  failed: boolean;
  /** The checkout session expired unpaid. */
  expired: boolean;
  /** Total refunded so far on the charge, in minor units. */
  refundedAmount: number;
  disputed: boolean;
};

export type StoredOrder = {
  status: OrderStatus;
  amount: number;
  refundedAmount: number;
  paidAt: Date | null;
  refundedAt: Date | null;
  disputedAt: Date | null;
  stripeCheckoutSessionId: string | null;
  stripePaymentIntentId: string | null;
};

/** Statuses in which the buyer has access to the course. */
export const ACCESS_STATUSES: OrderStatus[] = ["PAID", "PARTIALLY_REFUNDED", "DISPUTED"];
export const grantsAccess = (status: OrderStatus) => ACCESS_STATUSES.includes(status);

export type OrderTransition = {
  next: StoredOrder;
  changed: boolean;
  /** The buyer gains access now (create or re-activate the enrollment). */
  grant: boolean;
  /** The buyer loses access now (fully refunded after access was granted). */
  revoke: boolean;
  /** The payment became disputed now (flag the enrollment). */
  flagDispute: boolean;
  /** The money was taken now (send the receipt; count the coupon as used). */
  becamePaid: boolean;
  /** More money was refunded now, by this many minor units. */
  refundedNow: number;
  /** The checkout ended unpaid now (give the coupon redemption back). */
  abandoned: boolean;
};

export function statusFor(facts: { paid: boolean; amount: number; refundedAmount: number; disputed: boolean }, unpaid: OrderStatus): OrderStatus {
  if (!facts.paid) return unpaid;
  if (facts.amount > 0 && facts.refundedAmount >= facts.amount) return "REFUNDED";
  if (facts.disputed) return "DISPUTED";
  if (facts.refundedAmount > 0) return "PARTIALLY_REFUNDED";
  return "PAID";
}

/** Merges what Stripe says now into the stored order. `now` stamps the facts first seen. */
export function mergeTruth(order: StoredOrder, truth: PaymentTruth, now: Date): OrderTransition {
  const paid = order.paidAt !== null || truth.paid;
  const refundedAmount = Math.min(order.amount, Math.max(order.refundedAmount, truth.refundedAmount));
  const disputed = order.disputedAt !== null || truth.disputed;
  const settledUnpaid = order.status === "EXPIRED" || order.status === "FAILED";
  const unpaid: OrderStatus = settledUnpaid ? order.status : truth.failed ? "FAILED" : truth.expired ? "EXPIRED" : "PENDING";
  const status = statusFor({ paid, amount: order.amount, refundedAmount, disputed }, unpaid);
  const refundedNow = paid ? refundedAmount - order.refundedAmount : 0;
  const next: StoredOrder = {
    status,
    amount: order.amount,
    refundedAmount: paid ? refundedAmount : order.refundedAmount,
    paidAt: order.paidAt ?? (paid ? now : null),
    refundedAt: refundedNow > 0 ? now : order.refundedAt,
    disputedAt: order.disputedAt ?? (paid && disputed ? now : null),
    stripeCheckoutSessionId: order.stripeCheckoutSessionId ?? truth.checkoutSessionId,
    stripePaymentIntentId: order.stripePaymentIntentId ?? truth.paymentIntentId,
  };
  const before = grantsAccess(order.status);
  const after = grantsAccess(status);
  return {
    next,
    changed: (Object.keys(next) as (keyof StoredOrder)[]).some((k) => !same(next[k], order[k])),
    grant: !before && after,
    revoke: before && status === "REFUNDED",
    flagDispute: order.disputedAt === null && next.disputedAt !== null,
    becamePaid: order.paidAt === null && next.paidAt !== null,
    refundedNow,
    abandoned: order.status === "PENDING" && (status === "EXPIRED" || status === "FAILED"),
  };
}

function same(a: unknown, b: unknown) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** Whether an instructor may still refund from the course page (admins are not limited). */
export function withinRefundWindow(paidAt: Date | null, refundWindowDays: number, now: Date): boolean {
  if (!paidAt) return false;
  return now.getTime() <= paidAt.getTime() + refundWindowDays * 86_400_000;
}

export const STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: "Payment processing",
  PAID: "Paid",
  REFUNDED: "Refunded",
  PARTIALLY_REFUNDED: "Partly refunded",
  DISPUTED: "Disputed",
  EXPIRED: "Checkout expired",
  FAILED: "Payment failed",
};
