/**
 * /labs/device, where a learner approves a CLI sign-in code. The API side of the device grant is
 * its own issue: until it is in, approving says the server does not offer device sign-in yet.
 */
import { expect, screenshot, signIn, test, web } from "./support";

test("signed out, the device page asks to sign in first and comes back with the code", async ({ page }) => {
  await page.goto(web("/labs/device?user_code=BDFG-HJKL"));
  await expect(page.locator("#device-signed-out")).toBeVisible();
  await expect(page.locator("#device-form")).toBeHidden();
  await expect(page.locator("#device-sign-in")).toHaveAttribute(
    "href",
    `/labs/login?returnTo=${encodeURIComponent("/labs/device?user_code=BDFG-HJKL")}`,
  );
});

test("signed in, a code from the link is normalised, a malformed one is refused before any request", async ({
  page,
}) => {
  await signIn(page, "octocat", "/labs/device?user_code=bdfg%20hjkl");
  await expect(page.getByLabel("Code from your terminal")).toHaveValue("BDFG-HJKL");
  await screenshot(page, "device");

  let posted = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/auth/device/approve")) posted++;
  });
  await page.getByLabel("Code from your terminal").fill("AEIO-1234");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).toHaveText(/Enter the 8-letter code/);
  await expect(page.getByLabel("Code from your terminal")).toHaveAttribute("aria-invalid", "true");
  expect(posted).toBe(0);

  await page.getByLabel("Code from your terminal").fill("bdfghjkl");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).not.toBeEmpty();
  expect(posted).toBe(1);
  await expect(page.getByLabel("Code from your terminal")).toHaveValue("BDFG-HJKL");
});
