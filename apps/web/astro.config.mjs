import { securityHeaders } from "@akasha/core/security-headers";
import { defineConfig } from "astro/config";

const apiUrl = process.env.PUBLIC_LABS_API_URL ?? "http://localhost:3000";

/**
 * The production security headers on Astro's own servers: `astro preview` sends exactly what
 * CloudFront sends (infra/web.ts); `astro dev` relaxes only what Vite's hot reload needs.
 * @returns {import("astro").AstroIntegration}
 */
const securityHeadersIntegration = () => ({
  name: "akasha-security-headers",
  hooks: {
    "astro:config:setup": ({ command, updateConfig }) => {
      updateConfig({ server: { headers: securityHeaders({ apiUrl, dev: command === "dev" }) } });
    },
  },
});

// Static output: pages are HTML from the catalog at build time; personal parts fetch from the API
// in the browser. No inline scripts or styles, so the CSP needs no 'unsafe-inline'.
export default defineConfig({
  output: "static",
  server: { port: 4321 },
  devToolbar: { enabled: false },
  telemetry: false,
  integrations: [securityHeadersIntegration()],
  build: { inlineStylesheets: "never", format: "directory" },
  vite: { build: { assetsInlineLimit: 0 } },
});
