/**
 * The GitHub emulator's other demo accounts (DESIGN.md §7) and a cancelled sign-in: hubot's email
 * comes only from /user/emails, unverified has no verified primary email and signs in without one.
 */
import { expect, screenshot, signIn, test, web } from "./support";

test("hubot signs in with the email GitHub gives only through /user/emails, and sees the seeded progress", async ({
  page,
}) => {
  await signIn(page, "hubot", "/labs/settings");
  await expect(page.locator("#profile-login")).toHaveText("hubot");
  await expect(page.locator("#profile-name")).toHaveText("Hubot");
  await expect(page.locator("#profile-email")).toHaveText("hubot@github.com");

  await page.goto(web("/labs/dashboard"));
  await expect(page.locator("#completed-count")).toHaveText("1");
  await expect(page.locator("[data-activity]")).toHaveCount(2);
  await screenshot(page, "dashboard-hubot");
});

test("unverified signs in without an email, and is told so", async ({ page }) => {
  await signIn(page, "unverified", "/labs/settings");
  await expect(page.locator("#profile-login")).toHaveText("unverified");
  await expect(page.locator("#profile-email")).toContainText("No verified email");
  await expect(page.locator("#profile-email")).not.toContainText("unverified@example.com");
  await screenshot(page, "settings-unverified");

  await page.goto(web("/labs/dashboard"));
  await expect(page.locator("#completed-count")).toHaveText("0");
  await expect(page.locator("#activity-empty")).toBeVisible();
});

test("cancelling on GitHub comes back to the login page with an explanation", async ({ page }) => {
  await page.goto(web("/labs/login?returnTo=/labs/dashboard"));
  await page.getByRole("link", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(web("/labs/login?error=access_denied"));
  await expect(page.locator("#login-error")).toHaveText(/You cancelled the sign-in on GitHub/);
  await expect(page.locator("#sign-in")).toBeVisible();
  await screenshot(page, "login-cancelled");
});

test("signing in from an exercise page comes back to that exercise", async ({ page }) => {
  await page.goto(web("/labs/exercises/linux-03"));
  await page.locator("#sign-in").click();
  await expect(page).toHaveURL(web(`/labs/login?returnTo=${encodeURIComponent("/labs/exercises/linux-03")}`));
  await screenshot(page, "login");
  await page.getByRole("link", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: "octocat", exact: true }).click();
  await expect(page).toHaveURL(web("/labs/exercises/linux-03"));
  await expect(page.locator("#account-login")).toHaveText("octocat");
  await expect(page.locator("#exercise-status")).toContainText("Not attempted yet");

  await page.goto(web("/labs/login"));
  await expect(page.locator("#login-signed-in")).toContainText("You are signed in as octocat");
});

test("a replayed GitHub callback lands on the login page with the reason, not an API error", async ({
  page,
}) => {
  let callback = "";
  page.on("request", (r) => {
    if (r.url().includes("/auth/github/callback")) callback = r.url();
  });
  await signIn(page, "octocat");
  expect(callback).not.toBe("");

  await page.goto(callback);
  await expect(page).toHaveURL(web("/labs/login?error=invalid_state"));
  await expect(page.locator("#login-error")).toContainText("expired or was already used");
  await screenshot(page, "login-replayed-callback");
});
