import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn } from "./utils";

const PAYLOADS = [
  "<script>window.__xss = 1; alert('script')</script>",
  "<img src=x onerror=\"window.__xss=1;alert('img')\">",
  "<svg onload=\"window.__xss=1;alert('svg')\"><script>alert('svg2')</script></svg>",
  "<a href=\"javascript:alert('href')\">js link</a>",
  "[md link](javascript:alert('md'))",
  "[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![img data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "[spaced](  javascript:alert('spaced'))",
  "[entity](&#106;avascript:alert('entity'))",
  "<iframe src=\"javascript:alert('iframe')\"></iframe>",
  "<div style=\"background:url(javascript:alert('css'))\" onclick=\"alert('div')\">styled</div>",
  "<details open ontoggle=\"alert('toggle')\"><summary>x</summary></details>",
  "<<script>script>alert('nested')<</script>/script>",
  "<img src=\"x\" / onerror=alert('malformed')",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
  "<form action=\"javascript:alert('form')\"><button>go</button></form>",
  "<input autofocus onfocus=alert('focus')>",
  "[ref]\n\n[ref]: javascript:alert('refdef')",
  "<a href=\"jav&#x09;ascript:alert('tab')\">tab</a>",
  "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
];

test("known XSS payloads in a post: no dialog, no script, no handler, no javascript:/data: URL in the page", async ({ page }) => {
  // Any dialog fails the test (recorded, dismissed so the page goes on, asserted at the end).
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/async-learning-101/discussions");
  await page.getByLabel("Title").fill(`XSS ${Date.now().toString(36)}`);
  await page.getByLabel("Prompt or question (Markdown)").fill(PAYLOADS.slice(0, 5).join("\n\n"));
  await page.getByRole("button", { name: "Create topic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const payload of PAYLOADS) {
    await page.getByLabel("Post", { exact: true }).fill(payload);
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect(page.getByLabel("Post", { exact: true })).toHaveValue("");
  }
  // The live preview goes through the same sanitizer.
  await page.getByLabel("Post", { exact: true }).fill(PAYLOADS.join("\n\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Loading preview…")).toHaveCount(0);

  await page.reload();
  const found = await page.evaluate(() => {
    const issues: string[] = [];
    if ((window as unknown as { __xss?: number }).__xss) issues.push("window.__xss set");
    const main = document.querySelector("main") ?? document.body;
    for (const el of Array.from(main.querySelectorAll("*"))) {
      const tag = el.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "svg", "math", "style", "form", "input"].includes(tag) && el.closest(".prose")) issues.push(`<${tag}> in a post`);
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) issues.push(`${tag}[${attr.name}]`);
        if (["href", "src", "action", "data", "formaction", "xlink:href"].includes(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) issues.push(`${tag}[${attr.name}=${attr.value}]`);
        if (attr.name === "style" && el.closest(".prose")) issues.push(`${tag}[style] in a post`);
      }
    }
    return issues;
  });
  expect(found).toEqual([]);
  expect(dialogs).toEqual([]);
  await expectAccessible(page);
});
