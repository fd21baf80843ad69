/**
 * The device grant as its clients use it: the CLI's form posts to `/auth/device/code` and
 * `/auth/device/token`, and the site's JSON post to `/auth/device/approve` with the session cookie.
 */
import { expect } from "vitest";
import type { TestApi } from "./api";
import { type CookieJar, sameSite } from "./browser";
import { type Sent, send } from "./requests";

export const clientId = "infra-learn";
export const deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";
export const userCodePattern = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

export interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

/** A form post, fields sent in order (a field given twice is sent twice). */
export const postForm = (
  api: TestApi,
  path: string,
  fields: [string, string][] | Record<string, string>,
  headers: Record<string, string | undefined> = formHeaders,
): Promise<Sent> => send(api, "POST", path, { headers, body: new URLSearchParams(fields).toString() });

/** `POST /auth/device/code` as the CLI sends it; fails the test unless it is a 200. */
export async function requestCode(api: TestApi, fields: Record<string, string> = {}): Promise<DeviceCode> {
  const sent = await postForm(api, "/auth/device/code", { client_id: clientId, ...fields });
  expect(sent.status, sent.text).toBe(200);
  return sent.body as DeviceCode;
}

/** `POST /auth/device/token` as the CLI polls; `fields` change or (undefined) drop a field. */
export function poll(api: TestApi, deviceCode: string, fields: Record<string, string | undefined> = {}) {
  const all = { grant_type: deviceGrantType, device_code: deviceCode, client_id: clientId, ...fields };
  const sent = Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return postForm(api, "/auth/device/token", sent);
}

/** `POST /auth/device/approve` from the site with the learner's session cookie. */
export function decide(
  api: TestApi,
  jar: CookieJar,
  userCode: string,
  decision: "approve" | "deny" = "approve",
  headers: Record<string, string | undefined> = {},
): Promise<Sent> {
  const url = `${api.url}/auth/device/approve`;
  return send(api, "POST", "/auth/device/approve", {
    headers: { ...sameSite(jar, url), ...headers },
    body: JSON.stringify({ userCode, decision }),
  });
}

/** An OAuth endpoint's error: RFC 6749's `{error, error_description}`, never cached. */
export function expectOAuthError(sent: Sent, status: number, error: string): void {
  expect({ status: sent.status, body: sent.body }).toEqual({
    status,
    body: { error, error_description: expect.any(String) },
  });
  expectNoStore(sent);
}

/** RFC 6749 §5.1: token endpoint answers carry `Cache-Control: no-store` and `Pragma: no-cache`. */
export function expectNoStore(sent: Sent): void {
  expect(sent.headers["content-type"]).toMatch(/^application\/json/);
  expect(sent.headers["cache-control"]).toBe("no-store");
  expect(sent.headers.pragma).toBe("no-cache");
}
