/**
 * Stripe behind a small interface: the few calls the app makes, returning
 * plain snapshots the services understand. Without STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET payments are "not configured" and nothing here is
 * called. STRIPE_API_BASE points the SDK at another host (the local fake in
 * tests/fakes/stripe-server.ts for tests and local development).
 */
import Stripe from "stripe";
import { getEnv } from "~/lib/env.server";

export type CheckoutRequest = {
  orderId: string;
  productName: string;
  amount: number;
  currency: string;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  metadata: Record<string, string>;
};

export type ChargeSnapshot = {
  id: string;
  paid: boolean;
  amount: number;
  amountRefunded: number;
  disputed: boolean;
  paymentIntentId: string | null;
  /** metadata of the charge's payment intent (where we keep the order id). */
  paymentIntentMetadata: Record<string, string>;
};

export type PaymentIntentSnapshot = {
  id: string;
  status: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  latestCharge: ChargeSnapshot | null;
};

export type CheckoutSessionSnapshot = {
  id: string;
  /** open | complete | expired */
  status: string | null;
  /** paid | unpaid | no_payment_required */
  paymentStatus: string;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  amountTotal: number | null;
  currency: string | null;
  paymentIntent: PaymentIntentSnapshot | null;
};

export type DisputeSnapshot = { id: string; status: string; charge: ChargeSnapshot | null };

export type WebhookEvent = { id: string; type: string; objectId: string | null };

export interface PaymentsGateway {
  createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSessionSnapshot>;
  retrievePaymentIntent(id: string): Promise<PaymentIntentSnapshot>;
  retrieveCharge(id: string): Promise<ChargeSnapshot>;
  retrieveDispute(id: string): Promise<DisputeSnapshot>;
  createRefund(input: { paymentIntentId: string; amount: number; idempotencyKey: string; metadata: Record<string, string> }): Promise<{ id: string; status: string | null }>;
  /** Verifies the signature on the raw body; throws when it does not match. */
  constructEvent(rawBody: string, signature: string): WebhookEvent;
}

export function isPaymentsConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

/** What an administrator still has to set, for the setup hint. */
export function missingPaymentSettings(): string[] {
  const env = getEnv();
  return [env.STRIPE_SECRET_KEY ? null : "STRIPE_SECRET_KEY", env.STRIPE_WEBHOOK_SECRET ? null : "STRIPE_WEBHOOK_SECRET"].filter((v): v is string => v !== null);
}

function sdkFor(key: string, base: string | undefined): Stripe {
  if (!base) return new Stripe(key, { maxNetworkRetries: 2, timeout: 20_000, telemetry: false });
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port || (protocol === "http" ? 80 : 443)),
    protocol,
    maxNetworkRetries: 0,
    timeout: 20_000,
    telemetry: false,
  });
}

const idOf = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === "string" ? value : value.id);
const meta = (m: Stripe.Metadata | null | undefined): Record<string, string> => ({ ...(m ?? {}) });

function chargeSnapshot(charge: Stripe.Charge): ChargeSnapshot {
  const pi = typeof charge.payment_intent === "object" && charge.payment_intent ? charge.payment_intent : null;
  return {
    id: charge.id,
    paid: charge.paid && charge.status === "succeeded",
    amount: charge.amount,
    amountRefunded: charge.amount_refunded,
    disputed: charge.disputed,
    paymentIntentId: idOf(charge.payment_intent),
    paymentIntentMetadata: meta(pi?.metadata),
  };
}

function paymentIntentSnapshot(pi: Stripe.PaymentIntent): PaymentIntentSnapshot {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
  return {
    id: pi.id,
    status: pi.status,
    amount: pi.amount,
    currency: pi.currency,
    metadata: meta(pi.metadata),
    latestCharge: charge ? { ...chargeSnapshot(charge), paymentIntentId: pi.id, paymentIntentMetadata: meta(pi.metadata) } : null,
  };
}

class StripeGateway implements PaymentsGateway {
  constructor(
    private readonly stripe: Stripe,
    private readonly webhookSecret: string,
  ) {}

  async createCheckoutSession(input: CheckoutRequest) {
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: input.orderId,
        customer_email: input.customerEmail,
        line_items: [{ quantity: 1, price_data: { currency: input.currency, unit_amount: input.amount, product_data: { name: input.productName } } }],
        metadata: input.metadata,
        payment_intent_data: { metadata: input.metadata },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      },
      { idempotencyKey: `checkout-${input.orderId}` },
    );
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL.`);
    return { id: session.id, url: session.url };
  }

  async retrieveCheckoutSession(id: string): Promise<CheckoutSessionSnapshot> {
    const s = await this.stripe.checkout.sessions.retrieve(id, { expand: ["payment_intent.latest_charge"] });
    const pi = typeof s.payment_intent === "object" && s.payment_intent ? paymentIntentSnapshot(s.payment_intent) : null;
    return {
      id: s.id,
      status: s.status,
      paymentStatus: s.payment_status,
      clientReferenceId: s.client_reference_id,
      metadata: meta(s.metadata),
      amountTotal: s.amount_total,
      currency: s.currency,
      paymentIntent: pi,
    };
  }

  async retrievePaymentIntent(id: string) {
    return paymentIntentSnapshot(await this.stripe.paymentIntents.retrieve(id, { expand: ["latest_charge"] }));
  }

  async retrieveCharge(id: string) {
    return chargeSnapshot(await this.stripe.charges.retrieve(id, { expand: ["payment_intent"] }));
  }

  async retrieveDispute(id: string): Promise<DisputeSnapshot> {
    const d = await this.stripe.disputes.retrieve(id, { expand: ["charge.payment_intent"] });
    return { id: d.id, status: d.status, charge: typeof d.charge === "object" && d.charge ? chargeSnapshot(d.charge) : null };
  }

  async createRefund(input: { paymentIntentId: string; amount: number; idempotencyKey: string; metadata: Record<string, string> }) {
    const refund = await this.stripe.refunds.create(
      { payment_intent: input.paymentIntentId, amount: input.amount, metadata: input.metadata },
      { idempotencyKey: input.idempotencyKey },
    );
    return { id: refund.id, status: refund.status };
  }

  constructEvent(rawBody: string, signature: string): WebhookEvent {
    const event = this.stripe.webhooks.constructEvent(rawBody, signature, this.webhookSecret);
    const object = (event.data as { object?: { id?: unknown } } | undefined)?.object;
    return { id: event.id, type: event.type, objectId: typeof object?.id === "string" ? object.id : null };
  }
}

const globalForStripe = globalThis as unknown as { __coursework_stripe?: { key: string; gateway: PaymentsGateway } };

/** The process-wide gateway. Call only when isPaymentsConfigured(). */
export function getPayments(): PaymentsGateway {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) throw new Error("Payments are not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET).");
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_WEBHOOK_SECRET}|${env.STRIPE_API_BASE ?? ""}`;
  if (globalForStripe.__coursework_stripe?.key !== key) {
    globalForStripe.__coursework_stripe = { key, gateway: new StripeGateway(sdkFor(env.STRIPE_SECRET_KEY, env.STRIPE_API_BASE), env.STRIPE_WEBHOOK_SECRET) };
  }
  return globalForStripe.__coursework_stripe.gateway;
}

/** Stripe errors a person can act on (card, request) versus outages; used to word messages. */
export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError;
}
