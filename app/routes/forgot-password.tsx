import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { clientIp, handleAction, parseForm } from "~/lib/http.server";
import { requestPasswordReset, resetRequestSchema } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Coursework" }];

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const input = await parseForm(request, resetRequestSchema);
    await requestPasswordReset(input, clientIp(request), new Date());
    return { ok: true as const, email: input.email };
  });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const busy = useNavigation().state === "submitting";
  const sentTo = result && "email" in result ? result.email : null;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Reset your password</h1>
      <Card>
        {sentTo ? (
          <Alert tone="success" title="Check your email">
            If an account exists for {sentTo}, we sent it a link to choose a new password. The link works once, for one hour.
          </Alert>
        ) : null}
        <FormMessage message={message} />
        <Form method="post" noValidate>
          <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
          <Button disabled={busy} className="w-full">
            Send reset link
          </Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        <Link to="/login">Back to log in</Link>
      </p>
    </div>
  );
}
