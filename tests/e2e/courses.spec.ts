import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn, logOut, uniqueEmail } from "./utils";

test("an instructor creates a course and a section, imports a roster; a student enrolls with the code", async ({ page }) => {
  await logIn(page, INSTRUCTOR);
  await expectAccessible(page);
  await page.getByRole("link", { name: "New course" }).click();
  await expectAccessible(page);

  const slug = `stats-${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill("Statistics for Everyone");
  await page.getByLabel("Web address").fill("Not A Slug!");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.getByText("Use lowercase letters, digits and single dashes")).toBeVisible();

  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Summary").fill("Learn **statistics** at your own pace.");
  await page.getByLabel("Course time zone").selectOption("Europe/Berlin");
  await page.getByLabel("Visibility").selectOption("PUBLISHED");
  await page.getByLabel("Students can enroll themselves").check();
  await page.getByLabel("Enrollment code (optional)").fill("SIGMA-42");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}$`));
  await expect(page.getByRole("strong")).toHaveText("statistics");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Sections" }).click();
  await page.getByLabel("Section name").fill("Evening");
  await page.getByRole("button", { name: "Create section" }).click();
  await expect(page.getByLabel("Name of section Evening")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "People" }).click();
  const rosterEmail = uniqueEmail("roster");
  await page
    .getByLabel("Roster CSV")
    .fill(`email,name,role,section\n${rosterEmail},Rita Roster,student,Evening\nnot-an-email,Bad Row,student,\nta-${rosterEmail},Tina TA,ta,Weekend`);
  await page.getByRole("button", { name: "Import roster" }).click();
  const report = page.getByRole("region", { name: "Roster import report" });
  await expect(report).toContainText("2 created");
  await expect(report).toContainText("1 rejected");
  await expect(report.getByRole("row", { name: /not-an-email/ })).toContainText("not a valid email address");
  await expect(page.getByRole("cell", { name: "Rita Roster", exact: true })).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  // A new student finds the course and needs the right code.
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Stella Student");
  await page.getByLabel("Email").fill(uniqueEmail("stella"));
  await page.getByLabel("Password").fill("stella-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Stella Student" })).toBeVisible();
  await page.getByRole("link", { name: "Catalog", exact: true }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Statistics for Everyone" }).first().click();
  await page.getByLabel("Enrollment code").fill("WRONG");
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await expect(page.getByRole("alert")).toContainText("That enrollment code is not right");
  await expectAccessible(page);
  await page.getByLabel("Enrollment code").fill("SIGMA-42");
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await expect(page.getByRole("heading", { name: "You are enrolled" })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("link", { name: "Statistics for Everyone" })).toBeVisible();
  // Students do not get the staff tabs.
  await page.getByRole("link", { name: "Statistics for Everyone" }).click();
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
});
