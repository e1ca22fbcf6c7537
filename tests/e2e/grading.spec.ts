import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn, logOut } from "./utils";

const dayKey = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test("a late FILE submission shows its penalty; the instructor grades it with a rubric and posts; the student sees grade and feedback", async ({ page }) => {
  const title = `Essay ${Date.now().toString(36)}`;
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/async-learning-101/assignments/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Points").fill("10");
  const due = page.getByRole("group", { name: "Due" });
  await due.getByLabel("How is this date set?").selectOption("date");
  await due.getByLabel("Date", { exact: true }).fill(dayKey(-1));
  await due.getByLabel("Time", { exact: true }).fill("00:00");
  await page.getByLabel("Late policy").selectOption("PERCENT");
  await page.getByLabel("Percent of points deducted").fill("10");
  await page.getByLabel("Text answer").uncheck();
  await page.getByLabel("File upload").check();
  await page.getByLabel("Allowed file types").fill("pdf, txt");
  await page.getByLabel("Students see grades").selectOption("MANUAL");
  await page.getByLabel("Published").check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);

  // A one-criterion rubric.
  await page.getByRole("link", { name: "Rubric" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Rubric for ${title}` })).toBeVisible();
  await page.getByLabel("Rubric title").fill("Essay rubric");
  await page.getByLabel("Criterion 1 title").fill("Thesis");
  await page.getByLabel("Criterion 1 points").fill("10");
  await page.getByLabel("Criterion 1, rating 1").fill("Strong");
  await page.getByLabel("Rating 1 points").fill("8");
  await page.getByLabel("Criterion 1, rating 2").fill("Weak");
  await page.getByLabel("Rating 2 points").fill("3");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save rubric" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rubric saved" })).toBeVisible();
  await expectAccessible(page);
  const assignmentUrl = page.url().replace(/\/rubric$/, "");
  await logOut(page);

  // Sam submits a file late: the cost is shown first and charged after.
  await logIn(page, "student2@demo.coursework.local");
  await page.goto(assignmentUrl);
  await expect(page.getByRole("alert")).toContainText(/Submitting now costs \d+ %/);
  await expectAccessible(page);
  // One attempt, two files, one progress bar.
  await page.getByLabel("Files").setInputFiles([
    { name: "essay.txt", mimeType: "text/plain", buffer: Buffer.from("My essay about asynchronous learning.") },
    { name: "sources.txt", mimeType: "text/plain", buffer: Buffer.from("Moore 1989; Garrison 2000.") },
  ]);
  await expect(page.getByText("Choose up to 10 files.")).toBeVisible();
  await page.getByRole("region", { name: "Submit your work" }).screenshot({ path: "test-results/student-submit-files.png" });
  await page.getByRole("button", { name: "Submit late" }).click();
  await expect(page.getByRole("status").filter({ hasText: "submitted late" })).toContainText(/Attempt 1 submitted late: \d+ % deducted/);
  const mine = page.getByRole("region", { name: "Your submissions" });
  await expect(mine).toContainText("Files (2):");
  await expect(mine.getByRole("link", { name: "essay.txt" })).toBeVisible();
  await expect(mine.getByRole("link", { name: "sources.txt" })).toBeVisible();
  await page.screenshot({ path: "test-results/student-two-files.png", fullPage: true });
  await expect(page.getByRole("region", { name: "Your grade" })).toContainText("Not graded yet");
  await expectAccessible(page);
  await logOut(page);

  // The instructor finds the work on the course's "needs grading" page, grades it from the queue with the rubric and posts.
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/async-learning-101/grading");
  await expect(page.getByRole("heading", { level: 1, name: "Needs grading" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: title })).toContainText("1 to grade");
  await expectAccessible(page);
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Grading: ${title}` })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Status").selectOption("late");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("link", { name: "Sam Student" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sofia Student" })).toHaveCount(0);
  await page.getByRole("link", { name: "Sam Student" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download essay.txt" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download sources.txt" })).toBeVisible();
  await expect(page.getByText(/the late policy deducts|No submission|On time/)).toBeVisible();
  await expectAccessible(page);
  await page.getByText("Strong (8)").click();
  await expect(page.getByLabel("Score (out of 10)")).toHaveValue("8");
  await expect(page.getByText(/Late by \d+ h: the late policy deducts \d+(\.\d+)? point/)).toBeVisible();
  await page.getByLabel("Feedback").fill("Great thesis, a bit late.");
  await page.getByRole("button", { name: "Save grade" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Grade saved" })).toContainText("Students see it once you post grades");
  await expect(page.getByRole("region", { name: "Grade history" })).toContainText("Score — → 8");
  await expectAccessible(page);
  // A feedback file: the marked-up essay, attached to a comment.
  await page.getByLabel("Add a comment").fill("Your essay with my notes in the margin.");
  await page.getByLabel("Attach a file (optional)").setInputFiles({ name: "essay-marked.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 notes") });
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();
  await expect(page.getByRole("link", { name: "essay-marked.pdf" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to the queue" }).click();
  await page.getByRole("button", { name: "Post grades" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Posted" })).toContainText("Posted 1 grade(s)");
  await expectAccessible(page);
  await logOut(page);

  // Sam now sees the grade, the penalty and the feedback.
  await logIn(page, "student2@demo.coursework.local");
  await page.goto(assignmentUrl);
  const grade = page.getByRole("region", { name: "Your grade" });
  await expect(grade).toContainText("Great thesis, a bit late.");
  await expect(grade).toContainText("8 / 10");
  await expect(grade.getByRole("table", { name: "Rubric: Essay rubric" })).toContainText("Strong");
  const feedbackFile = grade.getByRole("link", { name: "essay-marked.pdf" });
  await expect(feedbackFile).toBeVisible();
  const download = await page.request.get((await feedbackFile.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe("%PDF-1.4 notes");
  await page.screenshot({ path: "test-results/student-feedback-file.png", fullPage: true });
  await expectAccessible(page);
});
