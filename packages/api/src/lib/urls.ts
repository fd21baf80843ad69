/**
 * Where things are, from the environment infra (or the local stack) sets on every function.
 * GitHub's URLs default to github.com; the local stack points them at its emulator.
 */
import { siteOrigins } from "../routes";

export const urls = {
  frontend: new URL(process.env.FRONTEND_URL ?? "http://localhost:4321").origin,
  api: (process.env.API_URL ?? "http://localhost:3000").replace(/\/$/, ""),
  githubOAuth: (process.env.GITHUB_OAUTH_URL ?? "https://github.com").replace(/\/$/, ""),
  githubApi: (process.env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""),
};

/** Cookies are Secure whenever the API is served over https (every deployed stage). */
export const secureCookies = urls.api.startsWith("https://");

/** Origins allowed to make cookie-authenticated state changes (the site; locally its 127.0.0.1 twin too). */
export const trustedOrigins = new Set(siteOrigins(urls.frontend));
