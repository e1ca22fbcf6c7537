/**
 * Buying a course: validate the price and coupon, create a PENDING order,
 * open a Stripe Checkout session and send the buyer there. Access comes later,
 * only from Stripe's verified webhook (payments-webhook.server.ts), never from
 * the buyer's return to /orders/<id>.
 */
import { z } from "zod";
import { getPayments, isPaymentsConfigured } from "~/integrations/payments/stripe.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { badRequest, conflict, notFound } from "~/lib/errors";
import { formatDate } from "~/lib/time";
import { loadCourseAccess } from "./permissions.server";
import { applyCoupon, CURRENCIES, formatMoney, isCurrency, normalizeCouponCode } from "./payments-money";
import { grantAccess } from "./payments-orders.server";
import type { Actor } from "./users.server";

export const NOT_CONFIGURED_MESSAGE = "Payments are not configured on this site yet, so this course cannot be bought right now.";

/** How long a buyer has to finish paying; an expired checkout gives its coupon redemption back. */
const CHECKOUT_MINUTES = 60;

export const buySchema = z.object({
  coupon: z.string().trim().max(40, "Coupon codes are at most 40 characters.").optional().default("").transform(normalizeCouponCode),
});

/** The payment provider did not answer; nothing was charged. Routes answer 503. */
export class PaymentsUnavailableError extends Error {}

type CouponRow = { id: string; code: string; percentOff: number | null; amountOff: number | null; expiresAt: Date | null; maxRedemptions: number | null; redeemedCount: number };

function checkCoupon(coupon: CouponRow | null, code: string, now: Date, zone: string): CouponRow {
  const fail = (message: string) => badRequest("That coupon code cannot be used.", { coupon: [message] });
  if (!coupon) throw fail(`The coupon "${code}" does not apply to this course.`);
  if (coupon.expiresAt && coupon.expiresAt <= now) throw fail(`The coupon "${code}" expired on ${formatDate(coupon.expiresAt, zone)}.`);
  if (coupon.maxRedemptions !== null && coupon.redeemedCount >= coupon.maxRedemptions) throw fail(`The coupon "${code}" has been used up.`);
  return coupon;
}

async function loadBuyable(actor: Actor, slug: string, now: Date) {
  const access = await loadCourseAccess(actor, { slug });
  const course = await getDb().course.findUniqueOrThrow({
    where: { id: access.course.id },
    select: { id: true, slug: true, title: true, status: true, priceAmount: true, priceCurrency: true, refundWindowDays: true, endsAt: true },
  });
  if (access.role) throw conflict("You are already in this course.");
  if (course.priceAmount === null || !course.priceCurrency || !isCurrency(course.priceCurrency)) {
    throw conflict("This course is free: enroll from the course page.");
  }
  if (course.status !== "PUBLISHED") throw conflict("This course is not open for enrollment yet.");
  if (course.endsAt && course.endsAt < now) throw conflict("This course has ended, so it no longer takes new students.");
  return { ...course, priceAmount: course.priceAmount, priceCurrency: course.priceCurrency };
}

/** What the buy page shows. */
export async function getBuyPage(actor: Actor, slug: string, now: Date) {
  const course = await loadBuyable(actor, slug, now);
  return {
    course: { slug: course.slug, title: course.title, refundWindowDays: course.refundWindowDays },
    price: { amount: course.priceAmount, currency: course.priceCurrency, label: formatMoney(course.priceAmount, course.priceCurrency) },
    configured: isPaymentsConfigured(),
  };
}

/**
 * Starts a purchase and returns where to send the buyer: Stripe Checkout, or
 * straight to the order page when a coupon makes the course free.
 */
