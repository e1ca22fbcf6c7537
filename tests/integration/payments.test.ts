/**
 * Paid courses against the local fake Stripe (tests/fakes/stripe-server.ts):
 * the real SDK, real signatures, never the internet.
 */
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as buyAction } from "~/routes/courses.$slug.buy";
import { loader as salesCsvLoader } from "~/routes/courses.$slug.sales[.csv]";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { getCourseHome, selfEnroll } from "~/services/courses.server";
import { getMyOrder, listMyOrders, startCheckout } from "~/services/payments-checkout.server";
import { applyCoupon, formatMoney, parseMajorAmount, toMajorString } from "~/services/payments-money";
import { couponSchemaFor, createCoupon, pricingSchema } from "~/services/payments-pricing.server";
import { csvCell } from "~/lib/csv";
import { revenueByMonth } from "~/services/payments-report";
import { getSales, refundOrder } from "~/services/payments-sales.server";
import { createSession } from "~/services/auth.server";
import { commitSession } from "~/lib/session.server";
import type { Actor } from "~/services/users.server";
import { FAKE_SECRET_KEY, startFakeStripe, type FakeEvent } from "../fakes/stripe-server";
import { createCourse, createUser, enroll } from "../factories";

// The fake listens on a free port; the app's env must point at it before anything reads the env.
const fake = await startFakeStripe();
process.env.STRIPE_SECRET_KEY = FAKE_SECRET_KEY;
process.env.STRIPE_WEBHOOK_SECRET = fake.secret;
process.env.STRIPE_API_BASE = fake.url;
afterAll(async () => {
  expect(fake.unhandled).toEqual([]);
  await fake.close();
});

const BASE = "http://localhost:3000";
const now = () => new Date();

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e) => (e instanceof AppError ? e.code : Promise.reject(e)),
  );
}

async function paidCourse(price = 4900, currency = "usd", refundWindowDays = 14) {
  const instructor = await createUser({ displayName: "Ines Instructor" });
  const course = await createCourse(instructor);
  await getDb().course.update({ where: { id: course.id }, data: { priceAmount: price, priceCurrency: currency, refundWindowDays } });
  return { instructor, course };
}

/** A webhook delivery through the route, as Stripe sends it. */
async function deliver(event: FakeEvent, signature: string | null = fake.sign(event.payload)) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  const request = new Request(`${BASE}/webhooks/stripe`, { method: "POST", body: event.payload, headers });
  const response = await webhookAction({ request, params: {}, context: {} } as any);
  return { status: response.status, body: await response.json() };
}

async function buy(student: Actor, slug: string, coupon = "") {
  const { orderId, redirectTo } = await startCheckout(student, slug, { coupon }, now());
  const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
  return { orderId, redirectTo, sessionId: order.stripeCheckoutSessionId! };
}

async function enrollmentOf(student: Actor, courseId: string) {
  return getDb().enrollment.findUnique({ where: { courseId_userId: { courseId, userId: student.id } } });
}

const mailsTo = (to: string, subjectStart: string) => getDb().outboxMail.count({ where: { to, subject: { startsWith: subjectStart } } });

test("money: minor units without floating point, JPY without decimals, Intl formatting", () => {
  expect(parseMajorAmount("49.99", "usd")).toEqual({ ok: true, amount: 4999 });
  expect(parseMajorAmount("1,200.5", "eur")).toEqual({ ok: true, amount: 120050 });
  expect(parseMajorAmount("0.1", "usd")).toEqual({ ok: true, amount: 10 });
  expect(parseMajorAmount("5000", "jpy")).toEqual({ ok: true, amount: 5000 });
  expect(parseMajorAmount("50.5", "jpy")).toEqual({ ok: false, message: "JPY has no minor unit: enter a whole number." });
  expect(parseMajorAmount("4.999", "usd").ok).toBe(false);
  expect(formatMoney(4999, "usd")).toBe("$49.99");
  expect(formatMoney(5000, "jpy")).toBe("¥5,000");
  expect(toMajorString(5, "usd")).toBe("0.05");
  expect(toMajorString(5000, "jpy")).toBe("5000");
  expect(applyCoupon(4999, { percentOff: 15, amountOff: null })).toBe(4249); // 749.85 rounds to 750 off
  expect(applyCoupon(4999, { percentOff: null, amountOff: 6000 })).toBe(0);
  expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
  expect(csvCell('Ann "A", B')).toBe('"Ann ""A"", B"');
});

