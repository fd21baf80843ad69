import { defineConfig } from "@playwright/test";
import "./scripts/node-guard.mjs";

/**
 * E2E in Debian's Chromium (never `playwright install`) against the whole local stack, started by
 * `e2e/global-setup.ts` on free ports exactly as `pnpm dev` starts it.
 */
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results/e2e",
  workers: 1,
  timeout: 30_000,
  reporter: process.env.CI
    ? [["list"]]
    : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "on",
    trace: "retain-on-failure",
  },
});
