import { expect, test, type Page } from "@playwright/test";
import { ADMIN, expectAccessible, INSTRUCTOR, logIn, logOut } from "./utils";

const COURSE = "/courses/async-learning-101/discussions";
const A = "student1@demo.coursework.local"; // Sofia Student
const B = "student2@demo.coursework.local"; // Sam Student

const post = (page: Page, text: string) => page.getByRole("listitem").filter({ hasText: text });

test("post-first Q&A: B can't see A's post before posting, staff endorse, the asker accepts, unread markers and an immediate digest", async ({ page }) => {
  const tag = Date.now().toString(36);
  const title = `Why is the sky blue? ${tag}`;
  const attempt = `Sofia's attempt ${tag}: scattering`;
  const answer = `Sam's answer ${tag}: Rayleigh scattering`;

  // A asks, wants mail right away, and posts a first attempt.
  await logIn(page, A);
  await page.goto(COURSE);
  await expectAccessible(page);
  await page.getByLabel("Send me new posts in threads I follow").selectOption("IMMEDIATE");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText("Email settings saved.")).toBeVisible();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Type").selectOption("QA");
  await page.getByLabel("Prompt or question (Markdown)").fill("Asking for a *friend*.");
  await page.getByRole("button", { name: "Create topic" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByLabel("Answer", { exact: true }).fill(attempt);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Preview", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(page, attempt).first()).toBeVisible();
  await expectAccessible(page);
  const threadUrl = page.url();
  await logOut(page);

  // The instructor makes it post-first.
  await logIn(page, INSTRUCTOR);
  await page.goto(threadUrl);
  await page.getByText("Discussion settings").click();
  await page.getByLabel("Students post before seeing replies").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  // B sees the question but not A's post until B posts.
  await logIn(page, B);
  await page.goto(threadUrl);
  await expect(page.getByText("Post your answer first")).toBeVisible();
  await expect(page.getByText(attempt)).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel("Answer", { exact: true }).fill(answer);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(page, answer).first()).toBeVisible();
  const sofias = page.getByRole("listitem", { name: "Post by Sofia Student" });
  await expect(sofias).toContainText(attempt);
  await expect(sofias).toContainText("New");
  await logOut(page);

  // The instructor endorses B's answer.
  await logIn(page, INSTRUCTOR);
  await page.goto(threadUrl);
  await page.getByRole("listitem", { name: "Post by Sam Student" }).getByRole("button", { name: "Endorse" }).click();
  await expect(page.getByRole("listitem", { name: "Post by Sam Student" })).toContainText("Endorsed by staff");
  await page.goto(`${COURSE}/reports`);
  await expect(page.getByRole("heading", { level: 1, name: "Reported posts" })).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  // A sees B's answer as new and accepts it.
  await logIn(page, A);
  await page.goto(COURSE);
  await expect(page.getByRole("listitem").filter({ hasText: title })).toContainText("1 new");
  await page.getByRole("link", { name: title }).click();
  const sams = page.getByRole("listitem", { name: "Post by Sam Student" });
  await expect(sams).toContainText("New");
  await expect(sams).toContainText("Endorsed by staff");
  await sams.getByRole("button", { name: "Accept answer" }).click();
  await expect(page.getByRole("listitem", { name: "Post by Sam Student" })).toContainText("Accepted answer");
  await expectAccessible(page);
  await logOut(page);

  // The worker mails A's immediate digest within seconds.
  await logIn(page, ADMIN);
  await expect
    .poll(
      async () => {
        await page.goto(`/admin/outbox?to=${encodeURIComponent(A)}`);
        return page.getByRole("listitem").filter({ hasText: answer }).count();
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toBe(1);
  await expect(page.getByRole("listitem").filter({ hasText: answer })).toContainText("Sam Student:");
  await expectAccessible(page);
});