test("prices: zero or less, unknown currencies, too many decimals and below Stripe's minimum are rejected with messages", () => {
  const errors = (input: Record<string, string>) => {
    const r = pricingSchema.safeParse({ pricing: "paid", refundWindowDays: "14", ...input });
    return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  expect(errors({ currency: "usd", amount: "0" })).toEqual({ amount: "Enter a price above zero." });
  expect(errors({ currency: "usd", amount: "-5" })).toEqual({ amount: "Enter a price above zero." });
  expect(errors({ currency: "xyz", amount: "10" })).toEqual({ currency: "Choose a currency from the list." });
  expect(errors({ currency: "jpy", amount: "99.5" })).toEqual({ amount: "JPY has no minor unit: enter a whole number." });
  expect(errors({ currency: "gbp", amount: "0.10" })?.amount).toMatch(/lowest price .* GBP is £0.30/);
  expect(errors({ currency: "usd", amount: "1000000" })?.amount).toMatch(/highest price/);
  expect(errors({ currency: "usd", amount: "ten" })?.amount).toMatch(/as a number/);
  expect(pricingSchema.parse({ pricing: "paid", currency: "JPY", amount: "4800", refundWindowDays: "7" })).toEqual({
    priceAmount: 4800,
    priceCurrency: "jpy",
    refundWindowDays: 7,
  });
  expect(pricingSchema.parse({ pricing: "free", currency: "xyz", amount: "", refundWindowDays: "0" }).priceAmount).toBeNull();
  const coupon = couponSchemaFor("usd", "UTC", new Date("2026-11-26T10:00:00Z"));
  const bad = coupon.safeParse({ code: "x", kind: "percent", value: "150", expiresOn: "2026-11-25", maxRedemptions: "0" });
  expect(Object.fromEntries(bad.error!.issues.map((i) => [String(i.path[0]), i.message]))).toEqual({
    code: "Use 3 to 40 letters, digits, dashes or underscores, like SPRING-25.",
  });
  const bad2 = coupon.safeParse({ code: "spring", kind: "percent", value: "150", expiresOn: "2026-11-25", maxRedemptions: "0" });
  expect(Object.fromEntries(bad2.error!.issues.map((i) => [String(i.path[0]), i.message]))).toEqual({
    value: "Use a percentage above 0 and at most 100.",
    expiresOn: "Choose an expiry date in the future.",
    maxRedemptions: "Use a limit from 1 to 1,000,000.",
  });
  const noPrice = couponSchemaFor(null, "UTC", new Date()).safeParse({ code: "TENOFF", kind: "amount", value: "10" });
  expect(noPrice.error!.issues[0].message).toBe("Set a price first: amount-off coupons are in the course's currency.");
});

test("a purchase: the redirect alone grants nothing; the verified checkout.session.completed enrolls, once", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  const { orderId, redirectTo, sessionId } = await buy(student, course.slug);
  expect(redirectTo).toBe(`${fake.url}/checkout/${sessionId}`);
  expect(fake.session(sessionId)).toMatchObject({ client_reference_id: orderId, amount_total: 4900, currency: "usd", success_url: `${BASE}/orders/${orderId}` });

  const [completed, succeeded] = fake.pay(sessionId);
  // Back from Stripe before the webhook: still processing, no access.
  expect((await getMyOrder(student, orderId)).status).toBe("PENDING");
  expect(await enrollmentOf(student, course.id)).toBeNull();

  expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, orderStatus: "PAID" } });
  expect((await enrollmentOf(student, course.id))?.status).toBe("ACTIVE");
  const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
  expect(order).toMatchObject({ status: "PAID", amount: 4900, stripeCheckoutSessionId: sessionId });
  expect(order.stripePaymentIntentId).toMatch(/^pi_/);

  // The same event again, and the payment intent's own event: nothing changes.
  expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, duplicate: true } });
  expect((await deliver(succeeded)).body).toEqual({ received: true, orderStatus: "PAID" });
  expect(await getDb().webhookEvent.count({ where: { id: completed.id } })).toBe(1);
  expect(await mailsTo(student.email, "Receipt: ")).toBe(1);
  expect((await getCourseHome(student, course.slug)).access.role).toBe("STUDENT");
  expect((await listMyOrders(student)).map((o) => o.status)).toEqual(["PAID"]);
});

