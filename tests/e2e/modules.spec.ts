import { expect, test } from "@playwright/test";
import { resolve } from "node:path";
import { expectAccessible, INSTRUCTOR, logIn, logOut, uniqueEmail } from "./utils";

/** A 2×2 PNG: small, but a real image the browser decodes. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAwPAfhP7//w8AH+4F+3uLQwgAAAAASUVORK5CYII=", "base64");
const ALT = "A ray of light bending through a lens";

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
  // The move buttons are plain forms the page sends without reloading (app/lib/row-forms.ts).
  const moved = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith(".data"));
  await page.getByRole("button", { name: "Move Watch this down" }).click();
  expect((await moved).ok()).toBe(true);
  await expect(page.getByRole("list", { name: "Items in Week 1" }).getByRole("link").first()).toHaveText("Read me first");
  await expectAccessible(page);
  // Reloaded, a module with items keeps its "new item" form behind a disclosure button.
  await page.reload();
  const newItem = page.getByRole("button", { name: "New item in Week 1" });
  await expect(newItem).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("New item title (Week 1)")).toHaveCount(0);
  await newItem.click();
  await expect(page.getByLabel("New item title (Week 1)")).toBeVisible();

  // The lesson text.
  await page.getByRole("link", { name: "Edit Read me first" }).click();
  await page.getByLabel("Lesson text").fill("## Start here\n\nThis lesson has **bold** advice.");
  // An image at the cursor (the end of the text): alt text is asked for first; a type outside the list gets the server's 415 message.
  await page.getByLabel("Image or file").setInputFiles({ name: "ray.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload and insert" }).click();
  await expect(page.getByRole("alert")).toHaveText("Describe the image for people who cannot see it.");
  await expect(page.getByLabel(/Image description/)).toBeFocused();
  await page.getByLabel(/Image description/).fill(ALT);
  await page.getByRole("button", { name: "Upload and insert" }).click();
  await expect(page.getByText("Image inserted into the lesson text. Save the item to keep it.")).toBeVisible();
  await expect(page.getByLabel("Lesson text")).toHaveValue(new RegExp(`advice\\.\\n\\n!\\[${ALT}\\]\\(/files/\\w+\\)\\n$`));
  await page.getByLabel("Image or file").setInputFiles({ name: "diagram.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
  await page.getByRole("button", { name: "Upload and insert" }).click();
  await expect(page.getByRole("alert")).toContainText('"diagram.svg" is a image/svg+xml file; a lesson image or attachment must be one of: png, jpeg');
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
  // The learner's home is for studying: the summary and teaching team are on the About tab.
  await expect(page.getByRole("heading", { name: "Teaching team" })).toHaveCount(0);
  // The tabs are plain links navigated on the client: the window stays the same, the current tab follows.
  const tabs = page.getByRole("navigation", { name: "Course" });
  await expect(tabs.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
  await page.evaluate(() => Object.assign(window, { tabWindow: true }));
  await tabs.getByRole("link", { name: "About" }).click();
  await expect(page.getByRole("heading", { name: "About this course", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Teaching team" })).toContainText("(Instructor)");
  await expect(tabs.getByRole("link", { name: "About" })).toHaveAttribute("aria-current", "page");
  await expect(tabs.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => "tabWindow" in window)).toBe(true);
  await expectAccessible(page);
  await tabs.getByRole("link", { name: "Home" }).click();

  await page.getByRole("link", { name: "Continue: Read me first" }).click();
  await expect(page.getByText("This lesson has bold advice.")).toBeVisible();
  // The uploaded image, with its alt text, loads for the student.
  const image = page.getByRole("img", { name: ALT });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(2);
  // ...from the server, not the browser cache the instructor's visit filled.
  const src = await image.getAttribute("src");
  expect(src).toMatch(/^\/files\/\w+$/);
  const served = await page.request.get(src!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/png");
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
  // An item link of the module list opens its lesson on the client, like a <Link>: the window stays the same.
  await page.evaluate(() => Object.assign(window, { sameWindow: true }));
  await page.getByRole("region", { name: "Week 1" }).getByRole("link", { name: "Read me first" }).click();
  await expect(page.getByText("This lesson has bold advice.")).toBeVisible();
  expect(await page.evaluate(() => "sameWindow" in window)).toBe(true);
  await logOut(page);

  // The class funnel counts every student of the course.
  await logIn(page, INSTRUCTOR);
  await page.goto(`/courses/${slug}/progress`);
  await expect(page.getByRole("img", { name: "Students who completed each module, out of 1 student: Week 1 1, Week 2 1" })).toBeVisible();
  await expectAccessible(page);
});