export async function startCheckout(actor: Actor, slug: string, input: z.infer<typeof buySchema>, now: Date): Promise<{ redirectTo: string; orderId: string }> {
  const course = await loadBuyable(actor, slug, now);
  const db = getDb();
  const code = normalizeCouponCode(input.coupon);
  const coupon = code
    ? checkCoupon(
        await db.coupon.findUnique({ where: { courseId_code: { courseId: course.id, code } } }),
        code,
        now,
        actor.timeZone,
      )
    : null;
  const amount = applyCoupon(course.priceAmount, coupon);
  const min = CURRENCIES[course.priceCurrency].min;
  if (amount > 0 && amount < min) {
    const message = `With this coupon the price is below the smallest card payment (${formatMoney(min, course.priceCurrency)}). Ask the instructor for a different coupon.`;
    throw badRequest("That coupon code cannot be used.", { coupon: [message] });
  }
  if (amount > 0 && !isPaymentsConfigured()) throw conflict(NOT_CONFIGURED_MESSAGE);

  if (coupon) {
    // Hold one redemption now (given back if the checkout expires), so a limited coupon cannot be oversold.
    // One conditional statement, outside any transaction: see "SQLite transactions" in docs/decisions.md.
    const { count } = await db.coupon.updateMany({
      where: {
        id: coupon.id,
        OR: [{ maxRedemptions: null }, { redeemedCount: { lt: db.coupon.fields.maxRedemptions } }],
        AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
      },
      data: { redeemedCount: { increment: 1 } },
    });
    if (count === 0) throw badRequest("That coupon code cannot be used.", { coupon: [`The coupon "${coupon.code}" has been used up.`] });
  }
  const releaseCoupon = async () => {
    if (coupon) await db.coupon.updateMany({ where: { id: coupon.id, redeemedCount: { gt: 0 } }, data: { redeemedCount: { decrement: 1 } } });
  };
  const orderData = { courseId: course.id, userId: actor.id, couponId: coupon?.id ?? null, amount, currency: course.priceCurrency };
  let order: { id: string };
  try {
    order =
      amount === 0
        ? await db.$transaction(async (tx) => {
            const created = await tx.order.create({ data: { ...orderData, status: "PAID", paidAt: now }, select: { id: true } });
            await grantAccess(tx, course.id, actor.id, now);
            return created;
          })
        : await db.order.create({ data: { ...orderData, status: "PENDING" }, select: { id: true } });
  } catch (error) {
    await releaseCoupon();
    throw error;
  }
  if (amount === 0) return { redirectTo: `/orders/${order.id}`, orderId: order.id };

  const app = getEnv().APP_URL.replace(/\/$/, "");
  let session: { id: string; url: string };
  try {
    session = await getPayments().createCheckoutSession({
      orderId: order.id,
      productName: course.title,
      amount,
      currency: course.priceCurrency,
      customerEmail: actor.email,
      successUrl: `${app}/orders/${order.id}`,
      cancelUrl: `${app}/courses/${course.slug}?checkout=cancelled`,
      expiresAt: new Date(now.getTime() + CHECKOUT_MINUTES * 60_000),
      metadata: { orderId: order.id, courseId: course.id, userId: actor.id },
    });
  } catch (error) {
    const { count } = await db.order.updateMany({ where: { id: order.id, status: "PENDING" }, data: { status: "FAILED" } });
    if (count > 0) await releaseCoupon();
    console.warn(`Stripe checkout for order ${order.id} failed:`, error);
    throw new PaymentsUnavailableError("We could not reach the payment provider. Nothing was charged; please try again in a minute.");
  }
  await db.order.update({ where: { id: order.id }, data: { stripeCheckoutSessionId: session.id } });
  return { redirectTo: session.url, orderId: order.id };
}

const orderView = {
  id: true,
  status: true,
  amount: true,
  currency: true,
  refundedAmount: true,
  createdAt: true,
  paidAt: true,
  refundedAt: true,
  disputedAt: true,
  course: { select: { slug: true, title: true } },
  coupon: { select: { code: true } },
} as const;

/** One order, for its buyer (or an admin). Reads only our database: the webhook decides. */
export async function getMyOrder(actor: Actor, orderId: string) {
  const order = await getDb().order.findFirst({
    where: { id: orderId, ...(actor.isAdmin ? {} : { userId: actor.id }) },
    select: orderView,
  });
  if (!order) throw notFound("order");
  return order;
}

/** The buyer's order history, newest first. */
export async function listMyOrders(actor: Actor) {
  return getDb().order.findMany({
    where: { userId: actor.id, status: { not: "FAILED" } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: orderView,
  });
}

/**
 * What the course home tells a non-member about their purchases: access ended
 * by a refund (with the date), or a checkout still waiting for Stripe. Two
 * queries, run only for non-members of a paid course.
 */
export async function getPurchaseState(actor: Actor, courseId: string) {
  const db = getDb();
  const [enrollment, order] = await Promise.all([
    db.enrollment.findUnique({ where: { courseId_userId: { courseId, userId: actor.id } }, select: { status: true, revokedReason: true } }),
    db.order.findFirst({
      where: { courseId, userId: actor.id, status: { in: ["PENDING", "REFUNDED"] } },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, refundedAt: true, createdAt: true },
    }),
  ]);
  const revoked =
    enrollment?.status === "REVOKED"
      ? { reason: enrollment.revokedReason, refundedAt: order?.status === "REFUNDED" ? order.refundedAt : null }
      : null;
  return { revoked, pendingOrderId: order?.status === "PENDING" ? order.id : null, configured: isPaymentsConfigured() };
}
