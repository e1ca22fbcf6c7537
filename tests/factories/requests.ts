/** Calling loaders and actions directly: a signed session cookie and the arguments Remix passes. */
import { commitSession } from "~/lib/session.server";
import { createSession } from "~/services/auth.server";

/** `cw_session=…` for a fresh session of the user, ready for a Cookie header. */
export async function cookieFor(userId: string): Promise<string> {
  return (await commitSession(await createSession(userId, new Date()))).split(";")[0];
}

/** Loader/action arguments for `request` (typed loosely: routes declare their own param names). */
export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as any;
