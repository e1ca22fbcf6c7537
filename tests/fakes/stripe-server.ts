/**
 * A tiny local fake of the Stripe endpoints Coursework uses, with in-memory
 * state. The real SDK talks to it (STRIPE_API_BASE); events are signed with
 * the SDK's own `webhooks.generateTestHeaderString`. Any other endpoint
 * answers 500 and logs loudly, so an unexpected call fails the test.
 *
 *   In tests:  const fake = await startFakeStripe();  // port 0 = any free port
 *   Script:    tsx tests/fakes/stripe-server.ts --port 12111 \
 *                --webhook http://127.0.0.1:3100/webhooks/stripe [--secret whsec_…] [--delay-ms 0] [--hold] [--exit-with-pid N]
 *
 * With --hold, events wait until `POST /__fake/deliver` (what a test calls once it has
 * seen "Payment processing"), so the order of what a browser sees is deterministic.
 *
 * The hosted checkout page (`session.url`) is served here too: an accessible
 * page with a "Pay" button that marks the session paid, creates the payment
 * intent and charge, sends `checkout.session.completed` and
 * `payment_intent.succeeded` to the webhook URL, and redirects to success_url.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { checkoutPage, FakeError, parseStripeForm, publicView, type Obj } from "./stripe-wire";

export { parseStripeForm };
export const FAKE_WEBHOOK_SECRET = "whsec_coursework_fake_0123456789abcdef";
export const FAKE_SECRET_KEY = "sk_test_coursework_fake";

export type FakeEvent = { id: string; type: string; payload: string };
export type FakeStripeOptions = {
  port?: number;
  host?: string;
  /** Where events are POSTed; without it they are only recorded (tests deliver them). */
  webhookUrl?: string;
  secret?: string;
  /** Delay before each delivery, so a browser sees "Payment processing" first. */
  deliveryDelayMs?: number;
  /** Queue events until `POST /__fake/deliver` (or `deliverHeld()`). */
  holdDeliveries?: boolean;
};

