import { defineConfig } from "astro/config";

// Static output: pages are HTML at build time; personal parts fetch from the API in the browser.
export default defineConfig({
  output: "static",
  server: { port: 4321 },
  devToolbar: { enabled: false },
  telemetry: false,
});
