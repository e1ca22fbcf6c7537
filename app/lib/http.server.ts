import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { getEnv } from "./env.server";

export const MAX_FORM_BYTES = 1_000_000;

/**
 * CSRF protection for every state-changing request: browsers send Origin (and
 * Sec-Fetch-Site) on form posts and fetches, so a request from another site is
 * refused. Requests without either header (curl, server-to-server tests) are
 * not browser-driven and carry no ambient cookie risk from another site.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new AppError("FORBIDDEN", "This form was sent from another website, so we ignored it.");
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") {
    if (origin === "null") throw new AppError("FORBIDDEN", "This form was sent from an unknown origin, so we ignored it.");
    return;
  }
  const allowed = new Set([new URL(request.url).origin, new URL(getEnv().APP_URL).origin]);
  const host = request.headers.get("host");
  if (host) allowed.add(`${new URL(request.url).protocol}//${host}`);
  if (!allowed.has(origin)) throw new AppError("FORBIDDEN", "This form was sent from another website, so we ignored it.");
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Validate input already read from a request against a zod schema; 400 with field messages otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", fieldErrorsOf(result.error));
  }
  return result.data;
}

/** Origin check and size limit, then the form's text fields as a plain object. */
export async function readForm(request: Request): Promise<Record<string, string>> {
  assertSameOrigin(request);
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_FORM_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `That form is too large (limit ${MAX_FORM_BYTES / 1_000_000} MB).`);
  }
  const form = await request.formData();
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    values[key] = value;
  }
  return values;
}

/** Origin check, size limit and zod validation of a submitted form. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return parseInput(schema, await readForm(request));
}

export type ActionError = { ok: false; message: string; fieldErrors?: FieldErrors };

/**
 * Runs an action body and turns an AppError into a response the form can show
 * (status 400/403/404/409/413/429 with a message). Anything else is a bug and
 * goes to the error boundary.
 */
export async function handleAction<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError) {
      const headers: HeadersInit = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
      return data<ActionError>(
        { ok: false, message: error.message, fieldErrors: error.fieldErrors },
        { status: error.status, headers },
      );
    }
    throw error;
  }
}

/**
 * handleAction for an endpoint the browser calls with fetch or XHR rather than a Remix form: the
 * result, or the AppError's message with its status, as a JSON Response. (A plain object returned
 * from such a route made Remix log a deprecation warning on every request.)
 */
export async function jsonAction<T extends object>(fn: () => Promise<T>): Promise<Response> {
  const result = await handleAction(fn);
  return "init" in result ? Response.json(result.data, result.init ?? undefined) : Response.json(result);
}

/** Runs a loader body; an AppError becomes a thrown response for the route's error boundary. */
export async function handleLoader<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError) throw data(error.message, { status: error.status });
    throw error;
  }
}

/**
 * The client address for per-IP limits: the proxy's X-Forwarded-For only when TRUST_PROXY=1,
 * otherwise the socket's peer address that server.mjs writes into `x-coursework-peer` (after
 * dropping any such header the client sent); "direct" when neither is there (dev server, tests).
 */
export function clientIp(request: Request): string {
  if (getEnv().TRUST_PROXY === "1") {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get("x-coursework-peer") || "direct";
}

/** Whether an Accept-Encoding header takes gzip: `gzip` with q > 0, or else `*` with q > 0 (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | null): boolean {
  const q = new Map<string, number>();
  for (const part of (header ?? "").toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((p) => p.trim());
    const weight = params.find((p) => p.startsWith("q="));
    if (coding) q.set(coding, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  return (q.get("gzip") ?? q.get("*") ?? 0) > 0;
}

/** A Buffer as a Response body (a view on the same bytes, typed as the fetch API wants it). */
export function responseBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
}
