import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { failRequest, remixRequest, remixUrl, sendResponse } from "../../server/remix-handler.mjs";

/** A Node request as the HTTP server hands it over: method, URL, headers and a readable body. */
function nodeRequest(opts: { method?: string; url?: string; headers?: Record<string, string | string[]>; body?: string[] }) {
  const req = Readable.from((opts.body ?? []).map((chunk) => Buffer.from(chunk))) as Readable & Record<string, unknown>;
  return Object.assign(req, { method: opts.method ?? "GET", url: opts.url ?? "/", headers: { host: "127.0.0.1:3000", ...opts.headers } });
}

describe("remixUrl", () => {
  it("keeps the Host header's name and port, the path and the query", () => {
    expect(remixUrl(nodeRequest({ url: "/courses/a?tab=2" }))).toBe("http://127.0.0.1:3000/courses/a?tab=2");
  });

  it("takes the port of X-Forwarded-Host (a proxy on another port) with the Host header's name, as the Express adapter did", () => {
    expect(remixUrl(nodeRequest({ headers: { host: "learn.example.org", "x-forwarded-host": "learn.example.org:8443" } }))).toBe("http://learn.example.org:8443/");
  });

  it("leaves the port out when neither header has one, and keeps an IPv6 host's brackets", () => {
    expect(remixUrl(nodeRequest({ headers: { host: "learn.example.org" } }))).toBe("http://learn.example.org/");
    expect(remixUrl(nodeRequest({ headers: { host: "[::1]:3000" }, url: "/x" }))).toBe("http://[::1]:3000/x");
    expect(remixUrl(nodeRequest({ headers: { host: "[::1]" } }))).toBe("http://[::1]/");
  });

  it("falls back to localhost for a request without a Host header (HTTP/1.0)", () => {
    expect(remixUrl(nodeRequest({ headers: { host: "" } }))).toBe("http://localhost/");
  });
});

describe("remixRequest", () => {
  it("copies the method and every header, repeated ones included", () => {
    const request = remixRequest(nodeRequest({ headers: { cookie: "cw_session=abc", accept: ["text/html", "application/json"] } }));
    expect(request.method).toBe("GET");
    expect(request.headers.get("cookie")).toBe("cw_session=abc");
    expect(request.headers.get("accept")).toBe("text/html, application/json");
    expect(request.body).toBeNull();
  });

  it("streams a POST body through unchanged, chunk by chunk", async () => {
    const request = remixRequest(
      nodeRequest({ method: "POST", url: "/api/items/i1/progress", headers: { "content-type": "application/x-www-form-urlencoded" }, body: ["position=42.5&from=37.5", "&to=42.5&duration=600"] }),
    );
    expect(request.method).toBe("POST");
    expect(Object.fromEntries(await request.formData())).toEqual({ position: "42.5", from: "37.5", to: "42.5", duration: "600" });
  });

  it("gives Remix a signal that is not aborted (no AbortController is linked to the request)", () => {
    const request = remixRequest(nodeRequest({}));
    expect(request.signal.aborted).toBe(false);
  });

  it("rejects a URL that cannot be parsed, before Remix sees it", () => {
    expect(() => remixRequest(nodeRequest({ headers: { host: "bad host" } }))).toThrow(TypeError);
  });
});

/** Answers one GET with `handler` on a real HTTP server and returns what the client got. */
async function serveOnce(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: res.status, headers: res.headers, text: await res.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("sendResponse", () => {
  it("writes the status, every header (each Set-Cookie on its own) and the streamed body", async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("first, "));
        controller.enqueue(new TextEncoder().encode("second"));
        controller.close();
      },
    });
    const headers = new Headers([["content-type", "text/plain"], ["set-cookie", "a=1; Path=/"], ["set-cookie", "b=2; Path=/"]]);
    const got = await serveOnce((_req, res) => sendResponse(res, new Response(body, { status: 201, headers })));
    expect(got.status).toBe(201);
    expect(got.headers.get("content-type")).toBe("text/plain");
    expect(got.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(got.text).toBe("first, second");
  });

  it("ends a response without a body (a redirect)", async () => {
    const got = await serveOnce((_req, res) => sendResponse(res, new Response(null, { status: 204, headers: { "x-next": "/courses" } })));
    expect(got.status).toBe(204);
    expect(got.headers.get("x-next")).toBe("/courses");
    expect(got.text).toBe("");
  });
});

describe("failRequest", () => {
  it("answers 500 in plain text and logs the error when nothing was sent yet", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const error = new Error("database went away");
      const got = await serveOnce((_req, res) => failRequest(res, error));
      expect(got.status).toBe(500);
      expect(got.text).toBe("Internal Server Error");
      expect(log).toHaveBeenCalledWith(error);
    } finally {
      log.mockRestore();
    }
  });

  it("cuts the connection once the answer has started, so the client sees a broken response, not a complete one", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const answer = serveOnce((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("half a page");
        failRequest(res, new Error("render failed"));
      });
      await expect(answer).rejects.toThrow();
    } finally {
      log.mockRestore();
    }
  });
});
