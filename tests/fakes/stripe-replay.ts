/**
 * Webhook replay: 1,000 signed deliveries for 300 purchases (plus 120
 * abandoned checkouts), with 10 % duplicates, 5 % out of order (a refund
 * delivered before its purchase's completion) and refunds, partial refunds and
 * disputes, delivered concurrently through the webhook route. Used by
 * tests/integration/payments-replay.test.ts and bench/stripe-replay.ts.
 *
 * Two waves, as Stripe would send them: wave 1 after the buyers pay (their
 * completions and payment intents, shuffled, with duplicates); then refunds
 * and disputes happen at Stripe and wave 2 delivers those, followed by the
 * held-back completions of 25 refunded purchases (their refund arrives first).
 * The expected end state is computed from the scenario, not from the app.
 */
import { getDb } from "~/lib/db.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { startCheckout } from "~/services/payments-checkout.server";
import { applyStats } from "~/services/payments-orders.server";
import type { Actor } from "~/services/users.server";
import { createCourse, createUser } from "../factories";
import type { FakeEvent, FakeStripe } from "./stripe-server";

export type ReplayReport = {
  deliveries: number;
  unique: number;
  duplicates: number;
  outOfOrder: number;
  concurrency: number;
  seconds: number;
  deliveriesPerSecond: number;
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  /** Transactions that found their order changed by a concurrent delivery and re-read it. */
  retries: number;
  expected: ReplayState;
  actual: ReplayState;
};

export type ReplayState = {
  orders: Record<string, number>;
  amounts: Record<string, { amount: number; refunded: number }>;
  activeStudents: string[];
  revoked: string[];
  disputedEnrollments: number;
  couponRedemptions: Record<string, number>;
  webhookEvents: number;
  unprocessedEvents: number;
  receipts: number;
};

