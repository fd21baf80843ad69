/**
 * /labs/device, where a learner approves a CLI sign-in: the code the CLI got from
 * `POST /auth/device/code` is approved (or denied) in the browser, and the CLI's next poll of
 * `POST /auth/device/token` gets its token (or `access_denied`).
 */
import { api, expect, screenshot, signIn, test, web } from "./support";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** What `infra-learn login` does first. */
async function deviceCode() {
  const response = await fetch(
    api("/auth/device/code"),
    form({ client_id: "infra-learn", device_label: "e2e laptop" }),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    device_code: string;
    user_code: string;
    verification_uri_complete: string;
  };
}

/** What the CLI polls. */
async function poll(deviceCodeValue: string) {
  const response = await fetch(
    api("/auth/device/token"),
    form({
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: deviceCodeValue,
      client_id: "infra-learn",
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

test("signed out, the device page asks to sign in first and comes back with the code", async ({ page }) => {
  await page.goto(web("/labs/device?user_code=BDFG-HJKL"));
  await expect(page.locator("#device-signed-out")).toBeVisible();
  await expect(page.locator("#device-form")).toBeHidden();
  await expect(page.locator("#device-sign-in")).toHaveAttribute(
    "href",
    `/labs/login?returnTo=${encodeURIComponent("/labs/device?user_code=BDFG-HJKL")}`,
  );
});

test("approving the code from the CLI's link signs the CLI in", async ({ page }) => {
  const code = await deviceCode();
  expect(code.verification_uri_complete.startsWith(web("/labs/device"))).toBe(true);
  await signIn(
    page,
    "octocat",
    new URL(code.verification_uri_complete).pathname + new URL(code.verification_uri_complete).search,
  );
  await expect(page.getByLabel("Code from your terminal")).toHaveValue(code.user_code);
  expect((await poll(code.device_code)).body.error).toBe("authorization_pending");
  await screenshot(page, "device");

  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).toHaveText(
    `Approved ${code.user_code}. Go back to your terminal: it is signed in.`,
  );
  await expect(page.locator("#device-form")).toBeHidden();
  await screenshot(page, "device-approved");

  await expect
    .poll(async () => (await poll(code.device_code)).status, { timeout: 15_000, intervals: [5_500] })
    .toBe(200);
});

test("denying a typed code refuses the CLI; wrong and malformed codes are explained", async ({ page }) => {
  const code = await deviceCode();
  await signIn(page, "hubot", "/labs/device");
  const input = page.getByLabel("Code from your terminal");

  let posted = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/auth/device/approve")) posted++;
  });
  await input.fill("AEIO-1234");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).toHaveText(/Enter the 8-letter code/);
  await expect(input).toHaveAttribute("aria-invalid", "true");
  expect(posted).toBe(0);

  await input.fill("zzzz zzzz");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).toHaveText(/That code is not valid, or it has expired/);
  expect(posted).toBe(1);

  await input.fill(code.user_code.toLowerCase().replace("-", " "));
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.locator("#device-result")).toHaveText(
    `Denied ${code.user_code}. That terminal will not be signed in.`,
  );
  expect((await poll(code.device_code)).body.error).toBe("access_denied");
});

test("after five wrong codes the page says to wait, as the API's limit does", async ({ page }) => {
  await signIn(page, "unverified", "/labs/device");
  const input = page.getByLabel("Code from your terminal");
  for (let i = 0; i < 5; i++) {
    await input.fill("ZZZZ-ZZZZ");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.locator("#device-result")).toHaveText(/That code is not valid/);
    await page.locator("#device-result").evaluate((el) => {
      el.textContent = "";
    });
  }
  await input.fill("ZZZZ-ZZZZ");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator("#device-result")).toHaveText(
    "Too many wrong codes. Wait 15 minutes, then try again.",
  );
  await screenshot(page, "device-rate-limited");
});
