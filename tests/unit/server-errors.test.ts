import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import { expect, test, vi } from "vitest";
import { reportServerError } from "~/lib/server-errors.server";

const request = () => ({ request: new Request("http://localhost/nowhere") });

test("an unknown URL (Remix's 404 'No route matches') is not logged", () => {
  const log = vi.fn();
  reportServerError(new ErrorResponse(404, "Not Found", new Error('No route matches URL "/nowhere"'), true), request(), log);
  expect(log).not.toHaveBeenCalled();
});

test("a request the client abandoned is not logged", () => {
  const log = vi.fn();
  const controller = new AbortController();
  controller.abort();
  reportServerError(new Error("socket hang up"), { request: new Request("http://localhost/", { signal: controller.signal }) }, log);
  // server.mjs links no signal; its load context says when the connection closed early.
  reportServerError(new Error("aborted"), { ...request(), context: { clientGone: () => true } }, log);
  expect(log).not.toHaveBeenCalled();
});

test("a load context whose client is still there, or that has no such check, changes nothing", () => {
  const log = vi.fn();
  const boom = new Error("database is locked");
  reportServerError(boom, { ...request(), context: { clientGone: () => false } }, log);
  reportServerError(boom, { ...request(), context: { backpressure: () => null } }, log);
  reportServerError(boom, { ...request(), context: undefined }, log);
  expect(log.mock.calls).toEqual([[boom], [boom], [boom]]);
});

test("real failures are logged: a thrown error as it is, another error response by its inner error", () => {
  const log = vi.fn();
  const boom = new Error("database is locked");
  reportServerError(boom, request(), log);
  const inner = new Error('Invalid request method "PROPFIND"');
  reportServerError(new ErrorResponse(405, "Method Not Allowed", inner, true), request(), log);
  const bare = new ErrorResponse(400, "Bad Request", "bad");
  reportServerError(bare, request(), log);
  expect(log.mock.calls).toEqual([[boom], [inner], [bare]]);
});
