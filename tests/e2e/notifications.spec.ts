import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./utils";

const COURSE = "/courses/async-learning-101/discussions";
const A = "student1@demo.coursework.local"; // Sofia Student
const B = "student2@demo.coursework.local"; // Sam Student

/** The unread count shown in the main navigation (0 when there is no badge). */
async function unreadInNav(page: Page): Promise<number> {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ });
  await expect(link).toBeVisible();
  const match = /(\d+)\s*unread/.exec((await link.textContent()) ?? "");
  return match ? Number(match[1]) : 0;
}

test("a mention shows in the other student's unread count and notifications page; following it marks it read", async ({ page }) => {
  const tag = Date.now().toString(36);
  const title = `Lab partners ${tag}`;
  const body = `Hey @SamStudent, want to compare notes on the lab? ${tag}`;

  await logIn(page, B);
  const before = await unreadInNav(page);
  await logOut(page);

  // A opens a topic and mentions B.
  await logIn(page, A);
  await page.goto(COURSE);
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create topic" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByLabel("Post", { exact: true }).fill(body);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByRole("listitem", { name: "Post by You" }).filter({ hasText: tag })).toBeVisible();
  await logOut(page);

  // B sees one more unread notification and opens the page.
  await logIn(page, B);
  expect(await unreadInNav(page)).toBe(before + 1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const sentence = `Sofia Student mentioned you in “${title}”.`;
  const item = page.getByRole("listitem", { name: `Unread: ${sentence}` });
  await expect(item).toContainText("Unread");
  await expect(item).toContainText(tag);
  await expectAccessible(page);

  // Following the link lands on the post and marks it read.
  await item.getByRole("link", { name: sentence }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  expect(new URL(page.url()).hash).toMatch(/^#post-/);
  const post = page.getByRole("listitem", { name: "Post by Sofia Student" }).filter({ hasText: tag });
  await expect(post).toBeVisible();
  expect(await unreadInNav(page)).toBe(before);

  // While here, B reacts to the post: the unused reactions wait behind "Add reaction"; each is a
  // toggle button with its count.
  await expect(post.getByRole("button", { name: /^React with/ })).toHaveCount(0);
  const add = post.getByRole("button", { name: "Add reaction" });
  await add.click();
  await expect(add).toHaveAttribute("aria-expanded", "true");
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith(".data"));
  await post.getByRole("button", { name: "React with heart, 0 people" }).click();
  // An action's answer is a few bytes: server.mjs sends it as is (pages are gzipped, below).
  expect((await answer).headers()["content-encoding"]).toBeUndefined();
  await expect(post.getByRole("button", { name: "React with heart, 1 person" })).toHaveAttribute("aria-pressed", "true");
  await expect(add).toHaveAttribute("aria-expanded", "false");
  await expectAccessible(page);

  const listing = await page.goto("/notifications");
  expect(listing?.headers()["content-encoding"]).toBe("gzip");
  await expect(page.getByRole("listitem", { name: sentence })).not.toContainText("Unread");
  await expectAccessible(page);
});