test("concurrent duplicate deliveries produce one transition, one enrollment and one receipt", async () => {
  const { course } = await paidCourse(2500, "eur");
  const student = await createUser();
  const { sessionId, orderId } = await buy(student, course.slug);
  const [completed, succeeded] = fake.pay(sessionId);
  const results = await Promise.all([...Array(8).fill(completed), ...Array(4).fill(succeeded)].map((e) => deliver(e)));
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect(await getDb().enrollment.count({ where: { courseId: course.id, userId: student.id } })).toBe(1);
  expect(await getDb().webhookEvent.count({ where: { id: { in: [completed.id, succeeded.id] } } })).toBe(2);
  expect(await mailsTo(student.email, "Receipt: ")).toBe(1);
  expect((await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
});

test("out of order: a refund delivered before the completion leaves the order REFUNDED and never enrolls", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  const { sessionId, orderId } = await buy(student, course.slug);
  const [completed] = fake.pay(sessionId);
  const pi = fake.session(sessionId)!.payment_intent as string;
  const [refunded] = fake.refund(pi);
  expect((await deliver(refunded)).body).toEqual({ received: true, orderStatus: "REFUNDED" });
  expect((await deliver(completed)).body).toEqual({ received: true, orderStatus: "REFUNDED" });
  expect(await enrollmentOf(student, course.id)).toBeNull();
  const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
  expect(order).toMatchObject({ status: "REFUNDED", refundedAmount: 4900 });
  expect(order.paidAt).not.toBeNull();
  expect(await mailsTo(student.email, "Refund: ")).toBe(1);
});

test("an instructor's refund revokes access with a message, keeps the work and mails the student; Stripe's event then changes nothing", async () => {
  const { instructor, course } = await paidCourse(3000, "usd", 14);
  const student = await createUser({ displayName: "Rita Refund" });
  const { sessionId, orderId } = await buy(student, course.slug);
  const [completed] = fake.pay(sessionId);
  await deliver(completed);
  const enrollment = (await enrollmentOf(student, course.id))!;
  const assignment = await getDb().assignment.create({ data: { courseId: course.id, title: "Essay" } });
  await getDb().submission.create({ data: { assignmentId: assignment.id, enrollmentId: enrollment.id, attempt: 1, body: "My essay", submittedAt: now() } });

  const stranger = await createUser();
  expect(await codeOf(refundOrder(stranger, course.id, { orderId }, now()))).toBe("NOT_FOUND");
  expect(await codeOf(refundOrder(student, course.id, { orderId }, now()))).toBe("FORBIDDEN");
  expect(await codeOf(getSales(student, course.slug, { page: 1 }, now()))).toBe("FORBIDDEN");

  expect(await refundOrder(instructor, course.id, { orderId }, now())).toMatchObject({ status: "REFUNDED", revoked: true });
  expect(await enrollmentOf(student, course.id)).toMatchObject({ status: "REVOKED", revokedReason: "Your payment was refunded." });
  expect(await getDb().submission.count({ where: { enrollmentId: enrollment.id } })).toBe(1);
  const home = await getCourseHome(student, course.slug);
  expect(home.access.role).toBeNull();
  expect(home.purchase?.revoked?.refundedAt).toBeInstanceOf(Date);
  const mail = await getDb().outboxMail.findFirstOrThrow({ where: { to: student.email, subject: { startsWith: "Refund:" } } });
  expect(mail.text).toMatch(/We refunded \$30\.00/);
  expect(mail.text).toMatch(/Your work is kept/);

  // Stripe's own charge.refunded event for the same refund arrives later: a no-op.
  const refundEvent = fake.events.filter((e) => e.type === "charge.refunded").at(-1)!;
  expect((await deliver(refundEvent)).body).toEqual({ received: true, orderStatus: "REFUNDED" });
  expect(await mailsTo(student.email, "Refund: ")).toBe(1);
  expect(await codeOf(refundOrder(instructor, course.id, { orderId }, now()))).toBe("CONFLICT");
});

test("refunds from the course page only within the refund window (admins at any time)", async () => {
  const { instructor, course } = await paidCourse(3000, "usd", 7);
  const student = await createUser();
  const { sessionId, orderId } = await buy(student, course.slug);
  await deliver(fake.pay(sessionId)[0]);
  const later = new Date(Date.now() + 8 * 86_400_000);
  const sales = await getSales(instructor, course.slug, { page: 1 }, later);
  expect(sales.orders[0].canRefund).toBe(false);
  expect(await codeOf(refundOrder(instructor, course.id, { orderId }, later))).toBe("CONFLICT");
  const admin = await createUser({ isAdmin: true });
  expect((await refundOrder(admin, course.id, { orderId }, later))?.status).toBe("REFUNDED");
});

test("a disputed payment flags the order and the enrollment, and keeps access", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  const { sessionId, orderId } = await buy(student, course.slug);
  await deliver(fake.pay(sessionId)[0]);
  const [disputed] = fake.dispute(fake.session(sessionId)!.payment_intent);
  expect((await deliver(disputed)).body).toEqual({ received: true, orderStatus: "DISPUTED" });
  expect((await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).disputedAt).not.toBeNull();
  const enrollment = await enrollmentOf(student, course.id);
  expect(enrollment?.status).toBe("ACTIVE");
  expect(enrollment?.disputedAt).not.toBeNull();
});

