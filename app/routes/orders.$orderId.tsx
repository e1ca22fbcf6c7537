import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OrderStatusBadge } from "~/components/order-status";
import { buttonClass } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { getMyOrder } from "~/services/payments-checkout.server";
import { formatMoney } from "~/services/payments-money";

/**
 * While the payment is pending the page re-reads the order every 2 s (a revalidation, not a reload, so the
 * live region announces the change); without JavaScript there is a "Check again" link. No <meta refresh>:
 * timed full-page refreshes disorient screen-reader users (WCAG 2.2.1, axe "meta-refresh").
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.status === "PENDING" ? "Payment processing" : "Order"} · Coursework` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ order: await getMyOrder(user, params.orderId ?? ""), viewerZone: user.timeZone }));
}

function usePollWhile(active: boolean, ms: number) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => {
      if (state === "idle") revalidate();
    }, ms);
    return () => clearInterval(id);
  }, [active, ms, revalidate, state]);
}

export default function OrderPage() {
  const { order, viewerZone } = useLoaderData<typeof loader>();
  const pending = order.status === "PENDING";
  const hasAccess = order.status === "PAID" || order.status === "PARTIALLY_REFUNDED" || order.status === "DISPUTED";
  usePollWhile(pending, 2000);
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="mb-1 text-xl font-semibold">{order.course.title}</h1>
        <p className="mb-4 text-sm text-slate-600">Order {order.id}</p>
        <div role="status" aria-live="polite" className="mb-4">
          {pending ? (
            <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
              <p className="font-semibold">Payment processing…</p>
              <p className="text-sm">
                We are waiting for Stripe to confirm your payment. This page updates by itself; it usually takes a few seconds.
              </p>
            </div>
          ) : hasAccess ? (
            <div className="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-900">
              <p className="font-semibold">Payment received. You are enrolled.</p>
            </div>
          ) : order.status === "REFUNDED" ? (
            <div className="rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-slate-900">
              <p className="font-semibold">This order was refunded.</p>
              <p className="text-sm">Your access to the course has ended; your work is kept.</p>
            </div>
          ) : (
            <div className="rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-slate-900">
              <p className="font-semibold">{order.status === "EXPIRED" ? "This checkout expired before payment." : "This payment did not go through."}</p>
              <p className="text-sm">You were not charged. You can buy the course again from its page.</p>
            </div>
          )}
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-700">Status</dt>
          <dd>
            <OrderStatusBadge status={order.status} />
          </dd>
          <dt className="font-medium text-slate-700">Amount</dt>
          <dd className="tabular-nums">{formatMoney(order.amount, order.currency)}</dd>
          {order.coupon ? (
            <>
              <dt className="font-medium text-slate-700">Coupon</dt>
              <dd>{order.coupon.code}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-700">Started</dt>
          <dd>{formatDateTime(order.createdAt, viewerZone)}</dd>
          {order.paidAt ? (
            <>
              <dt className="font-medium text-slate-700">Paid</dt>
              <dd>{formatDateTime(order.paidAt, viewerZone)}</dd>
            </>
          ) : null}
          {order.refundedAmount > 0 ? (
            <>
              <dt className="font-medium text-slate-700">Refunded</dt>
              <dd>
                {formatMoney(order.refundedAmount, order.currency)}
                {order.refundedAt ? ` on ${formatDateTime(order.refundedAt, viewerZone)}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
        <div className="mt-6 flex flex-wrap gap-3">
          {hasAccess ? (
            <Link to={`/courses/${order.course.slug}`} className={`${buttonClass("primary")} text-white no-underline hover:text-white`}>
              Go to the course
            </Link>
          ) : null}
          {pending ? <Link to=".">Check again</Link> : null}
          <Link to="/orders">All your orders</Link>
        </div>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
