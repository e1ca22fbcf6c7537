import { createCookie, redirect } from "@remix-run/node";
import { getSessionUser } from "~/services/auth.server";
import type { Actor } from "~/services/users.server";
import { getEnv } from "./env.server";
import { attachRequestCache } from "./request-cache";

/** The session cookie holds only a random session id; the session lives in the database. */
function sessionCookie() {
  const env = getEnv();
  return createCookie("cw_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production" && env.APP_URL.startsWith("https:"),
    path: "/",
    secrets: [env.SESSION_SECRET],
    maxAge: 30 * 24 * 3600,
  });
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export function commitSession(sessionId: string): Promise<string> {
  return sessionCookie().serialize(sessionId);
}

export function destroySessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

async function lookUpUser(request: Request): Promise<Actor | null> {
  const id = await readSessionId(request);
  return id ? getSessionUser(id, new Date()) : null;
}

const usersOfRequest = new WeakMap<Request, Promise<Actor | null>>();

/**
 * The signed-in user, or null. For a GET request the lookup runs once however many loaders ask,
 * and the actor carries a request cache (see lib/request-cache.ts); a POST's action always reads afresh.
 */
export function getOptionalUser(request: Request): Promise<Actor | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpUser(request);
  let user = usersOfRequest.get(request);
  if (!user) {
    user = lookUpUser(request).then((found) => found && attachRequestCache(found));
    usersOfRequest.set(request, user);
  }
  return user;
}

/** Every protected loader and action starts here; anonymous visitors go to the login page. */
export async function requireUser(request: Request): Promise<Actor> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export async function requireAdmin(request: Request): Promise<Actor> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new Response("Only platform administrators can open this page.", { status: 403 });
  return user;
}

/** Redirect with a fresh session cookie (after sign-up, log-in, password change). */
export async function redirectWithSession(to: string, sessionId: string) {
  return redirect(to, { headers: { "Set-Cookie": await commitSession(sessionId) } });
}
