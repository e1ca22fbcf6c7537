import { Form, Link } from "@remix-run/react";
import { formatDate } from "~/lib/time";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Field } from "./ui/field";

export type PurchaseState = {
  revoked: { reason: string | null; refundedAt: string | Date | null } | null;
  pendingOrderId: string | null;
  configured: boolean;
};

/** Why a former student no longer has access; their work stays with the course. */
export function RevokedNotice({ revoked, zone }: { revoked: NonNullable<PurchaseState["revoked"]>; zone: string }) {
  const because = revoked.refundedAt
    ? `your payment was refunded on ${formatDate(revoked.refundedAt, zone)}`
    : (revoked.reason ?? "your payment was refunded").replace(/\.$/, "").replace(/^Your /, "your ");
  return (
    <Alert tone="info" title="Your access to this course has ended">
      Your access ended because {because}; your work is kept. You can buy the course again to continue.
    </Alert>
  );
}

/** The course home's purchase panel for a paid course (non-members only). */
export function BuyBox({
  slug,
  priceLabel,
  purchase,
  isAdmin,
  cancelled,
}: {
  slug: string;
  priceLabel: string;
  purchase: PurchaseState;
  isAdmin: boolean;
  cancelled: boolean;
}) {
  return (
    <div>
      {cancelled ? <Alert tone="info" title="Checkout cancelled. You were not charged." /> : null}
      {purchase.pendingOrderId ? (
        <Alert tone="info">
          You started a payment for this course. <Link to={`/orders/${purchase.pendingOrderId}`}>See the payment status</Link>.
        </Alert>
      ) : null}
      <p className="mb-3 text-2xl font-bold text-slate-900">
        <span className="sr-only">Price: </span>
        {priceLabel}
      </p>
      {purchase.configured ? (
        <Form method="post" action={`/courses/${slug}/buy`} noValidate>
          <Field label="Coupon code (optional)" name="coupon" autoComplete="off" maxLength={40} />
          <Button className="w-full">Buy for {priceLabel}</Button>
          <p className="mt-2 text-sm text-slate-600">You pay securely with Stripe; your access starts as soon as the payment is confirmed.</p>
        </Form>
      ) : (
        <>
          <Alert tone="info" title="Payments are not configured">
            This course cannot be bought on this site yet. Please check back later.
          </Alert>
          {isAdmin ? (
            <p className="text-sm text-slate-700">
              Administrator: set <code>STRIPE_SECRET_KEY</code> and <code>STRIPE_WEBHOOK_SECRET</code> and send Stripe&apos;s webhooks to{" "}
              <code>/webhooks/stripe</code> (see the README&apos;s configuration table) to take payments.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
