import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { OrderStatusBadge } from "~/components/order-status";
import { RevenueChart } from "~/components/revenue-chart";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { handleAction, handleLoader, parseForm, parseInput } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { formatMoney } from "~/services/payments-money";
import { getSales, refundOrder, refundSchema, salesQuerySchema } from "~/services/payments-sales.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Sales · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const query = parseInput(salesQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return { ...(await getSales(user, params.slug ?? "", query, new Date())), viewerZone: user.timeZone };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const input = await parseForm(request, refundSchema);
    const result = await refundOrder(user, course.id, input, new Date());
    return { ok: true as const, refunded: result?.orderId ?? input.orderId };
  });
}

export default function Sales() {
  const { course, totals, months, chartCurrency, orders, page, pages, total, viewerZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message } = useFormErrors();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-xl font-semibold">Sales</h1>
        <a href={`/courses/${course.slug}/sales.csv`} download className="text-sm font-semibold">
          Download all orders (CSV)
        </a>
      </div>
      <FormMessage message={message} />
      {result && "refunded" in result ? <Alert tone="success" title="Refund sent. The student's access has ended and they were told by email." /> : null}
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="sr-only">
          Totals
        </h2>
        {totals.length === 0 ? (
          <Card>
            <p className="text-slate-700">
              No sales yet.{" "}
              {course.priceAmount === null ? <Link to={`/courses/${course.slug}/pricing`}>Set a price</Link> : "They will appear here as students buy the course."}
            </p>
          </Card>
        ) : (
          <div className="grid gap-4 sm:grid-cols-3">
            {totals.map((t) => (
              <Card key={t.currency} className="p-4">
                <p className="text-sm text-slate-600">
                  {t.orders} {t.orders === 1 ? "order" : "orders"} in {t.currency.toUpperCase()}
                </p>
                <p className="text-2xl font-bold tabular-nums">{formatMoney(t.net, t.currency)}</p>
                <p className="text-sm text-slate-700">
                  net of {formatMoney(t.refunded, t.currency)} refunded (sales {formatMoney(t.gross, t.currency)})
                </p>
              </Card>
            ))}
          </div>
        )}
      </section>
      {chartCurrency && totals.length > 0 ? (
        <Card aria-labelledby="revenue-heading">
          <h2 id="revenue-heading" className="mb-3 text-lg font-semibold">
            Revenue by month
          </h2>
          <RevenueChart months={months} currency={chartCurrency} title={`Revenue by month in ${chartCurrency.toUpperCase()}, last 12 months`} />
        </Card>
      ) : null}
      <Card aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="mb-1 text-lg font-semibold">
          Orders ({total})
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          {course.refundWindowDays > 0
            ? `You can refund an order for ${course.refundWindowDays} days after payment. A refund ends the student's access and keeps their work.`
            : "Refunds from this page are turned off (refund window of 0 days)."}
        </p>
        {orders.length === 0 ? (
          <p className="text-slate-700">No orders yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Orders for this course, newest first</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">Paid</th>
                  <th scope="col" className="py-2 pr-4">Student</th>
                  <th scope="col" className="py-2 pr-4 text-right">Amount</th>
                  <th scope="col" className="py-2 pr-4">Coupon</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2 pr-4">Refunded</th>
                  <th scope="col" className="py-2">Actions</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id} className="border-b border-slate-100 align-top">
                    <td className="py-2 pr-4">{o.paidAt ? formatDate(o.paidAt, viewerZone) : "—"}</td>
                    <td className="py-2 pr-4">
                      <span className="font-medium">{o.user.displayName}</span>
                      <span className="block text-xs text-slate-600">{o.user.email}</span>
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatMoney(o.amount, o.currency)}</td>
                    <td className="py-2 pr-4">{o.coupon?.code ?? "—"}</td>
                    <td className="py-2 pr-4">
                      <OrderStatusBadge status={o.status} />
                      {o.disputedAt ? <span className="block text-xs text-red-800">Disputed {formatDate(o.disputedAt, viewerZone)}</span> : null}
                    </td>
                    <td className="py-2 pr-4 tabular-nums">
                      {o.refundedAmount > 0 ? formatMoney(o.refundedAmount, o.currency) : "—"}
                      {o.refundedAt ? <span className="block text-xs text-slate-600">{formatDate(o.refundedAt, viewerZone)}</span> : null}
                    </td>
                    <td className="py-2">
                      {o.canRefund ? (
                        <Form
                          method="post"
                          onSubmit={(e) => {
                            if (!confirm(`Refund ${formatMoney(o.amount - o.refundedAmount, o.currency)} to ${o.user.displayName}? Their access ends.`)) e.preventDefault();
                          }}
                        >
                          <input type="hidden" name="orderId" value={o.id} />
                          <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Refund ${o.user.displayName}`}>
                            Refund
                          </Button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
            {page > 1 ? <Link to={`?page=${page - 1}`}>Previous page</Link> : null}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? <Link to={`?page=${page + 1}`}>Next page</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