/** Small seeded PRNG (mulberry32): the same scenario every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COURSES = [
  { currency: "usd", price: 4900, coupon: { code: "SAVE20", percentOff: 20, amountOff: null } },
  { currency: "eur", price: 2900, coupon: null },
  { currency: "jpy", price: 4800, coupon: { code: "YEN500", percentOff: null, amountOff: 500 } },
  { currency: "gbp", price: 1500, coupon: null },
] as const;

type Purchase = { key: string; orderId: string; sessionId: string; currency: string; amount: number; couponId: string | null; plan: Plan; held: boolean };
type Plan = "PAID" | "DISPUTED" | "PARTIAL" | "REFUND" | "TWO_STEP" | "ABANDON";

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function runStripeReplay(fake: FakeStripe, options: { concurrency?: number; seed?: number; log?: (line: string) => void } = {}): Promise<ReplayReport> {
  const concurrency = options.concurrency ?? 32;
  const rand = random(options.seed ?? 42);
  const log = options.log ?? (() => {});
  const db = getDb();
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };

  // ——— Setup: 4 priced courses (2 with coupons), 105 buyers, 420 checkouts ———
  const owner = await createUser({ displayName: "Replay Instructor" });
  const courses: ((typeof COURSES)[number] & { id: string; slug: string; couponId: string | null })[] = [];
  for (const c of COURSES) {
    const course = await createCourse(owner);
    await db.course.update({ where: { id: course.id }, data: { priceAmount: c.price, priceCurrency: c.currency } });
    const coupon = c.coupon ? await db.coupon.create({ data: { courseId: course.id, code: c.coupon.code, percentOff: c.coupon.percentOff, amountOff: c.coupon.amountOff, maxRedemptions: 1000 } }) : null;
    courses.push({ ...c, id: course.id, slug: course.slug, couponId: coupon?.id ?? null });
  }
  const buyers: Actor[] = [];
  for (let i = 0; i < 105; i++) buyers.push(await createUser({ displayName: `Buyer ${i}` }));
  const pairs = shuffle(buyers.flatMap((b, i) => courses.map((c, j) => ({ buyer: b, course: c, useCoupon: c.couponId !== null && (i + j) % 3 === 0 }))));
  const plans: Plan[] = [
    ...Array<Plan>(150).fill("PAID"),
    ...Array<Plan>(30).fill("DISPUTED"),
    ...Array<Plan>(30).fill("PARTIAL"),
    ...Array<Plan>(60).fill("REFUND"),
    ...Array<Plan>(30).fill("TWO_STEP"),
    ...Array<Plan>(120).fill("ABANDON"),
  ];
  const purchases: Purchase[] = [];
  let heldCount = 0;
  const t0 = Date.now();
  await pool(
    pairs.map((p, i) => ({ ...p, plan: plans[i] })),
    8,
    async ({ buyer, course, useCoupon, plan }) => {
      const { orderId } = await startCheckout(buyer, course.slug, { coupon: useCoupon ? course.coupon!.code : "" }, new Date());
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { amount: true, stripeCheckoutSessionId: true, couponId: true } });
      const held = plan === "REFUND" && heldCount < 25 && ++heldCount > 0;
      purchases.push({ key: `${course.id}:${buyer.id}`, orderId, sessionId: order.stripeCheckoutSessionId!, currency: course.currency, amount: order.amount, couponId: order.couponId, plan, held });
    },
  );
  log(`setup: ${purchases.length} checkouts in ${Date.now() - t0} ms`);

  // ——— Wave 1: buyers pay (or walk away) ———
  const heldEvents: FakeEvent[] = [];
  const wave1: FakeEvent[] = [];
  for (const p of purchases) {
    const events = p.plan === "ABANDON" ? fake.expire(p.sessionId) : fake.pay(p.sessionId);
    (p.held ? heldEvents : wave1).push(...events);
  }
  const dup = (from: FakeEvent[], n: number) => Array.from({ length: n }, () => from[Math.floor(rand() * from.length)]);
  const wave1Deliveries = shuffle([...wave1, ...dup(wave1, 70)]);

  const statuses: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const deliver = async (event: FakeEvent) => {
    const request = new Request("http://localhost:3000/webhooks/stripe", {
      method: "POST",
      body: event.payload,
      headers: { "content-type": "application/json", "stripe-signature": fake.sign(event.payload) },
    });
    const response = await webhookAction({ request, params: {}, context: {} } as any);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    const body = (await response.json()) as Record<string, unknown>;
    const outcome = body.duplicate ? "duplicate" : body.ignored ? "ignored" : body.orderStatus ? "applied" : "error";
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };

  const retriesBefore = applyStats.retries;
  const start1 = performance.now();
  await pool(wave1Deliveries, concurrency, deliver);
  const wave1Seconds = (performance.now() - start1) / 1000;

  // ——— At Stripe: refunds, partial refunds, disputes ———
  const wave2: FakeEvent[] = [];
  for (const p of purchases) {
    const pi = fake.session(p.sessionId)!.payment_intent as string;
    if (p.plan === "REFUND") wave2.push(...fake.refund(pi));
    if (p.plan === "TWO_STEP") wave2.push(...fake.refund(pi, Math.floor(p.amount / 2)), ...fake.refund(pi));
    if (p.plan === "PARTIAL") wave2.push(...fake.refund(pi, Math.floor(p.amount / 3)));
    if (p.plan === "DISPUTED") wave2.push(...fake.dispute(pi));
  }
  // Refunds and disputes first (shuffled, with duplicates), then the held-back completions.
  const wave2Deliveries = [...shuffle([...wave2, ...dup(wave2, 30)]), ...shuffle([...heldEvents])];
  const start2 = performance.now();
  await pool(wave2Deliveries, concurrency, deliver);
  const seconds = wave1Seconds + (performance.now() - start2) / 1000;

  const deliveries = wave1Deliveries.length + wave2Deliveries.length;
  return {
    deliveries,
    unique: wave1.length + wave2.length + heldEvents.length,
    duplicates: 100,
    outOfOrder: heldEvents.length,
    concurrency,
    seconds,
    deliveriesPerSecond: deliveries / seconds,
    statuses,
    outcomes,
    retries: applyStats.retries - retriesBefore,
    expected: expectedState(purchases),
    actual: await actualState(purchases.map((p) => p.orderId), courses.map((c) => c.id)),
  };
}

const LATER_EVENTS: Partial<Record<Plan, number>> = { REFUND: 1, TWO_STEP: 2, PARTIAL: 1, DISPUTED: 1 };

function expectedState(purchases: Purchase[]): ReplayState {
  const orders: Record<string, number> = {};
  const amounts: Record<string, { amount: number; refunded: number }> = {};
  const couponRedemptions: Record<string, number> = {};
  const STATUS: Record<Plan, string> = { PAID: "PAID", DISPUTED: "DISPUTED", PARTIAL: "PARTIALLY_REFUNDED", REFUND: "REFUNDED", TWO_STEP: "REFUNDED", ABANDON: "EXPIRED" };
  for (const p of purchases) {
    orders[STATUS[p.plan]] = (orders[STATUS[p.plan]] ?? 0) + 1;
    if (p.plan === "ABANDON") continue;
    const refunded = p.plan === "PARTIAL" ? Math.floor(p.amount / 3) : p.plan === "REFUND" || p.plan === "TWO_STEP" ? p.amount : 0;
    const sum = (amounts[p.currency] ??= { amount: 0, refunded: 0 });
    sum.amount += p.amount;
    sum.refunded += refunded;
    if (p.couponId) couponRedemptions[p.couponId] = (couponRedemptions[p.couponId] ?? 0) + 1;
  }
  const paid = purchases.filter((p) => p.plan !== "ABANDON");
  return {
    orders,
    amounts,
    activeStudents: paid.filter((p) => ["PAID", "DISPUTED", "PARTIAL"].includes(p.plan)).map((p) => p.key).sort(),
    // Refunded after access was granted → revoked; refunded before the completion arrived → never enrolled.
    revoked: paid.filter((p) => (p.plan === "REFUND" && !p.held) || p.plan === "TWO_STEP").map((p) => p.key).sort(),
    disputedEnrollments: paid.filter((p) => p.plan === "DISPUTED").length,
    couponRedemptions,
    // Each purchase: checkout.session.completed + payment_intent.succeeded; each abandoned checkout: expired; plus one per refund or dispute.
    webhookEvents: paid.length * 2 + (purchases.length - paid.length) + paid.reduce((n, p) => n + (LATER_EVENTS[p.plan] ?? 0), 0),
    unprocessedEvents: 0,
    receipts: paid.length,
  };
}

async function actualState(orderIds: string[], courseIds: string[]): Promise<ReplayState> {
  const db = getDb();
  const orders = await db.order.findMany({ where: { id: { in: orderIds } }, select: { status: true, currency: true, amount: true, refundedAmount: true } });
  const byStatus: Record<string, number> = {};
  const amounts: Record<string, { amount: number; refunded: number }> = {};
  for (const o of orders) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    if (o.status === "EXPIRED") continue;
    const sum = (amounts[o.currency] ??= { amount: 0, refunded: 0 });
    sum.amount += o.amount;
    sum.refunded += o.refundedAmount;
  }
  const enrollments = await db.enrollment.findMany({
    where: { courseId: { in: courseIds }, role: "STUDENT" },
    select: { courseId: true, userId: true, status: true, disputedAt: true },
  });
  const keys = (status: string) => enrollments.filter((e) => e.status === status).map((e) => `${e.courseId}:${e.userId}`).sort();
  const coupons = await db.coupon.findMany({ where: { courseId: { in: courseIds } }, select: { id: true, redeemedCount: true } });
  const buyers = await db.order.findMany({ where: { id: { in: orderIds } }, select: { user: { select: { email: true } } }, distinct: ["userId"] });
  return {
    orders: byStatus,
    amounts,
    activeStudents: keys("ACTIVE"),
    revoked: keys("REVOKED"),
    disputedEnrollments: enrollments.filter((e) => e.disputedAt).length,
    couponRedemptions: Object.fromEntries(coupons.filter((c) => c.redeemedCount > 0).map((c) => [c.id, c.redeemedCount])),
    webhookEvents: await db.webhookEvent.count({ where: { provider: "stripe" } }),
    unprocessedEvents: await db.webhookEvent.count({ where: { provider: "stripe", processedAt: null } }),
    receipts: await db.outboxMail.count({ where: { to: { in: buyers.map((b) => b.user.email) }, subject: { startsWith: "Receipt: " } } }),
  };
}