test("unsigned, wrongly signed or tampered webhooks answer 400 and store nothing; unknown types are acknowledged and ignored", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  const { sessionId } = await buy(student, course.slug);
  const [completed] = fake.pay(sessionId);
  const before = await getDb().webhookEvent.count();
  expect(await deliver(completed, null)).toEqual({ status: 400, body: { error: "Missing Stripe-Signature header." } });
  expect(await deliver(completed, fake.sign(completed.payload, "whsec_someone_else"))).toEqual({ status: 400, body: { error: "Signature verification failed." } });
  expect((await deliver(completed, "t=1,v1=deadbeef")).status).toBe(400);
  const tampered = { ...completed, payload: completed.payload.replace('"type":"checkout.session.completed"', '"type":"checkout.session.completed" ') };
  expect((await deliver(tampered, fake.sign(completed.payload))).status).toBe(400);
  expect(await getDb().webhookEvent.count()).toBe(before);
  expect(await enrollmentOf(student, course.id)).toBeNull();

  const other = { id: "evt_other", type: "customer.created", payload: JSON.stringify({ id: "evt_other", object: "event", type: "customer.created", data: { object: { id: "cus_1" } } }) };
  expect(await deliver(other)).toEqual({ status: 200, body: { received: true, ignored: true } });
  expect(await getDb().webhookEvent.count()).toBe(before);
});

