/**
 * The labs site. Astro builds it with `output: "static"` and it has no server functions, so S3
 * behind CloudFront with no Lambda is all it needs: a StaticSite, not `sst.aws.Astro`, which would
 * add a server function the site never calls. CloudFront sends the site's security headers
 * (packages/core/src/security-headers.ts, the set Astro's own servers send locally) on every response.
 */

import { securityHeaders } from "../packages/core/src/security-headers";
import { api } from "./api";
import { apiDomain, frontendUrl } from "./stage";

/** The API's public base URL: its custom domain on the shared stages, else the API Gateway URL. */
const apiUrl = apiDomain ? `https://${apiDomain}` : api.url;

/**
 * The site gets a custom domain exactly where the API does (the shared stages), so the two share a
 * registrable domain (DESIGN §4); dev and personal stages are served on the CloudFront URL.
 */
const domain = apiDomain ? new URL(frontendUrl).hostname : undefined;

/** CloudFront Function code (cloudfront-js-2.0, `event` in scope) that sets `headers` on the response. */
const setResponseHeaders = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(
      ([name, value]) =>
        // CloudFront Functions index response headers by their lower-case name.
        `event.response.headers[${JSON.stringify(name.toLowerCase())}] = { value: ${JSON.stringify(value)} };`,
    )
    .join("\n");

export const web = new sst.aws.StaticSite("Web", {
  path: "apps/web",
  build: { command: "pnpm run build", output: "dist" },
  environment: { PUBLIC_LABS_API_URL: apiUrl },
  domain,
  dev: { command: "pnpm run dev", url: "http://localhost:4321" },
  errorPage: "404.html",
  edge: {
    viewerResponse: {
      injection: $util.output(apiUrl).apply((url) => setResponseHeaders(securityHeaders({ apiUrl: url }))),
    },
  },
});
