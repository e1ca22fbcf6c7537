import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { AppError } from "~/lib/errors";
import { handleAction, handleLoader, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { buySchema, getBuyPage, PaymentsUnavailableError, startCheckout } from "~/services/payments-checkout.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Buy ${data?.course.title ?? "course"} · Coursework` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    try {
      return await getBuyPage(user, params.slug ?? "", new Date());
    } catch (error) {
      // Already enrolled, free, or not open: the course page says which.
      if (error instanceof AppError && error.code === "CONFLICT") throw redirect(`/courses/${params.slug}`);
      throw error;
    }
  });
}

/** POST /courses/<slug>/buy: start a Stripe Checkout and send the buyer there (303). */
export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, buySchema);
    try {
      const { redirectTo } = await startCheckout(user, params.slug ?? "", input, new Date());
      return redirect(redirectTo, 303);
    } catch (error) {
      if (error instanceof PaymentsUnavailableError) return data({ ok: false as const, message: error.message }, { status: 503 });
      throw error;
    }
  });
}

export default function BuyCourse() {
  const { course, price, configured } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-lg">
      <Card>
        <h1 className="mb-1 text-xl font-semibold">Buy {course.title}</h1>
        <p className="mb-4 text-3xl font-bold text-slate-900">
          <span className="sr-only">Price: </span>
          {price.label}
        </p>
        <FormMessage message={message} />
        {configured ? (
          <Form method="post" noValidate>
            <Field label="Coupon code (optional)" name="coupon" autoComplete="off" maxLength={40} errors={fieldErrors.coupon} />
            <Button className="w-full">Buy for {price.label}</Button>
          </Form>
        ) : (
          <Alert tone="info" title="Payments are not configured">
            This course cannot be bought on this site yet. Please check back later.
          </Alert>
        )}
        <p className="mt-4 text-sm text-slate-600">
          You pay with Stripe. Your access starts when Stripe confirms the payment.
          {course.refundWindowDays > 0 ? ` The instructor can refund you within ${course.refundWindowDays} days.` : ""}
        </p>
        <p className="mt-4 text-sm">
          <Link to={`/courses/${course.slug}`}>Back to the course</Link>
        </p>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
