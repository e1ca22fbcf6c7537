import { expect, test } from "@playwright/test";
import { expectAccessible, INSTRUCTOR, logIn, logOut, uniqueEmail } from "./utils";

/**
 * Payments through the local fake Stripe that scripts/e2e-server.sh starts: its
 * hosted checkout page, its signed webhooks (held until we ask for them), its refunds.
 */
const STRIPE = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? "12111"}`;
test("a student buys a course through checkout and gains access; the instructor's refund revokes it", async ({ page }) => {
  // The instructor prices a new course and adds a coupon.
  await logIn(page, INSTRUCTOR);
  await page.getByRole("link", { name: "New course" }).click();
  const slug = `paid-${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill("Watercolour Basics");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Visibility").selectOption("PUBLISHED");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${slug}$`));
  await page.getByRole("link", { name: "Pricing" }).click();
  await expectAccessible(page);
  await page.getByLabel("Paid: students buy the course").check();
  await page.getByLabel("Currency").selectOption("eur");
  await page.getByLabel("Price", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Save pricing" }).click();
  await expect(page.getByText("Enter a price above zero.")).toBeVisible();
  await page.getByLabel("Price", { exact: true }).fill("39.00");
  await page.getByRole("button", { name: "Save pricing" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pricing saved." })).toBeVisible();
  await page.getByLabel("Code").fill("welcome10");
  await page.getByLabel("Discount", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Create coupon" }).click();
  await expect(page.getByRole("cell", { name: "WELCOME10", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "€35.10" })).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  // A new student finds it, tries a wrong coupon, then pays through the checkout page.
  const email = uniqueEmail("buyer");
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Bea Buyer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("buyer-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Bea Buyer" })).toBeVisible();
  await page.goto(`/courses/${slug}`);
  await expect(page.getByRole("heading", { name: "Buy this course" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Coupon code (optional)").fill("NOPE");
  await page.getByRole("button", { name: "Buy for €39.00" }).click();
  await expect(page.getByText('The coupon "NOPE" does not apply to this course.')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Coupon code (optional)").fill("welcome10");
  await page.getByRole("button", { name: "Buy for €39.00" }).click();

  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  expect(page.url().startsWith(`${STRIPE}/checkout/`)).toBe(true);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Pay €35.10" }).click();

  // Back from Stripe: processing until the webhook lands, then the course.
  await expect(page).toHaveURL(/\/orders\/[a-z0-9]+$/);
  await expect(page.getByRole("status").filter({ hasText: "Payment processing" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/screenshots/order-processing.png", fullPage: true });
  // Stripe now sends checkout.session.completed (signed); the page notices by itself.
  expect((await (await page.request.post(`${STRIPE}/__fake/deliver`)).json()).delivered).toBeGreaterThan(0);
  await expect(page.getByRole("status").filter({ hasText: "Payment received. You are enrolled." })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("link", { name: "Go to the course" }).click();
  await expect(page.getByRole("heading", { name: "You are enrolled" })).toBeVisible();
  await page.goto("/orders");
  await expect(page.getByRole("row", { name: /Watercolour Basics/ })).toContainText("€35.10");
  await expect(page.getByRole("row", { name: /Watercolour Basics/ })).toContainText("Paid");
  await expectAccessible(page);
  await logOut(page);

  // The instructor refunds from the sales page.
  await logIn(page, INSTRUCTOR);
  await page.goto(`/courses/${slug}/sales`);
  await expect(page.getByRole("row", { name: /Bea Buyer/ })).toContainText("Paid");
  await expect(page.getByRole("img", { name: /Revenue by month/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/screenshots/sales.png", fullPage: true });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Refund Bea Buyer" }).click();
  await expect(page.getByText("Refund sent.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Bea Buyer/ })).toContainText("Refunded");
  await expectAccessible(page);
  // Stripe's own charge.refunded event for that refund arrives too, and changes nothing.
  expect((await (await page.request.post(`${STRIPE}/__fake/deliver`)).json()).delivered).toBe(1);
  await page.reload();
  await expect(page.getByRole("row", { name: /Bea Buyer/ })).toContainText("Refunded");
  await logOut(page);

  // The student has lost access, with a clear message.
  await logIn(page, email, "buyer-password");
  await page.goto(`/courses/${slug}`);
  await expect(page.getByText(/Your access ended because your payment was refunded on .*; your work is kept\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "Assignments" })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto("/orders");
  await expect(page.getByRole("row", { name: /Watercolour Basics/ })).toContainText("Refunded");
});
