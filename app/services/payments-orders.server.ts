/**
 * Applying what Stripe says to our orders and enrollments. Used by the webhook
 * handler and by the instructor's refund button, so both paths change state
 * the same way: re-read the truth from Stripe, then ONE transaction with a
 * conditional update (the order row must still be as we read it, otherwise we
 * re-read and try again). Two deliveries racing therefore produce one
 * transition, one enrollment and one receipt.
 */
import type { ChargeSnapshot, CheckoutSessionSnapshot, PaymentIntentSnapshot, PaymentsGateway } from "~/integrations/payments/stripe.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { getDb, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatMoney } from "./payments-money";
import { ACCESS_STATUSES, mergeTruth, type OrderTransition, type PaymentTruth } from "./payments-state";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const REFUND_REASON = "Your payment was refunded.";

// ——— Reading the truth from Stripe ———

function chargeFacts(charge: ChargeSnapshot | null) {
  return { refundedAmount: charge?.amountRefunded ?? 0, disputed: charge?.disputed ?? false };
}

export function truthFromSession(s: CheckoutSessionSnapshot): PaymentTruth | null {
  const orderId = s.clientReferenceId ?? s.metadata.orderId ?? null;
  if (!orderId) return null;
  const pi = s.paymentIntent;
  return {
    orderId,
    checkoutSessionId: s.id,
    paymentIntentId: pi?.id ?? null,
    paid: s.paymentStatus === "paid" || pi?.status === "succeeded",
    failed: s.status === "complete" && s.paymentStatus === "unpaid" && (pi?.status === "canceled" || pi?.status === "requires_payment_method"),
    expired: s.status === "expired",
    ...chargeFacts(pi?.latestCharge ?? null),
  };
}

export function truthFromIntent(pi: PaymentIntentSnapshot): PaymentTruth | null {
  const orderId = pi.metadata.orderId ?? null;
  if (!orderId) return null;
  return {
    orderId,
    checkoutSessionId: null,
    paymentIntentId: pi.id,
    paid: pi.status === "succeeded",
    failed: false,
    expired: false,
    ...chargeFacts(pi.latestCharge),
  };
}

export function truthFromCharge(charge: ChargeSnapshot): PaymentTruth | null {
  const orderId = charge.paymentIntentMetadata.orderId ?? null;
  if (!orderId) return null;
  return {
    orderId,
    checkoutSessionId: null,
    paymentIntentId: charge.paymentIntentId,
    paid: charge.paid,
    failed: false,
    expired: false,
    ...chargeFacts(charge),
  };
}

/** Trust the event only for the id of its object: re-read that object (and what it links to) from Stripe. */
export async function readTruth(gateway: PaymentsGateway, eventType: string, objectId: string): Promise<PaymentTruth | null> {
  if (eventType.startsWith("checkout.session.")) return truthFromSession(await gateway.retrieveCheckoutSession(objectId));
  if (eventType.startsWith("payment_intent.")) return truthFromIntent(await gateway.retrievePaymentIntent(objectId));
  if (eventType.startsWith("charge.dispute.")) {
    const dispute = await gateway.retrieveDispute(objectId);
    return dispute.charge ? truthFromCharge({ ...dispute.charge, disputed: true }) : null;
  }
  if (eventType.startsWith("charge.")) return truthFromCharge(await gateway.retrieveCharge(objectId));
  return null;
}

// ——— Applying it ———

class StaleRead extends Error {}

/** How often a transaction found its order changed underneath and re-read it (reported by the replay). */
export const applyStats = { transactions: 0, retries: 0 };

const RETRYABLE_PRISMA_CODES = new Set(["P2002", "P2034"]);
function isRetryable(error: unknown): boolean {
  if (error instanceof StaleRead) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_PRISMA_CODES.has(code);
}

const orderSelect = {
  id: true,
  courseId: true,
  userId: true,
  couponId: true,
  status: true,
  amount: true,
  currency: true,
  refundedAmount: true,
  paidAt: true,
  refundedAt: true,
  disputedAt: true,
  stripeCheckoutSessionId: true,
  stripePaymentIntentId: true,
} as const;

async function markProcessed(tx: Tx, eventId: string | null, now: Date) {
  if (eventId) await tx.webhookEvent.updateMany({ where: { id: eventId, processedAt: null }, data: { processedAt: now } });
}

/** Creates the student's enrollment, or re-activates one that was removed or revoked. */
export async function grantAccess(tx: Tx, courseId: string, userId: string, now: Date) {
  const existing = await tx.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } }, select: { id: true, status: true } });
  if (!existing) {
    await tx.enrollment.create({ data: { courseId, userId, role: "STUDENT", startedAt: now } });
  } else if (existing.status !== "ACTIVE") {
    await tx.enrollment.update({
      where: { id: existing.id },
      data: { status: "ACTIVE", role: "STUDENT", startedAt: now, revokedReason: null, disputedAt: null },
    });
  }
}

