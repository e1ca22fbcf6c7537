import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn, logOut } from "./utils";

const dayKey = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test("relative deadline with a learner override: each student sees their own dates, a late submission shows the penalty", async ({ page }) => {
  const title = `Reflection ${Date.now().toString(36)}`;
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/async-learning-101/assignments");
  await expectAccessible(page);
  await page.getByRole("link", { name: "New assignment" }).click();
  await expectAccessible(page);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Points").fill("10");
  const due = page.getByRole("group", { name: "Due" });
  await due.getByLabel("How is this date set?").selectOption("relative");
  await due.getByLabel("Days after start").fill("7");
  await due.getByLabel("Time", { exact: true }).fill("23:59");
  await due.getByLabel("Time zone").selectOption("LEARNER");
  const close = page.getByRole("group", { name: /Closes/ });
  await close.getByLabel("How is this date set?").selectOption("relative");
  await close.getByLabel("Days after start").fill("14");
  await page.getByLabel("Late policy").selectOption("PERCENT");
  await page.getByLabel("Percent of points deducted").fill("10");
  await page.getByLabel("Published").check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Due 7 days after each learner starts, 23:59 in each learner's own time zone", { exact: false })).toBeVisible();
  await expectAccessible(page);

  // A learner override: Sam's due date was yesterday (so Sam is late).
  await page.getByRole("link", { name: "Dates and overrides" }).click();
  await page.getByLabel("For").selectOption({ label: "Sam Student" });
  const overrideDue = page.getByRole("group", { name: "Due" });
  await overrideDue.getByLabel("How is this date set?").selectOption("date");
  await overrideDue.getByLabel("Date", { exact: true }).fill(dayKey(-1));
  await overrideDue.getByLabel("Time", { exact: true }).fill("00:00");
  await page.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByText(/^Due \w{3} \d+ \w{3} \d{4}, 00:00 course time \(Europe\/Berlin\)$/)).toBeVisible();
  const samRow = page.getByRole("row", { name: /Sam Student/ });
  await expect(samRow).toContainText("Late");
  await expect(page.getByRole("row", { name: /Sofia Student/ })).toContainText("23:59 GMT+11");
  await expectAccessible(page);
  await logOut(page);

  // Sofia (Sydney) sees her own relative date at 23:59 her time.
  await logIn(page, "student1@demo.coursework.local");
  await page.goto("/courses/async-learning-101/assignments");
  await page.getByRole("link", { name: title }).click();
  const sofiaDates = page.getByRole("region", { name: "Your dates" });
  await expect(sofiaDates.getByRole("definition").nth(1)).toContainText("23:59 GMT+11");
  await expectAccessible(page);

  // What's due lists it in her zone, two weeks ahead by default; a wider window can be chosen.
  await page.getByRole("link", { name: "What's due" }).first().click();
  await expect(page.getByRole("heading", { name: "What's due" })).toBeVisible();
  const windows = page.getByRole("navigation", { name: "How far ahead" });
  await expect(windows.getByRole("link", { name: "Next 2 weeks" })).toHaveAttribute("aria-current", "page");
  const entry = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
  await expect(entry).toContainText("23:59 GMT+11");
  await expect(page.getByRole("status").filter({ hasText: /Showing \d+ of \d+ deadline/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/whats-due.png", fullPage: true });
  await windows.getByRole("link", { name: "Next 60 days" }).click();
  await expect(windows.getByRole("link", { name: "Next 60 days" })).toHaveAttribute("aria-current", "page");
  await expect(entry).toBeVisible();
  await logOut(page);

  // Sam (Los Angeles) is late: the cost is shown before submitting, and charged after.
  await logIn(page, "student2@demo.coursework.local");
  await page.goto("/courses/async-learning-101/assignments");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("alert")).toContainText(/Submitting now costs \d+ %/);
  const samDates = page.getByRole("region", { name: "Your dates" });
  await expect(samDates.getByRole("definition").nth(1)).toContainText(/GMT-8|PST/);
  await expectAccessible(page);
  await page.getByLabel("Your answer").fill("What I learned this week.");
  await page.getByRole("button", { name: "Submit late" }).click();
  await expect(page.getByRole("status").filter({ hasText: "submitted late" })).toContainText(/Attempt 1 submitted late: \d+ % deducted/);
  await expect(page.getByRole("region", { name: "Your submissions" })).toContainText("What I learned this week.");
  await expectAccessible(page);
});
