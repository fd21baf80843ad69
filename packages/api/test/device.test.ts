/**
 * CLI sign-in with the OAuth 2.0 Device Authorization Grant (RFC 8628), as the CLI and the site
 * drive it over HTTP: a code pair, the learner's approval with their web session, and polls that
 * end in exactly one CLI session token. The clock is moved for intervals and expiry.
 */
import { clock } from "@akasha/api/lib/clock";
import { keys } from "@akasha/core/tables";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { type CookieJar, sameSite, signIn } from "./support/browser";
import {
  clientId,
  type DeviceCode,
  decide,
  deviceGrantType,
  expectNoStore,
  expectOAuthError,
  poll,
  postForm,
  requestCode,
  userCodePattern,
} from "./support/device";
import { type Sent, send, sessionIdFor, sessionIdOf, tableSnapshot, tokenClaims } from "./support/requests";

let api: TestApi;
let doc: DynamoDBDocumentClient;
let jar: CookieJar;
beforeAll(async () => {
  api = await startTestApi("device");
  doc = DynamoDBDocumentClient.from(api.tables.client);
  ({ jar } = await signIn(api, "octocat"));
});
afterAll(() => api.close());
afterEach(() => clock.reset());

const seconds = (n: number) => clock.advance(n * 1000);
const sessionsTable = () => tableSnapshot(doc, api.names.Sessions);

/** A code the learner has approved, one interval ago, so the next poll is on time. */
async function approvedCode(fields: Record<string, string> = {}): Promise<DeviceCode> {
  const code = await requestCode(api, fields);
  expect((await decide(api, jar, code.user_code)).body).toEqual({ status: "approved" });
  seconds(code.interval);
  return code;
}

async function grantItem(deviceCode: string) {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: api.names.Sessions,
      Key: keys.deviceGrant(sessionIdFor(deviceCode)),
      ConsistentRead: true,
    }),
  );
  return Item;
}

interface Listed {
  id: string;
  kind: string;
  label: string;
}
async function listSessions(): Promise<Listed[]> {
  const sent = await send(api, "GET", "/sessions", {
    headers: { cookie: jar.header(`${api.url}/sessions`) },
  });
  expect(sent.status).toBe(200);
  return (sent.body as { sessions: Listed[] }).sessions;
}

const me = (token: string) =>
  send(api, "GET", "/users/me", { headers: { authorization: `Bearer ${token}` } });

describe("CLI sign-in, start to finish", () => {
  it("code → approve on the site → token: a CLI session that works as Bearer, listed and revocable", async () => {
    // The CLI asks for a code pair and shows the user code.
    const code = await requestCode(api, { device_label: "infra-learn on test-box", scope: "anything" });
    const first = await poll(api, code.device_code);
    expectOAuthError(first, 400, "authorization_pending");

    // The learner approves it on the site, signed in.
    const approved = await decide(api, jar, code.user_code);
    expect({ status: approved.status, body: approved.body }).toEqual({
      status: 200,
      body: { status: "approved" },
    });

    // The CLI's next poll, one interval later, gets a CLI session token.
    seconds(code.interval);
    const sent = await poll(api, code.device_code);
    expect({ status: sent.status, body: sent.body }).toEqual({
      status: 200,
      body: { access_token: expect.any(String), token_type: "Bearer", expires_in: 90 * 86_400 },
    });
    expectNoStore(sent);
    const token = (sent.body as { access_token: string }).access_token;
    expect(tokenClaims(token)).toMatchObject({ sub: "583231", kind: "cli" });

    // It works as a Bearer token, is listed on the web as a CLI session, and can be revoked there.
    const profile = await me(token);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ user: { id: "583231", login: "octocat" } });
    const id = sessionIdOf(token);
    expect(await listSessions()).toContainEqual(
      expect.objectContaining({ id, kind: "cli", label: "infra-learn on test-box" }),
    );
    const revoked = await send(api, "DELETE", `/sessions/${id}`, {
      headers: sameSite(jar, `${api.url}/sessions/${id}`),
    });
    expect(revoked.status).toBe(204);
    expect((await me(token)).status).toBe(401);
    expect((await listSessions()).map((s) => s.id)).not.toContain(id);
  });

  it("labels the session “infra-learn CLI” when the CLI sends no device_label", async () => {
    const code = await approvedCode();
    const token = ((await poll(api, code.device_code)).body as { access_token: string }).access_token;
    expect(await listSessions()).toContainEqual(
      expect.objectContaining({ id: sessionIdOf(token), kind: "cli", label: "infra-learn CLI" }),
    );
  });
});

