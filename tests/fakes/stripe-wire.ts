/**
 * Wire details of the fake Stripe (tests/fakes/stripe-server.ts): the SDK's
 * form encoding, errors, the public view of objects and the checkout page.
 */
export type Obj = Record<string, any>;

/** `a[b][0][c]=v` form encoding (what the SDK sends) → nested objects and arrays. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: any = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
      if (last) node[part] = value;
      else node = node[part] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

/** The hosted checkout page: plain, accessible HTML with a Pay button and a way back. */
export function checkoutPage(s: Obj): string {
  const price = new Intl.NumberFormat("en", { style: "currency", currency: s.currency.toUpperCase() }).format(
    s.amount_total / (["jpy", "krw"].includes(s.currency) ? 1 : 100),
  );
  const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body =
    s.status === "open"
      ? `<p>${esc(s._product)}</p><p>Total: <strong>${esc(price)}</strong></p>
         <form method="post" action="/checkout/${s.id}/pay"><button type="submit">Pay ${esc(price)}</button></form>
         <p><a href="${esc(s.cancel_url)}">Cancel and return</a></p>`
      : `<p role="status">This checkout is ${esc(s.status)}.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="icon" href="data:,"><title>Checkout (fake Stripe)</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}
    button{background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:.7rem 1.4rem;font-size:1rem}a{color:#1d4ed8}</style></head>
    <body><main><h1>Checkout</h1><p>Test mode: a local stand-in for Stripe Checkout. No card is needed.</p>${body}</main></body></html>`;
}

export class FakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Internal bookkeeping fields (prefixed "_") are not part of Stripe's objects. */
export function publicView(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith("_")));
}
