/**
 * What the e2e stories share: where the stack is (set by global-setup.ts), a `page` that fails the
 * test on any CSP violation or uncaught error, sign-in through the GitHub emulator's account
 * picker, and the CLI's side of the API (a verification posted with the session token as Bearer).
 */
import { randomUUID } from "node:crypto";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";

export const web = (path = "") => `${process.env.E2E_WEB_URL ?? ""}${path}`;
export const api = (path = "") => `${process.env.E2E_API_URL ?? ""}${path}`;

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    await use(page);
    expect(problems, "CSP violations or uncaught errors in the page").toEqual([]);
  },
});
export { expect };

/** Signs in from /labs/login as a GitHub emulator demo account; resolves back on `returnTo`. */
export async function signIn(page: Page, login: string, returnTo = "/labs/dashboard") {
  await page.goto(web(`/labs/login?returnTo=${encodeURIComponent(returnTo)}`));
  await page.getByRole("link", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: login, exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(web(returnTo)));
  await expect(page.locator("#account-login")).toHaveText(login);
}

/** The session token the browser holds (an HttpOnly cookie on the API's host). */
export async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(api())).find((c) => c.name === "akasha_session");
  if (!cookie) throw new Error("no session cookie in this browser");
  return cookie.value;
}

/** `POST /exercises/{id}/verify` as `infra-learn verify` does it: Bearer token, fresh Idempotency-Key. */
export async function postVerification(
  token: string,
  exerciseId: string,
  checks: { id: string; passed: boolean; output?: string }[],
  exerciseVersion = 1,
) {
  const response = await fetch(api(`/exercises/${exerciseId}/verify`), {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify({ exerciseVersion, checks, cliVersion: "e2e" }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/e2e/screenshots/${name}.png`, fullPage: true });
