import { expect, test } from "@playwright/test";
import { resolve } from "node:path";
import { expectAccessible, INSTRUCTOR, logIn, logOut, uniqueEmail } from "./utils";

test("an instructor builds a module with a lesson, a local video and a drip rule; a student completes it and the next module unlocks", async ({ page }) => {
  const slug = `pace-${Date.now().toString(36)}`;
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/new");
  await page.getByLabel("Title").fill("Learning at Your Pace");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Visibility").selectOption("PUBLISHED");
  await page.getByLabel("Students can enroll themselves").check();
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}$`));

  // Two modules; items in the first.
  await page.getByRole("link", { name: "Modules", exact: true }).click();
  await expectAccessible(page);
  for (const title of ["Week 1", "Week 2"]) {
    await page.getByLabel("Module title").fill(title);
    await page.getByRole("button", { name: "Add module" }).click();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
  }
  await page.getByLabel("New item title (Week 1)").fill("Read me first");
  await page.getByRole("button", { name: "Add item" }).first().click();
  await expect(page.getByRole("link", { name: "Read me first", exact: true })).toBeVisible();
  await page.getByLabel("New item title (Week 1)").fill("Watch this");
  await page.getByLabel("Kind").first().selectOption("VIDEO");
  await page.getByRole("button", { name: "Add item" }).first().click();
  await expect(page.getByRole("link", { name: "Watch this", exact: true })).toBeVisible();
  await page.getByLabel("New item title (Week 2)").fill("Week 2 lesson");
  await page.getByRole("button", { name: "Add item" }).nth(1).click();
  await expect(page.getByRole("link", { name: "Week 2 lesson", exact: true })).toBeVisible();

  // Keyboard reorder: move "Watch this" above "Read me first", then back.
  await page.getByRole("button", { name: "Move Watch this up" }).click();
  await expect(page.getByRole("list", { name: "Items in Week 1" }).getByRole("link").first()).toHaveText("Watch this");
  await page.getByRole("button", { name: "Move Watch this down" }).click();
  await expect(page.getByRole("list", { name: "Items in Week 1" }).getByRole("link").first()).toHaveText("Read me first");
  await expectAccessible(page);

  // The lesson text.
  await page.getByRole("link", { name: "Edit Read me first" }).click();
  await page.getByLabel("Lesson text").fill("## Start here\n\nThis lesson has **bold** advice.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByRole("heading", { name: "Start here" })).toBeVisible();

  // The video: stored locally (no Mux credentials), with captions.
  await page.goto(`/courses/${slug}/modules`);
  await page.getByRole("link", { name: "Edit Watch this" }).click();
  await page.getByLabel("Complete when").selectOption("VIEW");
  await page.getByRole("button", { name: "Save item" }).click();
  await page.getByRole("link", { name: "Edit item" }).click();
  await page.getByLabel("Video file").setInputFiles(resolve("prisma/seed-assets/welcome.mp4"));
  await page.getByLabel(/Captions/).setInputFiles(resolve("prisma/seed-assets/welcome.vtt"));
  await page.getByRole("button", { name: /Upload/ }).click();
  await expect(page.getByText("Upload complete. The video is ready to watch.")).toBeVisible();
  await expectAccessible(page);

  // Week 1: drip 0 days after start (released at once); Week 2 requires Week 1.
  await page.goto(`/courses/${slug}/modules`);
  await page.getByRole("link", { name: "Settings for Week 1" }).click();
  await page.getByLabel("Published").check();
  await page.getByLabel("How is this date set?").selectOption("relative");
  await page.getByLabel("Days after start").fill("0");
  await page.getByLabel("Time", { exact: true }).fill("00:00");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save module" }).click();
  await page.getByRole("link", { name: "Settings for Week 2" }).click();
  await page.getByLabel("Published").check();
  await page.getByLabel("Week 1").check();
  await page.getByRole("button", { name: "Save module" }).click();
  await expect(page.getByText("1 prerequisite(s)")).toBeVisible();
  await logOut(page);

  // A student joins and studies.
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Pat Pace");
  await page.getByLabel("Email").fill(uniqueEmail("pat"));
  await page.getByLabel("Password").fill("pat-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Pat Pace" })).toBeVisible();
  await page.goto(`/courses/${slug}`);
  await page.getByRole("button", { name: "Enroll for free" }).click();
  const progress = page.getByRole("region", { name: "Your progress" });
  await expect(progress).toContainText("0 of 3 released items done (0%)");
  const week2 = page.getByRole("region", { name: "Week 2" });
  await expect(week2).toContainText("Complete Week 1 first");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Continue: Read me first" }).click();
  await expect(page.getByText("This lesson has bold advice.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Watch this →" }).click();
  await expect(page.locator("video")).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/courses/${slug}`);
  await expect(progress).toContainText("2 of 3 released items done (66%)");
  await expect(page.getByRole("region", { name: "Week 2" })).not.toContainText("Complete Week 1 first");
  await page.getByRole("link", { name: "Continue: Week 2 lesson" }).click();
  await expect(page.getByRole("heading", { name: "Week 2 lesson" })).toBeVisible();
  await page.goto(`/courses/${slug}`);
  await expect(page.getByRole("region", { name: "Course complete" })).toContainText("3 of 3 released items done (100%)");
  await expectAccessible(page);
});
