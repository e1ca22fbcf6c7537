import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { TimeZoneSelect } from "~/components/time-zone-select";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { handleAction, parseForm } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { getOptionalUser, redirectWithSession } from "~/lib/session.server";
import { signUp, signUpSchema } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const input = await parseForm(request, signUpSchema);
    const { sessionId } = await signUp(input, new Date());
    return redirectWithSession(safeRedirect(new URL(request.url).searchParams.get("redirectTo")), sessionId);
  });
}

export default function SignUp() {
  const { message, fieldErrors } = useFormErrors();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Create your account</h1>
      <Card>
        <FormMessage message={message} />
        <Form method="post" noValidate>
          <Field label="Name" name="displayName" autoComplete="name" required errors={fieldErrors.displayName} />
          <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            errors={fieldErrors.password}
          />
          <TimeZoneSelect errors={fieldErrors.timeZone} />
          <Button disabled={busy} className="w-full">
            {busy ? "Creating account…" : "Create account"}
          </Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-700">
        Already have an account? <Link to={`/login?${params.toString()}`}>Log in</Link>
      </p>
    </div>
  );
}