describe("POST /auth/device/code", () => {
  it("answers with a device code, a XXXX-XXXX user code, where to enter it, its lifetime and the interval", async () => {
    const sent = await postForm(api, "/auth/device/code", { client_id: clientId });
    expect(sent.status).toBe(200);
    expectNoStore(sent);
    const code = sent.body as DeviceCode;
    expect(code).toEqual({
      device_code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), // 32 random bytes
      user_code: expect.stringMatching(userCodePattern),
      verification_uri: `${frontendUrl}/labs/device`,
      verification_uri_complete: `${frontendUrl}/labs/device?user_code=${code.user_code}`,
      expires_in: 900,
      interval: 5,
    });
  });

  it("draws user codes from the 20 consonants: 40 codes, all different, every letter of the alphabet seen", async () => {
    const codes = await Promise.all(Array.from({ length: 40 }, () => requestCode(api)));
    const userCodes = codes.map((c) => c.user_code);
    for (const userCode of userCodes) expect(userCode).toMatch(userCodePattern);
    expect(new Set(userCodes).size).toBe(userCodes.length);
    expect(new Set(codes.map((c) => c.device_code)).size).toBe(codes.length);
    const letters = new Set(userCodes.join("").replace(/-/g, ""));
    expect([...letters].sort().join("")).toBe("BCDFGHJKLMNPQRSTVWXZ");
  });

  it("stores both codes only as SHA-256 hashes: no item holds either code in any form", async () => {
    const code = await requestCode(api, { device_label: "hash check" });
    const letters = code.user_code.replace("-", "");
    expect(await grantItem(code.device_code)).toMatchObject({ status: "pending", label: "hash check" });
    const { Item: pointer } = await doc.send(
      new GetCommand({ TableName: api.names.Sessions, Key: keys.userCode(sessionIdFor(letters)) }),
    );
    expect(pointer).toMatchObject({ deviceCodeHash: sessionIdFor(code.device_code) });
    // And after it was approved and used, too.
    await decide(api, jar, code.user_code);
    seconds(code.interval);
    expect((await poll(api, code.device_code)).status).toBe(200);
    const everything = (await sessionsTable()).join("\n");
    for (const secret of [code.device_code, code.user_code, letters, letters.toLowerCase()]) {
      expect(everything).not.toContain(secret);
    }
  });

  const refusals: [name: string, fields: [string, string][], status: number, error: string][] = [
    ["no client_id", [], 401, "invalid_client"],
    ["an empty client_id", [["client_id", ""]], 401, "invalid_client"],
    ["another client_id", [["client_id", "gh-cli"]], 401, "invalid_client"],
    [
      "client_id twice",
      [
        ["client_id", clientId],
        ["client_id", clientId],
      ],
      400,
      "invalid_request",
    ],
    [
      "a device_label over 100 characters",
      [
        ["client_id", clientId],
        ["device_label", "x".repeat(101)],
      ],
      400,
      "invalid_request",
    ],
    [
      "a device_label with a newline",
      [
        ["client_id", clientId],
        ["device_label", "laptop\nFAKE LOG LINE"],
      ],
      400,
      "invalid_request",
    ],
  ];

  it.each(refusals)("refuses %s → %i %s, writing nothing", async (_name, fields, status, error) => {
    const before = await sessionsTable();
    expectOAuthError(await postForm(api, "/auth/device/code", fields), status, error);
    expect(await sessionsTable()).toEqual(before);
  });

  it.each([
    ["JSON", "application/json", JSON.stringify({ client_id: clientId })],
    ["text/plain", "text/plain", `client_id=${clientId}`],
    ["no Content-Type", undefined, `client_id=${clientId}`],
  ])("refuses a %s body → 415 invalid_request", async (_name, contentType, body) => {
    const sent = await send(api, "POST", "/auth/device/code", {
      headers: { "content-type": contentType },
      body,
    });
    expectOAuthError(sent, 415, "invalid_request");
  });

  it("accepts a 100-character label and a form Content-Type with a charset", async () => {
    const label = "é".repeat(100);
    const sent = await postForm(
      api,
      "/auth/device/code",
      { client_id: clientId, device_label: label },
      { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
    );
    expect(sent.status).toBe(200);
    expect(await grantItem((sent.body as DeviceCode).device_code)).toMatchObject({ label });
  });
});