/** Ends a student's access after a full refund, unless another paid order still covers it. Their work stays. */
async function revokeAccess(tx: Tx, order: { id: string; courseId: string; userId: string }): Promise<boolean> {
  const covering = await tx.order.count({
    where: { courseId: order.courseId, userId: order.userId, id: { not: order.id }, status: { in: ACCESS_STATUSES } },
  });
  if (covering > 0) return false;
  const { count } = await tx.enrollment.updateMany({
    where: { courseId: order.courseId, userId: order.userId, status: "ACTIVE", role: "STUDENT" },
    data: { status: "REVOKED", revokedReason: REFUND_REASON },
  });
  return count > 0;
}

export type AppliedTruth = { orderId: string; status: string; changed: boolean; revoked: boolean };

/**
 * Merges `truth` into its order in one transaction (see the file header) and
 * marks the webhook event processed in the same transaction. Mail goes out
 * after the commit.
 */
export async function applyTruth(truth: PaymentTruth, now: Date, eventId: string | null): Promise<AppliedTruth | null> {
  const db = getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      applyStats.transactions++;
      const outcome = await db.$transaction(
        async (tx) => {
          const order = await tx.order.findUnique({ where: { id: truth.orderId }, select: orderSelect });
          if (!order) {
            await markProcessed(tx, eventId, now);
            return null;
          }
          const t = mergeTruth(order, truth, now);
          let revoked = false;
          if (t.changed) {
            const { count } = await tx.order.updateMany({
              where: { id: order.id, status: order.status, refundedAmount: order.refundedAmount, paidAt: order.paidAt, disputedAt: order.disputedAt },
              data: {
                status: t.next.status,
                refundedAmount: t.next.refundedAmount,
                paidAt: t.next.paidAt,
                refundedAt: t.next.refundedAt,
                disputedAt: t.next.disputedAt,
                stripeCheckoutSessionId: t.next.stripeCheckoutSessionId,
                stripePaymentIntentId: t.next.stripePaymentIntentId,
              },
            });
            if (count === 0) throw new StaleRead();
            if (t.grant) await grantAccess(tx, order.courseId, order.userId, now);
            if (t.revoke) revoked = await revokeAccess(tx, order);
            if (t.flagDispute) {
              await tx.enrollment.updateMany({ where: { courseId: order.courseId, userId: order.userId, disputedAt: null }, data: { disputedAt: now } });
            }
            if (t.abandoned && order.couponId) {
              // The checkout held one redemption of the coupon; give it back.
              await tx.coupon.updateMany({ where: { id: order.couponId, redeemedCount: { gt: 0 } }, data: { redeemedCount: { decrement: 1 } } });
            }
          }
          await markProcessed(tx, eventId, now);
          return { order, t, revoked };
        },
        { maxWait: 20_000, timeout: 20_000 },
      );
      if (!outcome) return null;
      if (outcome.t.changed) await notifyBuyer(outcome.order, outcome.t, outcome.revoked);
      return { orderId: outcome.order.id, status: outcome.t.next.status, changed: outcome.t.changed, revoked: outcome.revoked };
    } catch (error) {
      if (attempt < 10 && isRetryable(error)) {
        applyStats.retries++;
        continue;
      }
      throw error;
    }
  }
}

/** Receipt when the money is taken; a notice for each refund (and the end of access). */
async function notifyBuyer(order: { id: string; courseId: string; userId: string; amount: number; currency: string }, t: OrderTransition, revoked: boolean) {
  if (!t.becamePaid && t.refundedNow <= 0) return;
  const row = await getDb().order.findUnique({
    where: { id: order.id },
    select: { user: { select: { email: true, displayName: true } }, course: { select: { title: true, slug: true } } },
  });
  if (!row) return;
  const app = getEnv().APP_URL.replace(/\/$/, "");
  const { user, course } = row;
  if (t.becamePaid) {
    await sendMail({
      to: user.email,
      subject: `Receipt: ${course.title}`,
      text: [
        `Hello ${user.displayName},`,
        "",
        `Thank you for buying "${course.title}". We received ${formatMoney(order.amount, order.currency)}.`,
        `Order: ${order.id}`,
        `Your orders and receipts: ${app}/orders/${order.id}`,
        t.grant ? `Start learning: ${app}/courses/${course.slug}` : "",
      ].join("\n"),
    });
  }
  if (t.refundedNow > 0) {
    await sendMail({
      to: user.email,
      subject: `Refund: ${course.title}`,
      text: [
        `Hello ${user.displayName},`,
        "",
        `We refunded ${formatMoney(t.refundedNow, order.currency)} of your payment for "${course.title}" (order ${order.id}).`,
        "Refunds usually reach your card within 5 to 10 business days.",
        revoked || t.next.status === "REFUNDED"
          ? "Your access to the course has ended. Your work is kept, and the instructor can still see it."
          : "You keep access to the course.",
        `Order details: ${app}/orders/${order.id}`,
      ].join("\n"),
    });
  }
}
