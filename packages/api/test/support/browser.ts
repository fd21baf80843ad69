/**
 * A tiny browser for API tests: a cookie jar (name, value, path; Max-Age=0 deletes) and redirect
 * following, so sign-in runs the real path API → GitHub emulator → callback over HTTP.
 */
import { parseSetCookie } from "cookie";
import type { TestApi } from "./api";

export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const parsed = parseSetCookie(header);
      if (parsed.maxAge === 0 || parsed.value === "") this.cookies.delete(parsed.name);
      else this.cookies.set(parsed.name, { value: parsed.value ?? "", path: parsed.path ?? "/" });
    }
  }

  header(url: string): string | undefined {
    const path = new URL(url).pathname;
    const pairs = [...this.cookies]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`);
    return pairs.length ? pairs.join("; ") : undefined;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  set(name: string, value: string, path = "/"): void {
    this.cookies.set(name, { value, path });
  }
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
}

/** Follows redirects until one leaves the API and the GitHub emulator (the site), or a non-redirect. */
export async function follow(jar: CookieJar, start: string, api: TestApi, init: RequestInit = {}) {
  const hops: Hop[] = [];
  let url = start;
  for (let i = 0; i < 10; i++) {
    const cookie = jar.header(url);
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    jar.store(response);
    const location = response.headers.get("location");
    hops.push({ url, status: response.status, location });
    const next = location ? new URL(location, url).toString() : undefined;
    if (!next || !(next.startsWith(api.url) || next.startsWith(api.githubUrl))) {
      return { response, hops, finalUrl: next ?? url };
    }
    url = next;
    init = { headers: init.headers }; // a browser keeps its own headers (User-Agent) on every hop, not the method or body
  }
  throw new Error(`too many redirects: ${hops.map((h) => h.url).join(" → ")}`);
}

/** Signs in as a GitHub emulator account; returns the jar holding the session cookie and the token. */
export async function signIn(api: TestApi, login: string, returnTo = "/labs/exercises/linux-01") {
  const jar = new CookieJar();
  const start = `${api.url}/auth/github?${new URLSearchParams({ returnTo, login })}`;
  const result = await follow(jar, start, api, {
    headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" },
  });
  const token = jar.get("akasha_session");
  if (!token) throw new Error(`sign-in as ${login} set no session cookie: ${JSON.stringify(result.hops)}`);
  return { jar, token, ...result };
}

/** Headers a same-site browser sends with a cookie-authenticated JSON request. */
export const sameSite = (jar: CookieJar, url: string) => ({
  cookie: jar.header(url) ?? "",
  origin: "http://localhost:4321",
  "sec-fetch-site": "same-site",
  "content-type": "application/json",
});
