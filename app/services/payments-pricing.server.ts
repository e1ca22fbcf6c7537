/**
 * An instructor's pricing of a course: free or a price in one currency, a
 * refund window, and coupons (percent or amount off, optional expiry and
 * redemption limit).
 */
import { z } from "zod";
import { isPaymentsConfigured, missingPaymentSettings } from "~/integrations/payments/stripe.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { conflict, notFound } from "~/lib/errors";
import { parseInput } from "~/lib/http.server";
import { instantFromZoned } from "~/domain/time-zone";
import { checkPrice, isCurrency, parseMajorAmount, type Currency } from "./payments-money";
import { requireCourseRole } from "./permissions.server";
import type { Actor } from "./users.server";

const ONLY_INSTRUCTORS = "Only the course's instructors can change its pricing.";

export const pricingSchema = z
  .object({
    pricing: z.enum(["free", "paid"], { error: "Choose free or paid." }),
    currency: z.string().trim().toLowerCase().optional().default(""),
    amount: z.string().optional().default(""),
    refundWindowDays: z.coerce
      .number({ error: "Enter the refund window in days." })
      .int("Use whole days.")
      .min(0, "The refund window cannot be negative.")
      .max(365, "Keep the refund window at most 365 days."),
  })
  .transform((v, ctx) => {
    if (v.pricing === "free") return { priceAmount: null, priceCurrency: null, refundWindowDays: v.refundWindowDays };
    if (!isCurrency(v.currency)) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "Choose a currency from the list." });
      return z.NEVER;
    }
    const parsed = parseMajorAmount(v.amount, v.currency);
    const problem = parsed.ok ? checkPrice(parsed.amount, v.currency) : parsed.message;
    if (problem || !parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: problem ?? "Enter a price." });
      return z.NEVER;
    }
    return { priceAmount: parsed.amount, priceCurrency: v.currency as string, refundWindowDays: v.refundWindowDays };
  });

/** The coupon form, checked against the course's currency and zone (expiry is the end of that day there). */
export function couponSchemaFor(currency: Currency | null, zone: string, now: Date) {
  return z
    .object({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9][A-Z0-9_-]{2,39}$/, "Use 3 to 40 letters, digits, dashes or underscores, like SPRING-25."),
      kind: z.enum(["percent", "amount"], { error: "Choose percent off or amount off." }),
      value: z.string().trim().min(1, "Enter the discount."),
      expiresOn: z
        .string()
        .trim()
        .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Use a date like 2026-12-31.")
        .optional()
        .default(""),
      maxRedemptions: z
        .string()
        .trim()
        .regex(/^\d*$/, "Use a whole number, or leave it empty for no limit.")
        .optional()
        .default(""),
    })
    .transform((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      let percentOff: number | null = null;
      let amountOff: number | null = null;
      if (v.kind === "percent") {
        const n = Number(v.value);
        if (!/^\d+(\.\d{1,2})?$/.test(v.value) || !(n > 0) || n > 100) issue("value", "Use a percentage above 0 and at most 100.");
        else percentOff = n;
      } else if (!currency) {
        issue("value", "Set a price first: amount-off coupons are in the course's currency.");
      } else {
        const parsed = parseMajorAmount(v.value, currency);
        if (!parsed.ok) issue("value", parsed.message);
        else if (parsed.amount <= 0) issue("value", "Use an amount above zero.");
        else amountOff = parsed.amount;
      }
      let expiresAt: Date | null = null;
      if (v.expiresOn) {
        const [year, month, day] = v.expiresOn.split("-").map(Number);
        expiresAt = instantFromZoned({ year, month, day, hour: 23, minute: 59, second: 59 }, zone);
        if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) issue("expiresOn", "Choose an expiry date in the future.");
      }
      const maxRedemptions = v.maxRedemptions ? Number(v.maxRedemptions) : null;
      if (maxRedemptions !== null && (maxRedemptions < 1 || maxRedemptions > 1_000_000)) issue("maxRedemptions", "Use a limit from 1 to 1,000,000.");
      return { code: v.code, percentOff, amountOff, expiresAt, maxRedemptions };
    });
}

export const deleteCouponSchema = z.object({ couponId: z.string().min(1).max(40) });

/** The pricing page: price, refund window, coupons, and whether checkout can work here. */
export async function getPricing(actor: Actor, slug: string) {
  const access = await requireCourseRole(actor, { slug }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  const course = await getDb().course.findUniqueOrThrow({
    where: { id: access.course.id },
    select: {
      id: true,
      slug: true,
      title: true,
      timeZone: true,
      priceAmount: true,
      priceCurrency: true,
      refundWindowDays: true,
      coupons: {
        orderBy: { createdAt: "desc" },
        select: { id: true, code: true, percentOff: true, amountOff: true, expiresAt: true, maxRedemptions: true, redeemedCount: true },
      },
    },
  });
  const configured = isPaymentsConfigured();
  return {
    course,
    configured,
    setup: !configured && actor.isAdmin ? { missing: missingPaymentSettings(), webhookUrl: `${getEnv().APP_URL.replace(/\/$/, "")}/webhooks/stripe` } : null,
  };
}

export async function updatePricing(actor: Actor, courseId: string, input: z.infer<typeof pricingSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  await getDb().course.update({ where: { id: courseId }, data: input, select: { id: true } });
}

/** Validates the raw coupon form against the course (currency, zone) and creates the coupon. */
export async function createCoupon(actor: Actor, courseId: string, form: Record<string, string>, now: Date) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  const db = getDb();
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { priceCurrency: true, timeZone: true } });
  const currency = course.priceCurrency && isCurrency(course.priceCurrency) ? course.priceCurrency : null;
  const input = parseInput(couponSchemaFor(currency, course.timeZone, now), form);
  const taken = await db.coupon.findUnique({ where: { courseId_code: { courseId, code: input.code } }, select: { id: true } });
  if (taken) throw conflict(`This course already has a coupon "${input.code}".`);
  return db.coupon.create({ data: { ...input, courseId }, select: { id: true, code: true } });
}

/** Deleting a coupon keeps the orders that used it (their coupon link becomes empty). */
export async function deleteCoupon(actor: Actor, courseId: string, input: z.infer<typeof deleteCouponSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], ONLY_INSTRUCTORS);
  const { count } = await getDb().coupon.deleteMany({ where: { id: input.couponId, courseId } });
  if (count === 0) throw notFound("coupon");
}
