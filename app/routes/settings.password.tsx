import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, parseForm } from "~/lib/http.server";
import { redirectWithSession, requireUser } from "~/lib/session.server";
import { changePassword, changePasswordSchema } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Change password · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, changePasswordSchema);
    const { sessionId } = await changePassword(user, input, new Date());
    return redirectWithSession("/settings/profile?notice=password-changed", sessionId);
  });
}

export default function ChangePassword() {
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="Change password" subtitle="You will be signed out on every other device." />
      <Card>
        <FormMessage message={message} />
        <Form method="post" noValidate>
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldErrors.currentPassword} />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            errors={fieldErrors.newPassword}
          />
          <Button>Change password</Button>
        </Form>
      </Card>
    </div>
  );
}