test("coupons: percent and amount off, expired, exhausted and wrong-course codes are refused with messages; an expired checkout gives its redemption back", async () => {
  const { instructor, course } = await paidCourse(5000, "usd");
  const other = await paidCourse(5000, "usd");
  const t = now();
  await createCoupon(instructor, course.id, { code: "half", kind: "percent", value: "50", expiresOn: "", maxRedemptions: "1" }, t);
  await createCoupon(instructor, course.id, { code: "TENOFF", kind: "amount", value: "10", expiresOn: "", maxRedemptions: "" }, t);
  await createCoupon(other.instructor, other.course.id, { code: "ELSEWHERE", kind: "percent", value: "10", expiresOn: "", maxRedemptions: "" }, t);
  await getDb().coupon.create({ data: { courseId: course.id, code: "OLD", percentOff: 10, expiresAt: new Date(Date.now() - 86_400_000) } });
  expect(await codeOf(createCoupon(instructor, course.id, { code: "Half", kind: "percent", value: "20" }, t))).toBe("CONFLICT");

  const message = async (code: string) => {
    try {
      await startCheckout(await createUser(), course.slug, { coupon: code }, now());
      return "ok";
    } catch (e) {
      return e instanceof AppError ? `${e.code}: ${e.fieldErrors?.coupon?.[0]}` : Promise.reject(e);
    }
  };
  expect(await message("ELSEWHERE")).toBe('BAD_REQUEST: The coupon "ELSEWHERE" does not apply to this course.');
  expect(await message("OLD")).toMatch(/^BAD_REQUEST: The coupon "OLD" expired on /);

  const first = await createUser();
  const a = await buy(first, course.slug, "HALF");
  expect((await getDb().order.findUniqueOrThrow({ where: { id: a.orderId } })).amount).toBe(2500);
  expect(await message("half")).toBe('BAD_REQUEST: The coupon "HALF" has been used up.');
  const b = await buy(await createUser(), course.slug, "tenoff");
  expect(fake.session(b.sessionId)!.amount_total).toBe(4000);

  // The first buyer walks away; Stripe expires the session and the coupon is free again.
  expect((await deliver(fake.expire(a.sessionId)[0])).body).toEqual({ received: true, orderStatus: "EXPIRED" });
  expect((await getDb().coupon.findFirstOrThrow({ where: { courseId: course.id, code: "HALF" } })).redeemedCount).toBe(0);
  expect(await message("HALF")).toBe("ok");
});

test("a 100%-off coupon enrolls without Stripe", async () => {
  const { instructor, course } = await paidCourse(5000, "usd");
  await createCoupon(instructor, course.id, { code: "FREEBIE", kind: "percent", value: "100" }, now());
  const student = await createUser();
  const { redirectTo, orderId } = await startCheckout(student, course.slug, { coupon: "FREEBIE" }, now());
  expect(redirectTo).toBe(`/orders/${orderId}`);
  expect(await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "PAID", amount: 0, stripeCheckoutSessionId: null });
  expect((await enrollmentOf(student, course.id))?.status).toBe("ACTIVE");
});

test("a paid course refuses free self-enrollment; members cannot buy again; students see only their own orders", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  expect(await codeOf(selfEnroll(student, course.slug, { code: "" }, now()))).toBe("CONFLICT");
  const { sessionId, orderId } = await buy(student, course.slug);
  await deliver(fake.pay(sessionId)[0]);
  expect(await codeOf(startCheckout(student, course.slug, { coupon: "" }, now()))).toBe("CONFLICT");
  expect(await codeOf(getMyOrder(await createUser(), orderId))).toBe("NOT_FOUND");
  expect((await getMyOrder(await createUser({ isAdmin: true }), orderId)).id).toBe(orderId);
  const free = await createCourse(await createUser());
  expect((await selfEnroll(await createUser(), free.slug, { code: "" }, now())).already).toBe(false);
});

test("POST /courses/<slug>/buy answers 303 to Stripe Checkout, or 400 with the coupon message", async () => {
  const { course } = await paidCourse();
  const student = await createUser();
  const cookie = (await commitSession(await createSession(student.id, now()))).split(";")[0];
  const post = (coupon: string) =>
    buyAction({
      request: new Request(`${BASE}/courses/${course.slug}/buy`, {
        method: "POST",
        body: new URLSearchParams({ coupon }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: BASE },
      }),
      params: { slug: course.slug },
      context: {},
    } as any);
  const ok = (await post("")) as Response;
  expect(ok.status).toBe(303);
  expect(ok.headers.get("Location")).toMatch(new RegExp(`^${fake.url}/checkout/cs_test_`));
  const bad = (await post("NOPE")) as any;
  expect(bad.init.status).toBe(400);
  expect(bad.data.fieldErrors.coupon).toEqual(['The coupon "NOPE" does not apply to this course.']);
});