describe("POST /auth/device/token refuses, in RFC 8628's words", () => {
  interface Row {
    name: string;
    status: number;
    error: string;
    /** Arranges the grant and makes the poll under test. */
    run: () => Promise<Sent>;
  }
  const rows: Row[] = [
    {
      name: "a code not approved yet",
      status: 400,
      error: "authorization_pending",
      run: async () => poll(api, (await requestCode(api)).device_code),
    },
    {
      name: "a code the learner denied",
      status: 400,
      error: "access_denied",
      run: async () => {
        const code = await requestCode(api);
        expect((await decide(api, jar, code.user_code, "deny")).body).toEqual({ status: "denied" });
        seconds(code.interval);
        return poll(api, code.device_code);
      },
    },
    {
      name: "a code past its 15 minutes",
      status: 400,
      error: "expired_token",
      run: async () => {
        const code = await requestCode(api);
        seconds(15 * 60);
        return poll(api, code.device_code);
      },
    },
    {
      name: "an approved code past its 15 minutes",
      status: 400,
      error: "expired_token",
      run: async () => {
        const code = await approvedCode();
        seconds(15 * 60);
        return poll(api, code.device_code);
      },
    },
    {
      name: "an unknown device_code",
      status: 400,
      error: "invalid_grant",
      run: () => poll(api, "A".repeat(43)),
    },
    {
      name: "a device_code already exchanged for a token",
      status: 400,
      error: "invalid_grant",
      run: async () => {
        const code = await approvedCode();
        expect((await poll(api, code.device_code)).status).toBe(200);
        seconds(code.interval);
        return poll(api, code.device_code);
      },
    },
    {
      name: "another grant_type",
      status: 400,
      error: "unsupported_grant_type",
      run: async () => poll(api, (await approvedCode()).device_code, { grant_type: "authorization_code" }),
    },
    {
      name: "no grant_type",
      status: 400,
      error: "invalid_request",
      run: async () => poll(api, (await approvedCode()).device_code, { grant_type: undefined }),
    },
    {
      name: "no device_code",
      status: 400,
      error: "invalid_request",
      run: () => poll(api, "", { device_code: undefined }),
    },
    {
      name: "device_code twice",
      status: 400,
      error: "invalid_request",
      run: async () => {
        const code = await approvedCode();
        return postForm(api, "/auth/device/token", [
          ["grant_type", deviceGrantType],
          ["device_code", code.device_code],
          ["device_code", code.device_code],
          ["client_id", clientId],
        ]);
      },
    },
    {
      name: "another client_id",
      status: 401,
      error: "invalid_client",
      run: async () => poll(api, (await approvedCode()).device_code, { client_id: "gh-cli" }),
    },
    {
      name: "no client_id",
      status: 401,
      error: "invalid_client",
      run: async () => poll(api, (await approvedCode()).device_code, { client_id: undefined }),
    },
    {
      name: "a JSON body",
      status: 415,
      error: "invalid_request",
      run: async () => {
        const code = await approvedCode();
        return send(api, "POST", "/auth/device/token", {
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            grant_type: deviceGrantType,
            device_code: code.device_code,
            client_id: clientId,
          }),
        });
      },
    },
  ];

  it.each(rows.map((row) => [`${row.name} → ${row.status} ${row.error}`, row] as const))(
    "%s, uncacheable",
    async (_title, { run, status, error }) => {
      expectOAuthError(await run(), status, error);
    },
  );

  it("refused polls with a bad request leave an approved grant for the real poll", async () => {
    const code = await approvedCode();
    expectOAuthError(await poll(api, code.device_code, { client_id: "gh-cli" }), 401, "invalid_client");
    expectOAuthError(
      await poll(api, code.device_code, { grant_type: "password" }),
      400,
      "unsupported_grant_type",
    );
    expect((await poll(api, code.device_code)).status).toBe(200);
  });
});