const signer = new Stripe(FAKE_SECRET_KEY, { telemetry: false });
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export function startFakeStripe(options: FakeStripeOptions = {}) {
  const secret = options.secret ?? FAKE_WEBHOOK_SECRET;
  const objects = new Map<string, Obj>();
  const idempotent = new Map<string, { status: number; body: Obj }>();
  const events: FakeEvent[] = [];
  const deliveries: Promise<void>[] = [];
  const held: FakeEvent[] = [];
  const unhandled: string[] = [];
  let base = "";

  const put = (o: Obj) => (objects.set(o.id, o), o);
  const get = (id: string, type: string) => {
    const o = objects.get(id);
    return o && o.object === type ? o : null;
  };
  const clone = (o: Obj) => JSON.parse(JSON.stringify(o));

  /** Replaces id strings by objects along `expand[]` paths like "payment_intent.latest_charge". */
  function expand(o: Obj, paths: string[]): Obj {
    const out = clone(o);
    for (const path of paths) {
      let nodes: Obj[] = [out];
      for (const field of path.split(".")) {
        const next: Obj[] = [];
        for (const node of nodes) {
          const value = node[field];
          if (typeof value === "string" && objects.has(value)) node[field] = clone(objects.get(value)!);
          if (node[field] && typeof node[field] === "object") next.push(node[field]);
        }
        nodes = next;
      }
    }
    return out;
  }

  function emit(type: string, object: Obj): FakeEvent {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: nowSeconds(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: publicView(clone(object)) },
    };
    const fake: FakeEvent = { id: event.id, type, payload: JSON.stringify(event) };
    events.push(fake);
    if (options.webhookUrl && options.holdDeliveries) held.push(fake);
    else if (options.webhookUrl) deliveries.push(deliver(fake));
    return fake;
  }

  /** Signs an event's payload like Stripe does (header for `stripe-signature`). */
  function sign(payload: string, overrideSecret = secret): string {
    return signer.webhooks.generateTestHeaderString({ payload, secret: overrideSecret });
  }

  async function deliver(event: FakeEvent, attempts = 3): Promise<void> {
    if (options.deliveryDelayMs) await new Promise((r) => setTimeout(r, options.deliveryDelayMs));
    for (let i = 1; i <= attempts; i++) {
      try {
        const res = await fetch(options.webhookUrl!, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": sign(event.payload) },
          body: event.payload,
        });
        if (res.ok) return;
        console.error(`[fake stripe] webhook ${event.type} ${event.id} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      } catch (error) {
        console.error(`[fake stripe] webhook ${event.type} ${event.id} failed: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }

  /** Sends the held events in order and waits for the app to answer them. */
  async function deliverHeld(): Promise<number> {
    const batch = held.splice(0);
    for (const event of batch) await deliver(event);
    return batch.length;
  }

  function createSession(params: Obj): Obj {
    const items: Obj[] = params.line_items ?? [];
    const amount = items.reduce((sum, li) => sum + Number(li.price_data?.unit_amount ?? 0) * Number(li.quantity ?? 1), 0);
    const currency = items[0]?.price_data?.currency ?? "usd";
    if (!items.length || !(amount > 0)) throw new FakeError(400, "line_items with price_data.unit_amount are required");
    if (!params.success_url || !params.cancel_url) throw new FakeError(400, "success_url and cancel_url are required");
    const id = newId("cs_test");
    return put({
      id,
      object: "checkout.session",
      mode: params.mode ?? "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: amount,
      currency,
      client_reference_id: params.client_reference_id ?? null,
      customer_email: params.customer_email ?? null,
      metadata: params.metadata ?? {},
      payment_intent: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url,
      expires_at: Number(params.expires_at ?? nowSeconds() + 86_400),
      created: nowSeconds(),
      url: `${base}/checkout/${id}`,
      _product: items[0]?.price_data?.product_data?.name ?? "Purchase",
      _pi_metadata: params.payment_intent_data?.metadata ?? {},
    });
  }

  /** The buyer pays: payment intent + charge, session complete; two events. */
  function pay(sessionId: string): FakeEvent[] {
    const s = get(sessionId, "checkout.session");
    if (!s) throw new FakeError(404, `No such checkout session: ${sessionId}`);
    if (s.status !== "open") return [];
    const piId = newId("pi");
    const charge = put({
      id: newId("ch"),
      object: "charge",
      amount: s.amount_total,
      amount_refunded: 0,
      currency: s.currency,
      paid: true,
      status: "succeeded",
      refunded: false,
      disputed: false,
      payment_intent: piId,
      created: nowSeconds(),
      metadata: {},
    });
    const pi = put({
      id: piId,
      object: "payment_intent",
      amount: s.amount_total,
      currency: s.currency,
      status: "succeeded",
      metadata: s._pi_metadata,
      latest_charge: charge.id,
      created: nowSeconds(),
    });
    Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: pi.id });
    return [emit("checkout.session.completed", s), emit("payment_intent.succeeded", pi)];
  }

  function expire(sessionId: string): FakeEvent[] {
    const s = get(sessionId, "checkout.session");
    if (!s) throw new FakeError(404, `No such checkout session: ${sessionId}`);
    if (s.status !== "open") throw new FakeError(400, `Checkout session ${sessionId} is ${s.status}; only open sessions can expire.`);
    s.status = "expired";
    return [emit("checkout.session.expired", s)];
  }

  function refund(params: Obj): { refund: Obj; event: FakeEvent } {
    const pi = params.payment_intent ? get(params.payment_intent, "payment_intent") : null;
    const charge = get(params.charge ?? pi?.latest_charge ?? "", "charge");
    if (!charge) throw new FakeError(404, `No such payment_intent: ${params.payment_intent ?? params.charge}`);
    const remaining = charge.amount - charge.amount_refunded;
    const amount = params.amount === undefined ? remaining : Number(params.amount);
    if (!(amount > 0) || amount > remaining) {
      throw new FakeError(400, `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, "amount_too_large");
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    const r = put({ id: newId("re"), object: "refund", amount, charge: charge.id, payment_intent: charge.payment_intent, status: "succeeded", metadata: params.metadata ?? {}, created: nowSeconds() });
    return { refund: r, event: emit("charge.refunded", charge) };
  }

  function dispute(chargeOrIntentId: string): FakeEvent[] {
    const pi = get(chargeOrIntentId, "payment_intent");
    const charge = get(pi?.latest_charge ?? chargeOrIntentId, "charge");
    if (!charge) throw new FakeError(404, `No such charge: ${chargeOrIntentId}`);
    charge.disputed = true;
    const d = put({ id: newId("dp"), object: "dispute", amount: charge.amount, charge: charge.id, payment_intent: charge.payment_intent, status: "needs_response", reason: "fraudulent", created: nowSeconds() });
    return [emit("charge.dispute.created", d)];
  }

  function send(res: http.ServerResponse, status: number, body: Obj | string, type = "application/json") {
    res.writeHead(status, { "content-type": type });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  }

  async function route(req: http.IncomingMessage, body: string): Promise<{ status: number; body: Obj | string; type?: string; location?: string }> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const form = req.method === "POST" ? parseStripeForm(body) : {};
    const expandPaths = [...url.searchParams.entries()].filter(([k]) => k.startsWith("expand")).map(([, v]) => v);
    const one = (type: string, id: string) => {
      const o = get(decodeURIComponent(id), type);
      if (!o) throw new FakeError(404, `No such ${type}: '${id}'`, "resource_missing");
      return { status: 200, body: publicView(expand(o, expandPaths)) };
    };
    let m: RegExpExecArray | null;
    if (req.method === "POST" && path === "/v1/checkout/sessions") return { status: 200, body: publicView(createSession(form)) };
    if (req.method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) return one("checkout.session", m[1]);
    if (req.method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) return one("payment_intent", m[1]);
    if (req.method === "GET" && (m = /^\/v1\/charges\/([^/]+)$/.exec(path))) return one("charge", m[1]);
    if (req.method === "GET" && (m = /^\/v1\/disputes\/([^/]+)$/.exec(path))) return one("dispute", m[1]);
    if (req.method === "POST" && path === "/v1/refunds") return { status: 200, body: refund(form).refund };
    if (req.method === "GET" && (m = /^\/checkout\/([^/]+)$/.exec(path))) {
      const s = get(m[1], "checkout.session");
      if (!s) return { status: 404, body: "No such checkout.", type: "text/plain" };
      return { status: 200, body: checkoutPage(s), type: "text/html; charset=utf-8" };
    }
    if (req.method === "POST" && (m = /^\/checkout\/([^/]+)\/pay$/.exec(path))) {
      const s = get(m[1], "checkout.session");
      if (!s) return { status: 404, body: "No such checkout.", type: "text/plain" };
      pay(s.id);
      return { status: 303, body: "", location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", s.id) };
    }
    if (req.method === "GET" && path === "/healthz") return { status: 200, body: { ok: true } };
    if (req.method === "POST" && path === "/__fake/deliver") return { status: 200, body: { delivered: await deliverHeld() } };
    throw new FakeError(500, `The fake Stripe does not implement ${req.method} ${path}`, "fake_unhandled");
  }

  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const key = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
      const cacheKey = typeof key === "string" ? `${req.url}|${key}` : null;
      if (cacheKey && idempotent.has(cacheKey)) {
        const hit = idempotent.get(cacheKey)!;
        return send(res, hit.status, hit.body);
      }
      try {
        const out = await route(req, body);
        if (out.location) {
          res.writeHead(out.status, { location: out.location });
          return res.end();
        }
        if (cacheKey && typeof out.body === "object") idempotent.set(cacheKey, { status: out.status, body: out.body });
        send(res, out.status, out.body, out.type);
      } catch (error) {
        const status = error instanceof FakeError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        if (status >= 500) {
          unhandled.push(`${req.method} ${req.url}`);
          console.error(`[fake stripe] ${message}`);
        }
        const type = status >= 500 ? "api_error" : "invalid_request_error";
        send(res, status, { error: { type, message, code: error instanceof FakeError ? error.code : undefined } });
      }
    });
  });

  return new Promise<FakeStripe>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      base = `http://${options.host ?? "127.0.0.1"}:${port}`;
      resolve({
        url: base,
        port,
        secret,
        events,
        unhandled,
        objects,
        sign,
        pay,
        expire,
        dispute,
        refund: (paymentIntentId: string, amount?: number) => [refund({ payment_intent: paymentIntentId, amount }).event],
        session: (id: string) => get(id, "checkout.session"),
        /** Waits for the webhook deliveries started so far. */
        settle: () => Promise.all(deliveries).then(() => undefined),
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

export type FakeStripe = {
  url: string;
  port: number;
  secret: string;
  events: FakeEvent[];
  unhandled: string[];
  objects: Map<string, Obj>;
  sign(payload: string, secret?: string): string;
  pay(sessionId: string): FakeEvent[];
  expire(sessionId: string): FakeEvent[];
  dispute(chargeOrIntentId: string): FakeEvent[];
  refund(paymentIntentId: string, amount?: number): FakeEvent[];
  session(id: string): Obj | null;
  settle(): Promise<void>;
  close(): Promise<void>;
};

if (process.argv[1]?.endsWith("stripe-server.ts")) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "12111" },
      host: { type: "string", default: "127.0.0.1" },
      webhook: { type: "string" },
      secret: { type: "string" },
      "delay-ms": { type: "string", default: "0" },
      hold: { type: "boolean", default: false },
      "exit-with-pid": { type: "string" },
    },
  });
  const fake = await startFakeStripe({
    port: Number(values.port),
    host: values.host,
    webhookUrl: values.webhook,
    secret: values.secret,
    deliveryDelayMs: Number(values["delay-ms"]),
    holdDeliveries: values.hold,
  });
  console.log(`Fake Stripe on ${fake.url}${values.webhook ? `, events to ${values.webhook}` : ""}`);
  const watched = values["exit-with-pid"] ? Number(values["exit-with-pid"]) : null;
  if (watched) {
    // Leave with the app server that started us (Playwright stops only that one).
    setInterval(() => {
      try {
        process.kill(watched, 0);
      } catch {
        void fake.close().then(() => process.exit(0));
      }
    }, 1000).unref();
  }
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
