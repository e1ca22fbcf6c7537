import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn, logOut } from "./utils";

async function createAssignment(page: Page, slug: string, title: string, points: number) {
  await page.goto(`/courses/${slug}/assignments`);
  await page.getByRole("link", { name: "New assignment" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Points").fill(String(points));
  await page.getByLabel("Published").check();
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

async function enterScore(page: Page, student: string, assignment: string, score: string) {
  await page.getByRole("link", { name: new RegExp(`^${student}, ${assignment}: .*Edit$`) }).click();
  const input = page.getByLabel(new RegExp(`^Score for ${student} on ${assignment} `));
  await input.fill(score);
  await input.press("Enter");
  await expect(page.getByRole("link", { name: new RegExp(`^${student}, ${assignment}: ${score}/`) })).toBeVisible();
}

test("gradebook: inline scores, categories and a CSV import give the hand-computed totals, which the student sees too", async ({ page }) => {
  const slug = `gradebook-${Date.now().toString(36)}`;
  await logIn(page, INSTRUCTOR);
  await page.goto("/courses/new");
  await page.getByLabel("Title").fill("Gradebook Basics");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Visibility").selectOption("PUBLISHED");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.getByRole("navigation", { name: "Course" })).toBeVisible();

  await page.goto(`/courses/${slug}/people`);
  await page.getByLabel("Email").fill("student1@demo.coursework.local");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Person added." })).toBeVisible();

  await createAssignment(page, slug, "Essay", 10);
  await createAssignment(page, slug, "Project", 20);
  await createAssignment(page, slug, "Final", 10);

  await page.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Gradebook" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Gradebook (1 student)" })).toBeVisible();
  await expectAccessible(page);
  await enterScore(page, "Sofia Student", "Essay", "8");
  await enterScore(page, "Sofia Student", "Project", "15");

  // By hand: current = (8 + 15) / (10 + 20) = 23/30 = 76.67 %; projected = 23 / (10 + 20 + 10) = 57.5 %.
  const row = page.getByRole("row", { name: /Sofia Student/ });
  await expect(row.getByRole("cell").nth(0)).toHaveText("76.67%");
  await expect(row.getByRole("cell").nth(1)).toHaveText("57.5%");
  await expectAccessible(page);

  // Weighted categories: Written 40 % (Essay), Projects 60 % (Project, Final).
  await page.getByRole("link", { name: "Categories and weights" }).click();
  await page.getByLabel("Name of new category 1").fill("Written");
  await page.getByLabel("Weight of new category 1 in percent").fill("40");
  await page.getByLabel("Name of new category 2").fill("Projects");
  await page.getByLabel("Weight of new category 2 in percent").fill("50");
  await page.getByRole("button", { name: "Save categories" }).click();
  await expect(page.getByRole("alert")).toContainText("The category weights add up to 90 %");
  await page.getByLabel("Weight of new category 2 in percent").fill("60");
  await page.getByRole("button", { name: "Save categories" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Categories saved." })).toBeVisible();
  await page.getByLabel("Essay (10 pts)").selectOption({ label: "Written" });
  await page.getByLabel("Project (20 pts)").selectOption({ label: "Projects" });
  await page.getByLabel("Final (10 pts)").selectOption({ label: "Projects" });
  await page.getByRole("button", { name: "Save categories" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Categories saved." })).toBeVisible();
  await expectAccessible(page);

  // Import Final = 10 for Sofia; an unknown student is rejected in the preview.
  await page.goto(`/courses/${slug}/gradebook/import`);
  await page.getByLabel("Scores (CSV)").fill("email,Final\nstudent1@demo.coursework.local,10\nnobody@example.org,5\n");
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("table", { name: "Changes" }).getByRole("row", { name: /Sofia Student/ })).toContainText("—changes to 10");
  await expect(page.getByRole("table", { name: /Rejected/ })).toContainText("Unknown student");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Apply 1 change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 score saved." })).toBeVisible();

  // By hand: Written 8/10 = 80 %, Projects (15 + 10)/(20 + 10) = 83.33 % → 0.4×80 + 0.6×83.33 = 82 (nothing ungraded).
  await page.goto(`/courses/${slug}/gradebook`);
  await expect(row.getByRole("cell").nth(0)).toHaveText("82%");
  await expect(row.getByRole("cell").nth(1)).toHaveText("82%");
  await logOut(page);

  await logIn(page, "student1@demo.coursework.local");
  await page.goto(`/courses/${slug}`);
  await page.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Grades" }).click();
  await expect(page.getByRole("region", { name: "Current grade" })).toContainText("82%");
  await expect(page.getByRole("region", { name: "Projected final grade" })).toContainText("82%");
  await expect(page.getByRole("row", { name: /Final/ })).toContainText("10/10");
  await expectAccessible(page);
  // The gradebook itself is not for students.
  const response = await page.goto(`/courses/${slug}/gradebook`);
  expect(response?.status()).toBe(403);
});
