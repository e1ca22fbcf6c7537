import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { clientIp, handleAction, parseForm } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { getOptionalUser, redirectWithSession } from "~/lib/session.server";
import { logIn, logInSchema } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Log in · Coursework" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(async () => {
    const input = await parseForm(request, logInSchema);
    const { sessionId } = await logIn(input, clientIp(request), new Date(), request.headers.get("user-agent"));
    return redirectWithSession(safeRedirect(new URL(request.url).searchParams.get("redirectTo")), sessionId);
  });
}

export default function LogIn() {
  const { message, fieldErrors } = useFormErrors();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Log in</h1>
      <Card>
        <FormMessage message={message} />
        <Form method="post" noValidate>
          <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={fieldErrors.password} />
          <Button disabled={busy} className="w-full">
            {busy ? "Logging in…" : "Log in"}
          </Button>
        </Form>
        <p className="mt-4 text-sm">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-700">
        New here? <Link to={`/signup?${params.toString()}`}>Create an account</Link>
      </p>
    </div>
  );
}
