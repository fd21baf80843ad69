import { expect, test } from "@playwright/test";

const web = () => process.env.E2E_WEB_URL ?? "";
const api = () => process.env.E2E_API_URL ?? "";

test("the labs page lists the catalog's exercises, fetched from the API in the browser", async ({ page }) => {
  const fromApi = page.waitForResponse((r) => r.url() === `${api()}/exercises` && r.status() === 200);
  await page.goto(`${web()}/labs`);
  await fromApi;

  await expect(page.getByRole("heading", { level: 1, name: "Akasha Labs" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Linux fundamentals" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/\d+ exercises/);
  const items = page.locator("[data-exercise]");
  await expect(items.first()).toBeVisible();
  await expect(page.locator('[data-exercise="linux-01"]')).toContainText("Files and directories");
  await page.screenshot({ path: "test-results/e2e/screenshots/labs.png", fullPage: true });
});

test("the labs page says so when the API cannot be reached", async ({ page }) => {
  await page.route(`${api()}/exercises`, (route) => route.abort("connectionrefused"));
  await page.goto(`${web()}/labs`);
  await expect(page.getByRole("status")).toHaveText(/Could not reach the labs API/);
});
