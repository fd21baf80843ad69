/**
 * The device grant as a standard OAuth client sees it: RFC 8414 metadata at the well-known path,
 * and a full sign-in by `openid-client` (a certified RFC 8628/8414 client, not ours) that discovers
 * the endpoints, starts the grant, waits the interval we give it and ends with a working token.
 * Polls here wait for real, so the API runs with a 1-second interval.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { signIn } from "./support/browser";
import { clientId, decide, deviceGrantType, expectOAuthError, postForm } from "./support/device";
import { send } from "./support/requests";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi("device-interop", { env: { DEVICE_POLL_INTERVAL_SECONDS: "1" } });
});
afterAll(() => api.close());

describe("GET /.well-known/oauth-authorization-server (RFC 8414)", () => {
  it("describes the device grant, with the API's base URL as the issuer, exactly", async () => {
    const sent = await send(api, "GET", "/.well-known/oauth-authorization-server");
    expect(sent.status).toBe(200);
    expect(sent.headers["content-type"]).toMatch(/^application\/json/);
    expect(sent.body).toEqual({
      issuer: api.url,
      device_authorization_endpoint: `${api.url}/auth/device/code`,
      token_endpoint: `${api.url}/auth/device/token`,
      grant_types_supported: [deviceGrantType],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ["none"],
      service_documentation: `${frontendUrl}/labs/setup`,
    });
  });

  it("names endpoints that answer as RFC 8628 says", async () => {
    const metadata = (await send(api, "GET", "/.well-known/oauth-authorization-server")).body as Record<
      string,
      string
    >;
    const path = (url: string | undefined) => new URL(url ?? "").pathname;
    const code = await postForm(api, path(metadata.device_authorization_endpoint), { client_id: clientId });
    expect(code.status).toBe(200);
    const { device_code } = code.body as { device_code: string };
    const token = await postForm(api, path(metadata.token_endpoint), {
      grant_type: deviceGrantType,
      device_code,
      client_id: clientId,
    });
    expectOAuthError(token, 400, "authorization_pending");
  });
});

describe("openid-client signs in with the device grant", () => {
  it("discovers, starts, is approved on the site, polls and gets a token that works as Bearer", async () => {
    const config = await client.discovery(new URL(api.url), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    expect(config.serverMetadata().issuer).toBe(api.url);

    const started = await client.initiateDeviceAuthorization(config, { device_label: "openid-client" });
    expect(started.interval).toBe(1);
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);

    // The learner approves on the site while the client is already polling.
    const polling = client.pollDeviceAuthorizationGrant(config, started);
    const { jar } = await signIn(api, "octocat");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // at least one authorization_pending first
    expect((await decide(api, jar, started.user_code)).status).toBe(200);
    const tokens = await polling;

    expect(tokens.token_type).toBe("bearer"); // openid-client lower-cases it
    expect(tokens.expiresIn()).toBeGreaterThan(89 * 86_400);
    const me = await fetch(`${api.url}/users/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { login: "octocat" } });
  });

  it("reports a denial as the OAuth error access_denied", async () => {
    const config = await client.discovery(new URL(api.url), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    const started = await client.initiateDeviceAuthorization(config, {});
    const { jar } = await signIn(api, "octocat");
    expect((await decide(api, jar, started.user_code, "deny")).status).toBe(200);
    await expect(client.pollDeviceAuthorizationGrant(config, started)).rejects.toMatchObject({
      error: "access_denied",
    });
  });
});
