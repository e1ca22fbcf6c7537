import { get } from "node:http";
import { expect, test } from "@playwright/test";

/** GET with the path sent exactly as written (URL parsers would resolve "..": browsers never send it, others may). */
function rawGet(baseURL: string, path: string): Promise<{ status: number; cacheControl: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, cacheControl: String(res.headers["cache-control"] ?? "") }));
    }).on("error", reject);
  });
}

// What server.mjs itself answers (static files, compression, unknown paths), through the real
// production server the e2e suite runs.

test("static files: hashed assets cached for a year, public files for an hour, nothing outside them", async ({ page, request, baseURL }) => {
  const assets: string[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/assets/")) assets.push(r.url());
  });
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: /log in/i })).toBeVisible();
  expect(assets.length).toBeGreaterThan(0);

  const asset = await request.get(assets[0]);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(robots.headers()["cache-control"]).toBe("public, max-age=3600");

  // A missing asset and a path that climbs out of the assets folder get the app's 404 page.
  for (const path of ["/assets/no-such-file.js", "/assets/../robots.txt", "/assets/%2e%2e/robots.txt"]) {
    const missing = await rawGet(baseURL!, path);
    expect(missing.status, path).toBe(404);
    expect(missing.cacheControl, path).not.toContain("immutable");
  }
});

test("pages are gzipped for clients that accept it; an unknown path is a 404 page", async ({ request }) => {
  const login = await request.get("/login", { headers: { "accept-encoding": "gzip" } });
  expect(login.status()).toBe(200);
  expect(login.headers()["content-encoding"]).toBe("gzip");

  const unknown = await request.get("/no/such/page");
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain("<html");
});
