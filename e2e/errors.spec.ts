/** Never a blank screen: an unreachable API, an ended session and a missing exercise each get a clear page. */
import { api, expect, screenshot, test, web } from "./support";

test("with the API unreachable, pages say so and the static content still works", async ({ page }) => {
  await page.route(`${api()}/**`, (route) => route.abort("connectionrefused"));
  await page.goto(web("/labs/dashboard"));
  await expect(page.getByRole("alert")).toContainText("The labs API can't be reached right now");
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
  await expect(page.locator("#dashboard-loading")).toHaveText("Your progress could not be loaded.");
  await screenshot(page, "api-unreachable");

  await page.goto(web("/labs/exercises/linux-01"));
  await expect(page.getByRole("alert")).toContainText("can't be reached");
  await expect(page.getByRole("heading", { level: 1, name: "Files and directories" })).toBeVisible();
  await expect(page.locator("#verify-command")).toHaveText("infra-learn verify linux-01");
});

test("a session that ended while away is explained, with a way to sign in again", async ({
  page,
  context,
}) => {
  // This browser was signed in (the site remembers that) but its cookie no longer names a live session.
  await context.addCookies([{ name: "akasha_session", value: "ended.session.token", url: api() }]);
  await page.goto(web("/labs"));
  await page.evaluate(() => localStorage.setItem("akasha:signed-in", "octocat"));
  await page.goto(web("/labs/settings"));
  await expect(page.getByRole("alert")).toContainText("Your session has ended");
  await page.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(web(`/labs/login?returnTo=${encodeURIComponent("/labs/settings")}`));
});

test("an exercise that does not exist gets a 404 page naming it", async ({ page }) => {
  const response = await page.goto(web("/labs/exercises/linux-99"));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No such exercise");
  await expect(page.locator("#not-found-detail")).toContainText("“linux-99”");
  await expect(page.getByRole("link", { name: "Browse the labs" })).toBeVisible();
  await screenshot(page, "not-found");
});
