import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { TimeZoneSelect } from "~/components/time-zone-select";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { profileSchema, updateProfile } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Your profile · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, profileSchema);
    await updateProfile(user, input);
    return { ok: true as const };
  });
}

export default function Profile() {
  const { user } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="Your profile" subtitle={user.email} />
      <Card>
        {saved && "ok" in saved && saved.ok ? <Alert tone="success" title="Profile saved." /> : null}
        <FormMessage message={message} />
        <Form method="post" noValidate>
          <Field label="Display name" name="displayName" defaultValue={user.displayName} required errors={fieldErrors.displayName} />
          <TimeZoneSelect defaultValue={user.timeZone} errors={fieldErrors.timeZone} />
          <Button>Save profile</Button>
        </Form>
      </Card>
      <p className="mt-4 text-sm">
        <Link to="/settings/password">Change your password</Link>
      </p>
    </div>
  );
}
