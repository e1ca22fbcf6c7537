import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/card";
import { Field, SelectField } from "~/components/ui/field";
import { handleAction, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getNotificationSettings, LEAD_HOUR_CHOICES, notificationSettingsSchema, updateNotificationSettings } from "~/services/reminders.server";

export const meta: MetaFunction = () => [{ title: "Reminders · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const settings = await getNotificationSettings(user);
  const known = (LEAD_HOUR_CHOICES as readonly number[]).includes(settings.reminderLeadHours);
  const choices = known ? [...LEAD_HOUR_CHOICES] : [...LEAD_HOUR_CHOICES, settings.reminderLeadHours].sort((a, b) => a - b);
  return { settings, choices };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const input = await parseForm(request, notificationSettingsSchema);
    await updateNotificationSettings(user, input);
    return { ok: true as const };
  });
}

const leadLabel = (h: number) => (h === 1 ? "1 hour before" : h % 24 === 0 && h >= 48 ? `${h / 24} days (${h} hours) before` : `${h} hours before`);

export default function NotificationSettings() {
  const { settings, choices } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="Reminders" subtitle="One email before each due date you have not submitted for." />
      <Card>
        {saved && "ok" in saved && saved.ok ? <Alert tone="success" title="Reminder settings saved." /> : null}
        <FormMessage message={message} />
        {/* The key re-mounts the inputs with the saved values after a successful save. */}
        <Form method="post" noValidate key={`${settings.reminderLeadHours}|${settings.quietStart}|${settings.quietEnd}`}>
          <SelectField
            label="Remind me"
            name="reminderLeadHours"
            defaultValue={String(settings.reminderLeadHours)}
            errors={fieldErrors.reminderLeadHours}
            hint="Several assignments due around the same time come in one email. Work you have already submitted is never reminded."
          >
            {choices.map((h) => (
              <option key={h} value={h}>
                {leadLabel(h)}
              </option>
            ))}
          </SelectField>
          <fieldset className="mb-2">
            <legend className="text-base font-semibold text-slate-900">Quiet hours</legend>
            <p className="mb-3 text-sm text-slate-600">
              No reminders between these times, in your time zone ({settings.timeZone}). A reminder that falls in them comes when they end, or just
              before they start if the work is due while they last. Leave both empty to get reminders at any time.
            </p>
            <div className="grid gap-x-4 sm:grid-cols-2">
              <Field label="From" name="quietStart" type="time" defaultValue={settings.quietStart} errors={fieldErrors.quietStart} hint="For example 22:00" />
              <Field label="Until" name="quietEnd" type="time" defaultValue={settings.quietEnd} errors={fieldErrors.quietEnd} hint="For example 07:00" />
            </div>
          </fieldset>
          <Button>Save reminder settings</Button>
        </Form>
      </Card>
      <p className="mt-4 text-sm">
        <Link to="/settings/profile">Change your time zone</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
