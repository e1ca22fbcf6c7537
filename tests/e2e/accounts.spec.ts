import { expect, test } from "@playwright/test";
import { ADMIN, expectAccessible, logIn, logOut, uniqueEmail } from "./utils";

test("a visitor signs up, logs out and logs back in", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Create a free account" }).click();
  await expect(page).toHaveTitle(/Sign up/);
  await expectAccessible(page);

  // Bad input first: every field says what is wrong.
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expectAccessible(page);

  const email = uniqueEmail("newbie");
  await page.getByLabel("Name").fill("Nora Newbie");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByLabel("Time zone").selectOption("Pacific/Auckland");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Nora Newbie" })).toBeVisible();
  await expect(page.getByText("Times are shown in Pacific/Auckland.")).toBeVisible();
  await expectAccessible(page);

  await logOut(page);
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match");
  await expectAccessible(page);
  await logIn(page, email, "a-long-password");
});

test("a forgotten password is reset through the mailed link", async ({ page, browser }) => {
  const email = uniqueEmail("forgetful");
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Fred Forgetful");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("first-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await logOut(page);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expectAccessible(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");

  // The admin reads the outbox (no SMTP configured) in another browser.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, ADMIN);
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  await expectAccessible(admin);
  const link = await admin.getByRole("link", { name: /reset-password\?token=/ }).first().getAttribute("href");
  await adminContext.close();
  expect(link).toBeTruthy();

  const url = new URL(link!);
  await page.goto(url.pathname + url.search);
  await expectAccessible(page);
  await page.getByLabel("New password").fill("second-password-2");
  await page.getByRole("button", { name: "Save password and log in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Fred Forgetful" })).toBeVisible();

  // The link works once.
  await logOut(page);
  await page.goto(url.pathname + url.search);
  await page.getByLabel("New password").fill("third-password-3");
  await page.getByRole("button", { name: "Save password and log in" }).click();
  await expect(page.getByRole("alert")).toContainText("expired or was already used");
  await logIn(page, email, "second-password-2");
});