test("sales: totals, revenue by month with refunds, and a CSV export that streams every order", async () => {
  const { instructor, course } = await paidCourse(1999, "usd", 30);
  for (let i = 0; i < 3; i++) {
    const { sessionId } = await buy(await createUser({ displayName: i === 0 ? "=cmd|' /C calc'!A0" : `Buyer ${i}` }), course.slug);
    await deliver(fake.pay(sessionId)[0]);
  }
  const refundMe = (await getDb().order.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { createdAt: "desc" } })).id;
  await refundOrder(instructor, course.id, { orderId: refundMe }, now());
  const sales = await getSales(instructor, course.slug, { page: 1 }, now());
  expect(sales.totals).toEqual([{ currency: "usd", orders: 3, gross: 5997, refunded: 1999, net: 3998 }]);
  expect(sales.months).toHaveLength(12);
  expect(sales.months.at(-1)).toMatchObject({ gross: 5997, refunds: 1999, net: 3998 });
  expect(sales.orders.filter((o) => o.canRefund)).toHaveLength(2);

  const cookie = (await commitSession(await createSession(instructor.id, now()))).split(";")[0];
  const response = (await salesCsvLoader({
    request: new Request(`${BASE}/courses/${course.slug}/sales.csv`, { headers: { Cookie: cookie } }),
    params: { slug: course.slug },
    context: {},
  } as any)) as Response;
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("order,status,student,email,coupon,currency,amount,refunded,net,paid_at,refunded_at,disputed_at");
  expect(lines).toHaveLength(4);
  expect(lines.some((l) => l.includes(",REFUNDED,") && l.includes(",USD,19.99,19.99,0.00,"))).toBe(true);
  expect(lines.some((l) => l.includes(`'=cmd|' /C calc'!A0`))).toBe(true);

  const studentCookie = (await commitSession(await createSession((await createUser()).id, now()))).split(";")[0];
  const denied = await salesCsvLoader({
    request: new Request(`${BASE}/courses/${course.slug}/sales.csv`, { headers: { Cookie: studentCookie } }),
    params: { slug: course.slug },
    context: {},
  } as any).catch((e) => e);
  expect(denied.init?.status).toBe(404); // not a member: the course's internals stay hidden
});

test("revenue by month groups in the course's zone and carries refunds to the month they happened", () => {
  const rows = [
    { amount: 1000, refundedAmount: 0, currency: "usd", paidAt: new Date("2026-10-31T23:30:00Z"), refundedAt: null },
    { amount: 2000, refundedAmount: 2000, currency: "usd", paidAt: new Date("2026-09-15T12:00:00Z"), refundedAt: new Date("2026-10-02T12:00:00Z") },
    { amount: 5000, refundedAmount: 0, currency: "eur", paidAt: new Date("2026-10-15T12:00:00Z"), refundedAt: null },
  ];
  const months = revenueByMonth(rows, "usd", "Europe/Berlin", new Date("2026-11-26T10:00:00Z"), 3);
  expect(months).toEqual([
    { month: "2026-09", label: "Sept 2026", gross: 2000, refunds: 0, net: 2000 },
    { month: "2026-10", label: "Oct 2026", gross: 0, refunds: 2000, net: -2000 },
    { month: "2026-11", label: "Nov 2026", gross: 1000, refunds: 0, net: 1000 }, // 23:30 UTC on 31 Oct is 1 Nov in Berlin
  ]);
});

test("a member enrolled some other way keeps their role when a refund comes in for another order", async () => {
  const { instructor, course } = await paidCourse();
  const student = await createUser();
  const first = await buy(student, course.slug);
  await deliver(fake.pay(first.sessionId)[0]);
  await refundOrder(instructor, course.id, { orderId: first.orderId }, now());
  // Bought again after the refund: access is back, and the old refund does not touch it.
  const second = await buy(student, course.slug);
  await deliver(fake.pay(second.sessionId)[0]);
  expect(await enrollmentOf(student, course.id)).toMatchObject({ status: "ACTIVE", revokedReason: null });
  await deliver(fake.events.filter((e) => e.type === "charge.refunded").at(-1)!);
  expect((await enrollmentOf(student, course.id))?.status).toBe("ACTIVE");
  const ta = await createUser();
  await enroll(ta, course.id, "TA");
  expect(await codeOf(startCheckout(ta, course.slug, { coupon: "" }, now()))).toBe("CONFLICT");
});
