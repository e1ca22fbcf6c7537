import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn } from "./utils";

test("a course of 21 modules: the editor shows 20 a page, a new module opens the last page, moving crosses pages", async ({ page }) => {
  test.setTimeout(90_000);
  const slug = `pages-${Date.now().toString(36)}`;
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/new");
  await page.getByLabel("Title").fill("Twenty-one Units");
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}$`));
  await page.goto(`/courses/${slug}/modules`);

  for (let i = 1; i <= 21; i++) {
    await page.getByLabel("Module title").fill(`Unit ${i}`);
    await page.getByRole("button", { name: "Add module" }).click();
    // Each new module is shown where it went: the last page.
    await expect(page.getByRole("heading", { level: 2, name: `Unit ${i}`, exact: true })).toBeVisible();
  }
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}/modules\\?modules=2#m-`));
  const pager = page.getByRole("navigation", { name: "Module pages", exact: true });
  await expect(pager).toContainText("Modules 21–21 of 21");
  // The same pager after the list, as its own landmark.
  await expect(page.getByRole("navigation", { name: "Module pages, end of list" })).toContainText("Modules 21–21 of 21");
  await expect(page.getByRole("heading", { level: 2, name: "Unit 1", exact: true })).toHaveCount(0);
  // The course's last module cannot move down.
  await expect(page.getByRole("button", { name: "Move Unit 21 down" })).toBeDisabled();
  await expectAccessible(page);

  // Moving across the page boundary follows the module to its new page.
  await page.getByRole("button", { name: "Move Unit 21 up" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}/modules\\?modules=1#m-`));
  await expect(pager).toContainText("Modules 1–20 of 21");
  await expect(page.getByRole("heading", { level: 2, name: "Unit 21", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Unit 20", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Move Unit 1 up" })).toBeDisabled();

  // A move within the page posts without reloading and shows the same page again.
  await page.getByRole("button", { name: "Move Unit 2 up" }).click();
  await expect(page).toHaveURL(/[?&]modules=1&intent=move-module/);
  await expect(page.getByRole("list", { name: "Modules in course order" }).getByRole("heading", { level: 2 }).first()).toHaveAccessibleName("Unit 2");

  await pager.getByRole("link", { name: "Later modules →" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}/modules\\?modules=2$`));
  await expect(pager).toContainText("Modules 21–21 of 21");
  await expect(page.getByRole("heading", { level: 2, name: "Unit 20", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Move Unit 20 down" })).toBeDisabled();
  await expectAccessible(page);
});
