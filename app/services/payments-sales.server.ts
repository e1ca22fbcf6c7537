/**
 * The instructor's side of paid courses: orders, refunds, revenue by month and
 * the CSV export. Only the course's instructors (and admins) may see or refund.
 */
import { z } from "zod";
import type { OrderStatus } from "~/generated/sqlite/enums";
import { getPayments, isPaymentsConfigured } from "~/integrations/payments/stripe.server";
import { getDb } from "~/lib/db.server";
import { conflict, notFound } from "~/lib/errors";
import { toMajorString } from "./payments-money";
import { applyTruth, truthFromIntent } from "./payments-orders.server";
import { csvLine } from "~/lib/csv";
import { revenueByMonth } from "./payments-report";
import { ACCESS_STATUSES, withinRefundWindow } from "./payments-state";
import { requireCourseRole } from "./permissions.server";
import type { Actor } from "./users.server";

const ONLY_INSTRUCTORS = "Only the course's instructors can see its sales.";
const PAGE_SIZE = 50;
/** Orders that reached Stripe's money movement; open or abandoned checkouts are left out of the list. */
const SOLD: OrderStatus[] = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED"];

export const salesQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });
export const refundSchema = z.object({ orderId: z.string().min(1).max(40) });

export async function getSales(actor: Actor, slug: string, query: z.infer<typeof salesQuerySchema>, now: Date) {
  const access = await requireCourseRole(actor, { slug }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  const db = getDb();
  const where = { courseId: access.course.id, status: { in: SOLD } };
  const yearAgo = new Date(now.getTime() - 366 * 86_400_000);
  const [course, totals, total, rows, recent] = await Promise.all([
    db.course.findUniqueOrThrow({
      where: { id: access.course.id },
      select: { id: true, slug: true, title: true, timeZone: true, priceAmount: true, priceCurrency: true, refundWindowDays: true },
    }),
    db.order.groupBy({ by: ["currency"], where, _sum: { amount: true, refundedAmount: true }, _count: { _all: true }, orderBy: { currency: "asc" } }),
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: [{ paidAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        status: true,
        amount: true,
        currency: true,
        refundedAmount: true,
        paidAt: true,
        refundedAt: true,
        disputedAt: true,
        user: { select: { displayName: true, email: true } },
        coupon: { select: { code: true } },
      },
    }),
    db.order.findMany({
      where: { ...where, OR: [{ paidAt: { gte: yearAgo } }, { refundedAt: { gte: yearAgo } }] },
      select: { amount: true, refundedAmount: true, currency: true, paidAt: true, refundedAt: true },
    }),
  ]);
  // The chart shows the course's currency, or the currency with the most sales if the price changed.
  const chartCurrency = course.priceCurrency ?? [...totals].sort((a, b) => b._count._all - a._count._all)[0]?.currency ?? null;
  const configured = isPaymentsConfigured();
  return {
    course,
    totals: totals.map((t) => ({
      currency: t.currency,
      orders: t._count._all,
      gross: t._sum.amount ?? 0,
      refunded: t._sum.refundedAmount ?? 0,
      net: (t._sum.amount ?? 0) - (t._sum.refundedAmount ?? 0),
    })),
    months: chartCurrency ? revenueByMonth(recent, chartCurrency, course.timeZone, now) : [],
    chartCurrency,
    orders: rows.map((o) => ({
      ...o,
      canRefund:
        configured && ACCESS_STATUSES.includes(o.status) && (actor.isAdmin || withinRefundWindow(o.paidAt, course.refundWindowDays, now)),
    })),
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
  };
}

/**
 * Refunds the rest of an order through Stripe, then applies Stripe's answer
 * the same way the webhook does (the `charge.refunded` event that follows
 * changes nothing). Instructors may refund within the course's refund window;
 * admins at any time.
 */
export async function refundOrder(actor: Actor, courseId: string, input: z.infer<typeof refundSchema>, now: Date) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only the course's instructors can refund orders.");
  const db = getDb();
  const order = await db.order.findFirst({
    where: { id: input.orderId, courseId },
    select: { id: true, status: true, amount: true, refundedAmount: true, paidAt: true, stripePaymentIntentId: true, course: { select: { refundWindowDays: true } } },
  });
  if (!order) throw notFound("order");
  if (!ACCESS_STATUSES.includes(order.status) || !order.stripePaymentIntentId) throw conflict("This order has nothing left to refund.");
  if (!actor.isAdmin && !withinRefundWindow(order.paidAt, order.course.refundWindowDays, now)) {
    throw conflict(`This order is outside the ${order.course.refundWindowDays}-day refund window. An administrator can still refund it.`);
  }
  if (!isPaymentsConfigured()) throw conflict("Payments are not configured on this site, so refunds cannot be sent.");
  const gateway = getPayments();
  await gateway.createRefund({
    paymentIntentId: order.stripePaymentIntentId,
    amount: order.amount - order.refundedAmount,
    idempotencyKey: `refund-${order.id}-${order.refundedAmount}`,
    metadata: { orderId: order.id, refundedBy: actor.id },
  });
  const truth = truthFromIntent(await gateway.retrievePaymentIntent(order.stripePaymentIntentId));
  if (!truth) throw new Error(`Payment intent ${order.stripePaymentIntentId} has no order id in its metadata.`);
  return applyTruth(truth, now, null);
}

const CSV_HEADER = ["order", "status", "student", "email", "coupon", "currency", "amount", "refunded", "net", "paid_at", "refunded_at", "disputed_at"];
const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** All sold orders as CSV, streamed in pages so a large course does not sit in memory. */
export async function streamSalesCsv(actor: Actor, slug: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const access = await requireCourseRole(actor, { slug }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  const db = getDb();
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_HEADER)}`));
        return;
      }
      const page: {
        id: string;
        status: OrderStatus;
        amount: number;
        refundedAmount: number;
        currency: string;
        paidAt: Date | null;
        refundedAt: Date | null;
        disputedAt: Date | null;
        user: { displayName: string; email: string };
        coupon: { code: string } | null;
      }[] = await db.order.findMany({
        where: { courseId: access.course.id, status: { in: SOLD } },
        orderBy: { id: "asc" },
        take: 500,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: {
          id: true,
          status: true,
          amount: true,
          refundedAmount: true,
          currency: true,
          paidAt: true,
          refundedAt: true,
          disputedAt: true,
          user: { select: { displayName: true, email: true } },
          coupon: { select: { code: true } },
        },
      });
      if (page.length === 0) return controller.close();
      cursor = page[page.length - 1].id;
      const text = page
        .map((o) =>
          csvLine([
            o.id,
            o.status,
            o.user.displayName,
            o.user.email,
            o.coupon?.code ?? "",
            o.currency.toUpperCase(),
            toMajorString(o.amount, o.currency),
            toMajorString(o.refundedAmount, o.currency),
            toMajorString(o.amount - o.refundedAmount, o.currency),
            iso(o.paidAt),
            iso(o.refundedAt),
            iso(o.disputedAt),
          ]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
  return { filename: `sales-${access.course.slug}.csv`, stream };
}
