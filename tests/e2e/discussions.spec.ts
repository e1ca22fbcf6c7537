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
  // The post's buttons are plain forms the list sends without reloading the page (app/lib/row-forms.ts).
  const endorsed = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith(".data"));
  await page.getByRole("listitem", { name: "Post by Sam Student" }).getByRole("button", { name: "Endorse" }).click();
  expect((await endorsed).ok()).toBe(true);
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

test("graded discussion: the instructor sets points, due and reply-by; students post; the grader sees the posts in context and grades; the student sees the grade", async ({ page }) => {
  const tag = Date.now().toString(36);
  const title = `Graded: lenses ${tag}`;
  const sams = `Sam's take ${tag}: convex lenses converge`;
  const initial = `Sofia's initial post ${tag}: focal length`;
  const reply = `Sofia replies ${tag}: and concave ones diverge`;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  // The instructor creates a graded topic with a due date and a reply-by checkpoint.
  await logIn(page, INSTRUCTOR);
  await page.goto(COURSE);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Prompt or question (Markdown)").fill("How do lenses form images?");
  await page.getByLabel("Graded", { exact: true }).check();
  await page.getByLabel("Points").fill("10");
  const due = page.getByRole("group", { name: "Due" });
  await due.getByLabel("How is this date set?").selectOption("date");
  await due.getByLabel("Date", { exact: true }).fill(day(5));
  await due.getByLabel("Time", { exact: true }).fill("23:59");
  const replyBy = page.getByRole("group", { name: "Reply to classmates by" });
  await replyBy.getByLabel("How is the reply-by date set?").selectOption("date");
  await replyBy.getByLabel("Reply-by date", { exact: true }).fill(day(7));
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create topic" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("region", { name: /Graded discussion · 10 points/ })).toBeVisible();
  await expectAccessible(page);
  const threadUrl = page.url();
  await logOut(page);

  // Sam posts; Sofia sees her dates, posts and replies to Sam.
  await logIn(page, B);
  await page.goto(threadUrl);
  await page.getByLabel("Post", { exact: true }).fill(sams);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(page, sams).first()).toBeVisible();
  await logOut(page);
  await logIn(page, A);
  await page.goto(threadUrl);
  const banner = page.getByRole("region", { name: /Graded discussion · 10 points/ });
  await expect(banner).toContainText("Reply to a classmate by");
  await expect(banner).toContainText("Open");
  await expectAccessible(page);
  await page.getByLabel("Post", { exact: true }).fill(initial);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(page, initial).first()).toBeVisible();
  await expect(banner).toContainText("Submitted");
  await page.getByRole("listitem", { name: "Post by Sam Student" }).getByRole("button", { name: "Reply" }).click();
  await page.getByLabel("Reply to Sam Student").fill(reply);
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(post(page, reply).first()).toBeVisible();
  await logOut(page);

  // The instructor grades from the queue with the posts in context.
  await logIn(page, INSTRUCTOR);
  await page.goto(threadUrl);
  await page.getByRole("link", { name: "Grading queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Grading: ${title}` })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Sofia Student" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sofia Student" })).toBeVisible();
  const posts = page.getByRole("list", { name: "The student's posts" });
  await expect(posts.getByRole("listitem")).toHaveCount(2);
  await expect(posts.getByRole("listitem").nth(1)).toContainText(`In reply to Sam Student`);
  await expect(posts.getByRole("listitem").nth(1)).toContainText(sams);
  await expect(posts.getByRole("listitem").nth(1)).toContainText(reply);
  const checkpoints = page.getByRole("list", { name: "Checkpoints" });
  await expect(checkpoints).toContainText(/Initial post: .+ — on time/);
  await expect(checkpoints).toContainText(/First reply to a classmate: .+ — before reply-by/);
  await expectAccessible(page);
  await page.getByLabel("Score (out of 10)").fill("9");
  await page.getByLabel("Feedback").fill(`Clear and kind replies ${tag}.`);
  await page.getByRole("button", { name: "Save grade" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Grade saved" })).toContainText("The student can see it");
  await logOut(page);

  // Sofia sees her grade and feedback on the thread.
  await logIn(page, A);
  await page.goto(threadUrl);
  await expect(banner).toContainText("Your grade: 9 / 10");
  await expect(banner).toContainText(`Clear and kind replies ${tag}.`);
  await expectAccessible(page);
});
