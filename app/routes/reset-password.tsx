import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, parseForm } from "~/lib/http.server";
import { redirectWithSession } from "~/lib/session.server";
import { resetPassword, resetPasswordSchema } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Coursework" }];

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const input = await parseForm(request, resetPasswordSchema);
    const { sessionId } = await resetPassword(input, new Date());
    return redirectWithSession("/dashboard?notice=password-set", sessionId);
  });
}

export default function ResetPassword() {
  const [params] = useSearchParams();
  const { message, fieldErrors } = useFormErrors();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Choose a new password</h1>
      <Card>
        <FormMessage message={message} />
        {fieldErrors.token ? (
          <p className="mb-4 text-sm">
            <Link to="/forgot-password">Ask for a new reset link</Link>
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="token" value={params.get("token") ?? ""} />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            errors={fieldErrors.password}
          />
          <Button disabled={busy} className="w-full">
            Save password and log in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
