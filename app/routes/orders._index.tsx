import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OrderStatusBadge } from "~/components/order-status";
import { Card, PageHeader } from "~/components/ui/card";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { listMyOrders } from "~/services/payments-checkout.server";
import { formatMoney } from "~/services/payments-money";

export const meta: MetaFunction = () => [{ title: "Your orders · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ orders: await listMyOrders(user), viewerZone: user.timeZone }));
}

export default function Orders() {
  const { orders, viewerZone } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Your orders" subtitle="Courses you bought, with receipts and refunds." />
      <Card>
        {orders.length === 0 ? (
          <p className="text-slate-700">
            You have not bought any courses yet. <Link to="/courses">Browse the catalog</Link>.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your orders, newest first</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">Date</th>
                  <th scope="col" className="py-2 pr-4">Course</th>
                  <th scope="col" className="py-2 pr-4 text-right">Amount</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2 pr-4">Refund</th>
                  <th scope="col" className="py-2">Receipt</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id} className="border-b border-slate-100 align-top">
                    <td className="py-2 pr-4">{formatDate(o.paidAt ?? o.createdAt, viewerZone)}</td>
                    <td className="py-2 pr-4">
                      <Link to={`/courses/${o.course.slug}`}>{o.course.title}</Link>
                      {o.coupon ? <span className="block text-xs text-slate-600">Coupon {o.coupon.code}</span> : null}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatMoney(o.amount, o.currency)}</td>
                    <td className="py-2 pr-4">
                      <OrderStatusBadge status={o.status} />
                    </td>
                    <td className="py-2 pr-4">
                      {o.refundedAmount > 0
                        ? `${formatMoney(o.refundedAmount, o.currency)}${o.refundedAt ? ` on ${formatDate(o.refundedAt, viewerZone)}` : ""}`
                        : "—"}
                    </td>
                    <td className="py-2">
                      <Link to={`/orders/${o.id}`}>
                        Receipt<span className="sr-only"> for {o.course.title}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
