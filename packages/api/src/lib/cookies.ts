/**
 * Cookies as payload v2 carries them: requests bring `event.cookies` (one `name=value` each),
 * responses set them through the `cookies` array, never a joined Set-Cookie header.
 */
import { parseCookie, stringifySetCookie } from "cookie";

export const cookieNames = { session: "akasha_session", oauth: "akasha_oauth" } as const;

export function readCookie(cookies: string[] | undefined, name: string): string | undefined {
  for (const header of cookies ?? []) {
    const value = parseCookie(header)[name];
    if (value) return value;
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  path?: string;
  /** Secure on https origins; plain http is only ever localhost. */
  secure: boolean;
}

export const setCookie = (name: string, value: string, o: CookieOptions): string =>
  stringifySetCookie(name, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: o.secure,
    path: o.path ?? "/",
    maxAge: o.maxAgeSeconds,
  });

export const clearCookie = (name: string, o: Omit<CookieOptions, "maxAgeSeconds">): string =>
  stringifySetCookie(name, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: o.secure,
    path: o.path ?? "/",
    maxAge: 0,
    expires: new Date(0),
  });
