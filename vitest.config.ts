import { defineConfig } from "vitest/config";
import "./scripts/node-guard.mjs";

export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "infra/**/*.test.ts",
      "apps/web/test/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    globalSetup: ["packages/local/test/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
