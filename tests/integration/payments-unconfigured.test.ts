/**
 * The default install: no STRIPE_SECRET_KEY. Paid courses say so to buyers,
 * admins get a setup hint, the webhook endpoint is off, and free courses work
 * as before.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { isPaymentsConfigured } from "~/integrations/payments/stripe.server";
import { getCourseHome, selfEnroll } from "~/services/courses.server";
import { getBuyPage, NOT_CONFIGURED_MESSAGE, startCheckout } from "~/services/payments-checkout.server";
import { getPricing } from "~/services/payments-pricing.server";
import { createCourse, createUser } from "../factories";

for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[name];

test("without Stripe keys a paid course shows its price, says payments are not configured and cannot be bought", async () => {
  expect(isPaymentsConfigured()).toBe(false);
  const instructor = await createUser();
  const course = await createCourse(instructor);
  await getDb().course.update({ where: { id: course.id }, data: { priceAmount: 4800, priceCurrency: "jpy" } });
  const student = await createUser();
  const home = await getCourseHome(student, course.slug);
  expect(home.price).toEqual({ amount: 4800, currency: "jpy", label: "¥4,800" });
  expect(home.purchase).toEqual({ revoked: null, pendingOrderId: null, configured: false });
  expect((await getBuyPage(student, course.slug, new Date())).configured).toBe(false);
  const error = await startCheckout(student, course.slug, { coupon: "" }, new Date()).catch((e) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(error.message).toBe(NOT_CONFIGURED_MESSAGE);
  expect(await getDb().order.count()).toBe(0);
  await expect(selfEnroll(student, course.slug, { code: "" }, new Date())).rejects.toThrow("This is a paid course: buy it to enroll.");
});

test("admins get a setup hint on the pricing page; instructors a plain note", async () => {
  const instructor = await createUser();
  const course = await createCourse(instructor);
  expect((await getPricing(instructor, course.slug)).setup).toBeNull();
  const admin = await createUser({ isAdmin: true });
  expect((await getPricing(admin, course.slug)).setup).toEqual({
    missing: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
    webhookUrl: "http://localhost:3000/webhooks/stripe",
  });
});

test("the webhook endpoint answers 404 and stores nothing", async () => {
  const request = new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=x" } });
  const response = await webhookAction({ request, params: {}, context: {} } as any);
  expect(response.status).toBe(404);
  expect(await getDb().webhookEvent.count()).toBe(0);
});

test("free courses work as before", async () => {
  const course = await createCourse(await createUser());
  const student = await createUser();
  expect((await getCourseHome(student, course.slug)).price).toBeNull();
  expect((await selfEnroll(student, course.slug, { code: "" }, new Date())).already).toBe(false);
  expect((await getCourseHome(student, course.slug)).access.role).toBe("STUDENT");
});
