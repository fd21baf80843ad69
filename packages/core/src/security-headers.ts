/**
 * The labs site's security headers, in one place: CloudFront sends them in front of the static
 * site (`infra/web.ts`), and Astro's dev and preview servers send the same set locally
 * (`apps/web/astro.config.mjs`), so the CSP the tests run under is the one production serves.
 *
 * The site ships only same-origin scripts and stylesheets (no inline ones: see the Astro config),
 * talks to the API with `fetch`, and shows GitHub avatars.
 */

/** Where learners' avatars come from (GitHub's `avatar_url`). */
export const avatarOrigin = "https://avatars.githubusercontent.com";

export interface SecurityHeaderOptions {
  /** The API's origin or base URL: the one place besides the site that pages may `fetch`. */
  apiUrl: string;
  /**
   * Astro's dev server: Vite injects component styles as inline `<style>` and keeps a WebSocket
   * open for hot reload, so dev relaxes exactly those two directives. Default false.
   */
  dev?: boolean;
}

export function contentSecurityPolicy({ apiUrl, dev = false }: SecurityHeaderOptions): string {
  const api = new URL(apiUrl).origin;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "img-src": ["'self'", "data:", avatarOrigin],
    "font-src": ["'self'"],
    "connect-src": dev ? ["'self'", api, "ws:", "wss:"] : ["'self'", api],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  if (api.startsWith("https://")) directives["upgrade-insecure-requests"] = [];
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** Header name → value, as both CloudFront and Astro's `server.headers` take them. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
