/**
 * POST /webhooks/stripe. Verify the signature on the raw body, allow-list the
 * event type, store the event id once, re-read the objects it names from
 * Stripe, and apply the change in one transaction (payments-orders.server.ts).
 *
 * A repeated delivery of an event already processed changes nothing. An event
 * stored but not processed (the handler failed, or a twin delivery is still
 * running) is processed again: the handler is idempotent, so that is safe,
 * and it means a failure never swallows an event Stripe will retry.
 */
import { getPayments, isPaymentsConfigured, isStripeError, type WebhookEvent } from "~/integrations/payments/stripe.server";
import { getDb } from "~/lib/db.server";
import { applyTruth, readTruth } from "./payments-orders.server";

/** The only event types we act on; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "charge.refunded",
  "charge.dispute.created",
]);

const MAX_BODY_BYTES = 512 * 1024;

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });

export async function handleStripeWebhook(request: Request): Promise<Response> {
  if (request.method !== "POST") return json(405, { error: "Use POST." });
  if (!isPaymentsConfigured()) return json(404, { error: "Payments are not configured on this site." });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) return json(413, { error: "Payload too large." });
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) return json(413, { error: "Payload too large." });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return json(400, { error: "Missing Stripe-Signature header." });
  let event: WebhookEvent;
  try {
    event = getPayments().constructEvent(raw, signature);
  } catch {
    return json(400, { error: "Signature verification failed." });
  }
  if (!HANDLED_EVENTS.has(event.type)) return json(200, { received: true, ignored: true });
  try {
    return json(200, { received: true, ...(await processStripeEvent(event, new Date())) });
  } catch (error) {
    // Stripe retries non-2xx deliveries; the stored event stays unprocessed until one succeeds.
    console.error(`Stripe webhook ${event.type} ${event.id} failed:`, error);
    return json(500, { error: "Processing failed; Stripe will retry." });
  }
}

/** Stores the event id (insert-or-ignore). Returns false when that event was already processed. */
async function recordEvent(event: WebhookEvent): Promise<boolean> {
  const db = getDb();
  try {
    await db.webhookEvent.create({ data: { id: event.id, provider: "stripe", type: event.type }, select: { id: true } });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    const row = await db.webhookEvent.findUnique({ where: { id: event.id }, select: { processedAt: true } });
    return !row?.processedAt;
  }
}

export async function processStripeEvent(event: WebhookEvent, now: Date): Promise<{ duplicate?: true; ignored?: true; orderStatus?: string }> {
  if (!(await recordEvent(event))) return { duplicate: true };
  const db = getDb();
  const done = () => db.webhookEvent.updateMany({ where: { id: event.id, processedAt: null }, data: { processedAt: now } });
  if (!event.objectId) {
    await done();
    return { ignored: true };
  }
  let truth;
  try {
    truth = await readTruth(getPayments(), event.type, event.objectId);
  } catch (error) {
    // An object Stripe does not know (another integration on the account, or deleted): nothing to do.
    if (isStripeError(error) && error.statusCode === 404) {
      await done();
      return { ignored: true };
    }
    throw error;
  }
  if (!truth) {
    await done();
    return { ignored: true };
  }
  const applied = await applyTruth(truth, now, event.id);
  return applied ? { orderStatus: applied.status } : { ignored: true };
}