describe("polling too fast: slow_down", () => {
  it("answers a poll sooner than the interval with slow_down and adds 5 s to the interval for good", async () => {
    const code = await requestCode(api);
    const interval = async () => (await grantItem(code.device_code))?.interval;
    expect(code.interval).toBe(5);
    expectOAuthError(await poll(api, code.device_code), 400, "authorization_pending");

    seconds(4.6); // early by less than the 0.5 s of jitter allowed
    expectOAuthError(await poll(api, code.device_code), 400, "authorization_pending");
    seconds(1);
    expectOAuthError(await poll(api, code.device_code), 400, "slow_down");
    expect(await interval()).toBe(10);

    seconds(9.6); // the new interval is kept...
    expectOAuthError(await poll(api, code.device_code), 400, "authorization_pending");
    seconds(9); // ...and enforced: 9 s would have been fine before
    expectOAuthError(await poll(api, code.device_code), 400, "slow_down");
    expect(await interval()).toBe(15);

    seconds(15);
    expectOAuthError(await poll(api, code.device_code), 400, "authorization_pending");
  });

  it("does not hold back the token of an approved grant", async () => {
    const code = await requestCode(api);
    expectOAuthError(await poll(api, code.device_code), 400, "authorization_pending");
    await decide(api, jar, code.user_code);
    expect((await poll(api, code.device_code)).status).toBe(200);
  });
});

describe("racing", () => {
  it("10 concurrent polls of an approved grant: exactly one token, the others invalid_grant", async () => {
    const code = await approvedCode({ device_label: "race" });
    const answers = await Promise.all(Array.from({ length: 10 }, () => poll(api, code.device_code)));
    const tokens = answers.filter((a) => a.status === 200);
    expect(tokens).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 200))
      expectOAuthError(refused, 400, "invalid_grant");
    expect((await listSessions()).filter((s) => s.label === "race")).toHaveLength(1);
    const token = (tokens[0]?.body as { access_token?: string } | undefined)?.access_token ?? "";
    expect((await me(token)).status).toBe(200);
  });

  it("10 concurrent on-time polls of a pending grant: one authorization_pending, the rest slow_down", async () => {
    const code = await requestCode(api);
    const answers = await Promise.all(Array.from({ length: 10 }, () => poll(api, code.device_code)));
    const errors = answers.map((a) => (a.body as { error: string }).error).sort();
    expect(errors).toEqual(["authorization_pending", ...Array(9).fill("slow_down")]);
  });

  it("5 concurrent decisions on one code: one is taken, the others are already_decided", async () => {
    const code = await requestCode(api);
    const answers = await Promise.all(
      (["approve", "deny", "approve", "deny", "approve"] as const).map((d) =>
        decide(api, jar, code.user_code, d),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const taken = answers.find((a) => a.status === 200)?.body as { status: string };
    expect((await grantItem(code.device_code))?.status).toBe(taken.status);
  });
});
