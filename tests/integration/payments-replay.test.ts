/**
 * The webhook replay (tests/fakes/stripe-replay.ts): 1,000 concurrent
 * deliveries with duplicates, out-of-order refunds and disputes end in exactly
 * the expected orders, amounts and enrollments, with zero errors.
 */
import { afterAll, expect, test } from "vitest";
import { FAKE_SECRET_KEY, startFakeStripe } from "../fakes/stripe-server";
import { runStripeReplay } from "../fakes/stripe-replay";

const fake = await startFakeStripe();
process.env.STRIPE_SECRET_KEY = FAKE_SECRET_KEY;
process.env.STRIPE_WEBHOOK_SECRET = fake.secret;
process.env.STRIPE_API_BASE = fake.url;
afterAll(() => fake.close());

test("1,000 webhook deliveries for 300 purchases (10 % duplicates, 5 % out of order, refunds, disputes) end in the expected state", async () => {
  const report = await runStripeReplay(fake, { concurrency: 32 });
  console.info(
    `stripe replay: ${report.deliveries} deliveries in ${report.seconds.toFixed(2)} s = ${Math.round(report.deliveriesPerSecond)} deliveries/s ` +
      `(concurrency ${report.concurrency}; ${JSON.stringify(report.outcomes)}; ${report.retries} optimistic retries)`,
  );
  expect(report.deliveries).toBe(1000);
  expect(report.unique).toBe(900);
  expect(report.outOfOrder).toBe(50);
  expect(report.statuses).toEqual({ 200: 1000 });
  expect(report.outcomes.error ?? 0).toBe(0);
  expect(report.actual).toEqual(report.expected);
  expect(report.expected.orders).toEqual({ PAID: 150, DISPUTED: 30, PARTIALLY_REFUNDED: 30, REFUNDED: 90, EXPIRED: 120 });
  expect(report.expected.activeStudents).toHaveLength(210);
  expect(report.expected.revoked).toHaveLength(65);
  expect(fake.unhandled).toEqual([]);
}, 120_000);
