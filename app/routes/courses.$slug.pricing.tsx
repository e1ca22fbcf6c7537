import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, SelectField } from "~/components/ui/field";
import { handleAction, handleLoader, parseForm, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { applyCoupon, CURRENCIES, CURRENCY_CODES, describeDiscount, formatMoney, toMajorString } from "~/services/payments-money";
import { createCoupon, deleteCoupon, deleteCouponSchema, getPricing, pricingSchema, updatePricing } from "~/services/payments-pricing.server";
import { loadCourseAccess } from "~/services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Pricing · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => ({ ...(await getPricing(user, params.slug ?? "")), viewerZone: user.timeZone }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const intent = new URL(request.url).searchParams.get("intent") ?? "price";
    if (intent === "coupon") {
      const created = await createCoupon(user, course.id, await readForm(request), new Date());
      return { ok: true as const, done: `Coupon ${created.code} created.` };
    }
    if (intent === "delete-coupon") {
      await deleteCoupon(user, course.id, await parseForm(request, deleteCouponSchema));
      return { ok: true as const, done: "Coupon deleted." };
    }
    await updatePricing(user, course.id, await parseForm(request, pricingSchema));
    return { ok: true as const, done: "Pricing saved." };
  });
}

export default function Pricing() {
  const { course, configured, setup, viewerZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const paid = course.priceAmount !== null;
  const currency = course.priceCurrency ?? "usd";
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Pricing</h1>
      <FormMessage message={message} />
      {result && "done" in result ? <Alert tone="success" title={result.done} /> : null}
      {!configured ? (
        <Alert tone="info" title="Payments are not configured on this site">
          {setup ? (
            <>
              To take payments, set {setup.missing.map((m) => <code key={m} className="mx-1">{m}</code>)} and add a Stripe webhook endpoint for{" "}
              <code>{setup.webhookUrl}</code> (events: checkout.session.*, payment_intent.succeeded, charge.refunded, charge.dispute.created).
            </>
          ) : (
            "You can set a price now, but students cannot buy the course until an administrator connects Stripe."
          )}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Price</h2>
          <Form method="post" action="?intent=price" noValidate>
            <fieldset className="mb-4">
              <legend className="text-sm font-medium text-slate-800">Who can join</legend>
              <label className="mt-2 flex items-center gap-2 text-sm">
                <input type="radio" name="pricing" value="free" defaultChecked={!paid} /> Free (self-enrollment settings apply)
              </label>
              <label className="mt-1 flex items-center gap-2 text-sm">
                <input type="radio" name="pricing" value="paid" defaultChecked={paid} /> Paid: students buy the course
              </label>
              {fieldErrors.pricing ? <p className="mt-1 text-sm font-medium text-red-700">{fieldErrors.pricing.join(" ")}</p> : null}
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField label="Currency" name="currency" defaultValue={currency} errors={fieldErrors.currency}>
                {CURRENCY_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c.toUpperCase()} · {CURRENCIES[c].name}
                  </option>
                ))}
              </SelectField>
              <Field
                label="Price"
                name="amount"
                inputMode="decimal"
                defaultValue={course.priceAmount !== null ? toMajorString(course.priceAmount, currency) : ""}
                hint="For example 49.00 (JPY: whole yen)."
                errors={fieldErrors.amount}
              />
            </div>
            <Field
              label="Refund window (days)"
              name="refundWindowDays"
              type="number"
              min={0}
              max={365}
              defaultValue={course.refundWindowDays}
              hint="You can refund a purchase from the Sales page for this many days after payment."
              errors={fieldErrors.refundWindowDays}
            />
            <Button>Save pricing</Button>
          </Form>
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold">New coupon</h2>
          <Form method="post" action="?intent=coupon" noValidate key={course.coupons.length}>
            <Field label="Code" name="code" autoComplete="off" hint="Letters, digits, dashes; students type it at checkout." errors={fieldErrors.code} />
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField label="Discount type" name="kind" defaultValue="percent" errors={fieldErrors.kind}>
                <option value="percent">Percent off</option>
                <option value="amount">Amount off ({currency.toUpperCase()})</option>
              </SelectField>
              <Field label="Discount" name="value" inputMode="decimal" hint="20 means 20% or 20.00 off." errors={fieldErrors.value} />
              <Field label="Expires on (optional)" name="expiresOn" type="date" hint="Valid through the end of that day, course time." errors={fieldErrors.expiresOn} />
              <Field label="Maximum uses (optional)" name="maxRedemptions" inputMode="numeric" errors={fieldErrors.maxRedemptions} />
            </div>
            <Button>Create coupon</Button>
          </Form>
        </Card>
      </div>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Coupons</h2>
        {course.coupons.length === 0 ? (
          <p className="text-slate-700">No coupons yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Coupons for this course</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">Code</th>
                  <th scope="col" className="py-2 pr-4">Discount</th>
                  <th scope="col" className="py-2 pr-4">Price with coupon</th>
                  <th scope="col" className="py-2 pr-4">Expires</th>
                  <th scope="col" className="py-2 pr-4">Used</th>
                  <th scope="col" className="py-2">Actions</th>
                </tr>
              </thead>
              <tbody>
                {course.coupons.map((c) => {
                  const expired = c.expiresAt !== null && new Date(c.expiresAt) <= new Date();
                  return (
                    <tr key={c.id} className="border-b border-slate-100">
                      <td className="py-2 pr-4 font-mono">{c.code}</td>
                      <td className="py-2 pr-4">{describeDiscount(c, course.priceCurrency)}</td>
                      <td className="py-2 pr-4 tabular-nums">
                        {course.priceAmount !== null ? formatMoney(applyCoupon(course.priceAmount, c), currency) : "—"}
                      </td>
                      <td className="py-2 pr-4">{c.expiresAt ? `${expired ? "Expired " : ""}${formatDate(c.expiresAt, viewerZone)}` : "Never"}</td>
                      <td className="py-2 pr-4">
                        {c.redeemedCount}
                        {c.maxRedemptions !== null ? ` of ${c.maxRedemptions}` : ""}
                      </td>
                      <td className="py-2">
                        <Form method="post" action="?intent=delete-coupon">
                          <input type="hidden" name="couponId" value={c.id} />
                          <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete coupon ${c.code}`}>
                            Delete
                          </Button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
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
