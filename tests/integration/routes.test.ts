/**
 * Loaders and actions called directly, as the browser would reach them:
 * status codes, redirects and the messages a person sees.
 */
import { expect, test } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { loader as courseLayoutLoader } from "~/routes/courses.$slug";
import { action as courseHomeAction } from "~/routes/courses.$slug._index";
import { action as newCourseAction } from "~/routes/courses.new";
import { loader as outboxLoader } from "~/routes/admin.outbox";
import { createCourse, createUser, TEST_PASSWORD } from "../factories";
import { cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
type Result = { init?: { status?: number; headers?: HeadersInit }; data?: unknown; status?: number; headers?: Headers };


function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** Remix's `data()` result or a Response, as status + body. */
function unwrap(result: unknown): { status: number; body: any; headers: Headers } {
  if (result instanceof Response) return { status: result.status, body: null, headers: result.headers };
  const r = result as Result & { type?: string };
  if (r && r.init !== undefined) return { status: r.init?.status ?? 200, body: r.data, headers: new Headers(r.init?.headers) };
  return { status: 200, body: result, headers: new Headers() };
}

async function thrown(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (error) {
    return unwrap(error);
  }
  throw new Error("expected the loader to throw");
}

test("sign-up with bad input answers 400 with a message for each field", async () => {
  const { status, body } = unwrap(await signupAction(args(post("/signup", { email: "x", displayName: "", password: "1" })) as any));
  expect(status).toBe(400);
  expect(body.fieldErrors.email).toEqual(["Enter an email address like name@example.org."]);
  expect(body.fieldErrors.displayName).toEqual(["Enter your name."]);
  expect(body.fieldErrors.password).toEqual(["Use at least 10 characters for your password."]);
});

test("log-in sets an httpOnly, SameSite=Lax session cookie and redirects safely", async () => {
  const user = await createUser();
  const res = unwrap(
    await loginAction(args(post("/login?redirectTo=//evil.example", { email: user.email, password: TEST_PASSWORD })) as any),
  );
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/dashboard");
  const cookie = res.headers.get("Set-Cookie")!;
  expect(cookie).toMatch(/^cw_session=/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
});

test("a form posted from another site is refused with 403 (CSRF)", async () => {
  const user = await createUser();
  const res = unwrap(
    await loginAction(args(post("/login", { email: user.email, password: TEST_PASSWORD }, { Origin: "https://evil.example" })) as any),
  );
  expect(res.status).toBe(403);
  expect(res.body.message).toMatch(/another website/);
  const fetchMeta = unwrap(
    await loginAction(args(post("/login", { email: user.email, password: TEST_PASSWORD }, { "Sec-Fetch-Site": "cross-site" })) as any),
  );
  expect(fetchMeta.status).toBe(403);
  const sameOrigin = unwrap(
    await loginAction(args(post("/login", { email: user.email, password: TEST_PASSWORD }, { Origin: BASE })) as any),
  );
  expect(sameOrigin.status).toBe(302);
});

test("an oversized form is refused with 413 before it is read", async () => {
  const user = await createUser();
  const big = "x".repeat(1_100_000);
  const request = post("/courses/new", { title: big }, { Cookie: await cookieFor(user.id), "Content-Length": String(big.length + 6) });
  const res = unwrap(await newCourseAction(args(request) as any));
  expect(res.status).toBe(413);
  expect(res.body.message).toMatch(/too large/);
});

test("anonymous visitors are sent to log in, keeping where they were going", async () => {
  const res = await thrown(() => dashboardLoader(args(new Request(`${BASE}/dashboard`)) as any));
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard");
});

test("an unknown course is 404 and a draft course is 404 for a non-member", async () => {
  const owner = await createUser();
  const stranger = await createUser();
  const draft = await createCourse(owner, { status: "DRAFT" });
  const cookie = await cookieFor(stranger.id);
  const missing = await thrown(() => courseLayoutLoader(args(new Request(`${BASE}/courses/nope`, { headers: { Cookie: cookie } }), { slug: "nope" }) as any));
  expect(missing.status).toBe(404);
  const hidden = await thrown(() =>
    courseLayoutLoader(args(new Request(`${BASE}/courses/${draft.slug}`, { headers: { Cookie: cookie } }), { slug: draft.slug }) as any),
  );
  expect(hidden.status).toBe(404);
});

test("a wrong enrollment code is 400 with a field message; the right one enrolls", async () => {
  const owner = await createUser();
  const student = await createUser();
  const course = await createCourse(owner, { enrollmentCode: "OPEN-SESAME" });
  const cookie = await cookieFor(student.id);
  const wrong = unwrap(await courseHomeAction(args(post(`/courses/${course.slug}`, { code: "nope" }, { Cookie: cookie }), { slug: course.slug }) as any));
  expect(wrong.status).toBe(400);
  expect(wrong.body.fieldErrors.code[0]).toMatch(/not right/);
  const right = unwrap(await courseHomeAction(args(post(`/courses/${course.slug}`, { code: "OPEN-SESAME" }, { Cookie: cookie }), { slug: course.slug }) as any));
  expect(right.status).toBe(302);
});

test("the outbox is for admins only (403 for others outside development)", async () => {
  const user = await createUser();
  const cookie = await cookieFor(user.id);
  const res = await thrown(() => outboxLoader(args(new Request(`${BASE}/admin/outbox`, { headers: { Cookie: cookie } })) as any));
  expect(res.status).toBe(403);
  const admin = await createUser({ isAdmin: true });
  const ok = unwrap(await outboxLoader(args(new Request(`${BASE}/admin/outbox`, { headers: { Cookie: await cookieFor(admin.id) } })) as any));
  expect(ok.status).toBe(200);
});
