import { describe, expect, test } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { fileSizeText } from "~/lib/file-size";
import { acceptsGzip } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { withFields } from "~/lib/objects";

describe("parseEnv", () => {
  test("everything is optional for local use", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/coursework.db");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });
  test("a malformed value names the variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with file:/);
    expect(() => parseEnv({ SMTP_URL: "http://mail" })).toThrow(/SMTP_URL: must start with smtp/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });
  test("production requires a session secret and the public URL", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: required in production[\s\S]*APP_URL: required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), APP_URL: "https://courses.example.org" })).not.toThrow();
  });
});

describe("renderMarkdown", () => {
  const cases: [string, RegExp][] = [
    ["<script>alert(1)</script>", /<script/i],
    ['<img src="x" onerror="alert(1)">', /onerror/i],
    ["[click](javascript:alert(1))", /javascript:/i],
    ["[data](data:text/html;base64,PHNjcmlwdD4=)", /data:/i],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', /javascript:/i],
    ['<svg onload="alert(1)"><circle/></svg>', /<svg|onload/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ["![x](http://insecure.example/a.png)", /insecure\.example/],
  ];
  test.each(cases)("strips %s", (input, forbidden) => {
    expect(renderMarkdown(input)).not.toMatch(forbidden);
  });
  test("keeps ordinary formatting, code and https images", () => {
    const html = renderMarkdown("# Title\n\n**bold** and `code`\n\n![chart](https://example.org/c.png)\n\n[site](https://example.org)");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain('<img src="https://example.org/c.png" alt="chart" />');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});

describe("safeRedirect", () => {
  test.each([
    ["/courses/x", "/courses/x"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["https://evil.example", "/dashboard"],
    ["", "/dashboard"],
    [null, "/dashboard"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect(input as string | null)).toBe(expected);
  });
});

test.each([
  [0, "1 KB"],
  [1, "1 KB"],
  [1536, "2 KB"],
  [1024 * 1024 - 1, "1,024 KB"],
  [1024 * 1024, "1.0 MB"],
  [25 * 1024 * 1024 + 1, "25.0 MB"],
])("fileSizeText(%i) = %s", (bytes, text) => {
  expect(fileSizeText(bytes)).toBe(text);
});

test.each([
  ["gzip, deflate, br", true],
  ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
  ["GZIP", true],
  ["*", true],
  ["identity", false],
  ["gzip;q=0", false],
  ["gzip;q=0, *", false],
  ["*;q=0", false],
  ["", false],
  [null, false],
])("acceptsGzip(%j) = %s", (header, expected) => {
  expect(acceptsGzip(header)).toBe(expected);
});

describe("withFields", () => {
  test("copies the base and adds the fields, later fields winning, as a spread does", () => {
    const base = { id: "p1", body: "text" as string | null, state: "VISIBLE" };
    const out = withFields(base, { body: null, html: "<p>x</p>" });
    expect(out).toEqual({ id: "p1", body: null, state: "VISIBLE", html: "<p>x</p>" });
    expect(out).toEqual({ ...base, body: null, html: "<p>x</p>" });
    expect(Object.keys(out)).toEqual(Object.keys({ ...base, body: null, html: "<p>x</p>" }));
  });
  test("leaves both inputs untouched", () => {
    const base = { a: 1 };
    const fields = { b: 2 };
    const out = withFields(base, fields);
    expect(out).not.toBe(base);
    expect(base).toEqual({ a: 1 });
    expect(fields).toEqual({ b: 2 });
  });
});
