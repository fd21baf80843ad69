/**
 * Every page, signed out and signed in: no serious accessibility violations (axe), usable at
 * 375 px, keyboard-reachable with visible focus; the copy button; the production security headers
 * and a CSP that really blocks inline script.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, test as baseTest, type Page } from "@playwright/test";
import { api, expect, screenshot, signIn, test, web } from "./support";

const pages = [
  { name: "labs", path: "/labs" },
  { name: "module", path: "/labs/modules/linux" },
  { name: "exercise", path: "/labs/exercises/linux-02" },
  { name: "exercise-long-checks", path: "/labs/exercises/ctr-02" },
  { name: "login", path: "/labs/login" },
  { name: "dashboard", path: "/labs/dashboard" },
  { name: "settings", path: "/labs/settings" },
  { name: "device", path: "/labs/device" },
  { name: "setup", path: "/labs/setup" },
  { name: "not-found", path: "/labs/exercises/no-such-exercise" },
];

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function checkPage(page: Page, name: string, path: string, state: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(web(path));
  await page.waitForLoadState("networkidle");
  expect(await seriousViolations(page), `${state} ${path}`).toEqual([]);
  await screenshot(page, `${state}-${name}`);

  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${state} ${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await screenshot(page, `${state}-${name}-375px`);
}

test("every page passes axe and fits 375 px, signed out", async ({ page }) => {
  for (const { name, path } of pages) await checkPage(page, name, path, "signed-out");
});

test("every page passes axe and fits 375 px, signed in", async ({ page }) => {
  await signIn(page, "hubot");
  for (const { name, path } of pages) await checkPage(page, name, path, "signed-in");
});

test("the keyboard reaches everything: skip link first, visible focus, the copy button copies", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: web() });
  await page.goto(web("/labs/exercises/linux-01"));
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  const copy = page.getByRole("button", { name: "Copy command" });
  for (let i = 0; i < 40 && !(await copy.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(copy).toBeFocused();
  const outline = await copy.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-copy-status]")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("infra-learn verify linux-01");
});

test("pages carry the production security headers, with the API in connect-src", async ({ page }) => {
  const response = await page.goto(web("/labs/exercises/linux-01"));
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain(`connect-src 'self' ${new URL(api()).origin}`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

baseTest("the CSP blocks an injected inline script", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  await page.goto(web("/labs"));
  const ran = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  baseExpect(ran).toBe(false);
  await baseExpect.poll(() => violations.length).toBeGreaterThan(0);
});
