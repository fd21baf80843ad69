/**
 * CSRF: a cookie rides along with any request a browser makes, so cookie-authenticated state
 * changes must come from the site (allow-listed Origin, no cross-site Sec-Fetch-Site) with a JSON
 * body, which a cross-site form cannot send. Bearer requests carry nothing a browser adds on its
 * own, so they are not CSRF-able; GETs change nothing.
 */
import { keys } from "@akasha/core/tables";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { signIn } from "./support/browser";
import {
  expectError,
  type SendOptions,
  send,
  sessionIdOf,
  tableSnapshot,
  tokenClaims,
  verifyBody,
} from "./support/requests";

let api: TestApi;
let doc: DynamoDBDocumentClient;
beforeAll(async () => {
  api = await startTestApi("csrf");
  doc = DynamoDBDocumentClient.from(api.tables.client);
});
afterAll(() => api.close());

const sessions = () => tableSnapshot(doc, api.names.Sessions);
const progress = () => tableSnapshot(doc, api.names.Progress);

async function sessionExists(token: string): Promise<boolean> {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: api.names.Sessions,
      Key: keys.session(sessionIdOf(token), String(tokenClaims(token).sub)),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/** What the site's own fetch sends with the session cookie: the request every row changes once. */
const fromTheSite = (token: string): Record<string, string | undefined> => ({
  cookie: `akasha_session=${token}`,
  origin: frontendUrl,
  "sec-fetch-site": "same-site",
  "content-type": "application/json",
});

interface Variant {
  headers?: Record<string, string | undefined>;
  body?: string;
}

/** One thing changed from the site's request, each enough to refuse it. */
const forged: [name: string, variant: Variant][] = [
  ["a foreign Origin", { headers: { origin: "https://evil.example" } }],
  ["Origin: null", { headers: { origin: "null" } }],
  ["no Origin", { headers: { origin: undefined } }],
  ["an Origin on another localhost port", { headers: { origin: "http://localhost:9999" } }],
  ["an Origin that only starts like the site", { headers: { origin: `${frontendUrl}.evil.example` } }],
  ["Sec-Fetch-Site: cross-site", { headers: { "sec-fetch-site": "cross-site" } }],
  [
    "a form body (application/x-www-form-urlencoded)",
    { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "decision=approve" },
  ],
  [
    "a multipart form body",
    {
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    },
  ],
  ["a text/plain body", { headers: { "content-type": "text/plain;charset=UTF-8" }, body: '{"a":1}' }],
  ["a body with no Content-Type", { headers: { "content-type": undefined }, body: '{"a":1}' }],
];

interface Target {
  method: string;
  path: (victim: string) => string;
  /** A JSON body the site would send, if any. */
  body?: string;
}

const targets: Record<string, Target> = {
  "POST /auth/logout": { method: "POST", path: () => "/auth/logout" },
  "DELETE /sessions/{id}": { method: "DELETE", path: (victim) => `/sessions/${sessionIdOf(victim)}` },
  "POST /auth/verify": { method: "POST", path: () => "/auth/verify", body: "{}" },
};

const request = (target: Target, token: string, variant: Variant = {}): SendOptions => ({
  headers: { ...fromTheSite(token), ...variant.headers },
  body: variant.body ?? target.body,
});

describe("cookie-authenticated state changes from anywhere but the site are refused", () => {
  let token: string;
  let victim: string;
  beforeAll(async () => {
    ({ token } = await signIn(api, "octocat"));
    ({ token: victim } = await signIn(api, "octocat")); // the same learner's other session, to revoke
  });

  const rows = Object.entries(targets).flatMap(([route, target]) =>
    forged.map(([name, variant]) => [`${route} with ${name}`, target, variant] as const),
  );

  it.each(rows)("%s → 403 csrf_refused, nothing changes", async (_name, target, variant) => {
    const before = await sessions();
    const sent = await send(api, target.method, target.path(victim), request(target, token, variant));
    expectError(sent, 403, "csrf_refused");
    expect(sent.headers["set-cookie"]).toBeUndefined();
    expect(await sessions()).toEqual(before);
    expect(await sessionExists(token)).toBe(true);
    expect(await sessionExists(victim)).toBe(true);
    const me = await send(api, "GET", "/users/me", { headers: { cookie: `akasha_session=${token}` } });
    expect(me.status).toBe(200);
  });
});

describe("the same requests from the site succeed", () => {
  const siteVariants: [name: string, variant: Variant][] = [
    ["Sec-Fetch-Site: same-site", {}],
    ["Sec-Fetch-Site: same-origin", { headers: { "sec-fetch-site": "same-origin" } }],
    ["no Sec-Fetch-Site (an older browser)", { headers: { "sec-fetch-site": undefined } }],
    [
      "the 127.0.0.1 twin of the site",
      { headers: { origin: frontendUrl.replace("localhost", "127.0.0.1") } },
    ],
    ["JSON with a charset", { headers: { "content-type": "application/json; charset=utf-8" } }],
  ];

  it.each(siteVariants)("POST /auth/verify with %s → 200", async (_name, variant) => {
    const { token } = await signIn(api, "octocat");
    const target = targets["POST /auth/verify"] as Target;
    const sent = await send(api, "POST", "/auth/verify", request(target, token, variant));
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ valid: true, user: { login: "octocat" } });
  });

  it.each(siteVariants)(
    "DELETE /sessions/{id} with %s → 204, the session is gone",
    async (_name, variant) => {
      const { token } = await signIn(api, "octocat");
      const { token: victim } = await signIn(api, "octocat");
      const target = targets["DELETE /sessions/{id}"] as Target;
      const sent = await send(api, "DELETE", target.path(victim), request(target, token, variant));
      expect(sent.status).toBe(204);
      expect(await sessionExists(victim)).toBe(false);
      expect(await sessionExists(token)).toBe(true);
    },
  );

  it.each(siteVariants)("POST /auth/logout with %s → 204, the session is over", async (_name, variant) => {
    const { token } = await signIn(api, "octocat");
    const target = targets["POST /auth/logout"] as Target;
    const sent = await send(api, "POST", "/auth/logout", request(target, token, variant));
    expect(sent.status).toBe(204);
    expect(await sessionExists(token)).toBe(false);
  });
});

describe("Bearer requests are not CSRF-able; POST /exercises/{id}/verify ignores cookies", () => {
  const verify = (headers: Record<string, string | undefined>) =>
    send(api, "POST", "/exercises/linux-01/verify", {
      headers: { "idempotency-key": crypto.randomUUID(), ...headers },
      body: JSON.stringify(verifyBody("linux-01")),
    });

  it("with only the session cookie, from the site → 401 unauthenticated, nothing recorded", async () => {
    const { token } = await signIn(api, "octocat");
    const before = await progress();
    expectError(await verify(fromTheSite(token)), 401, "unauthenticated");
    expect(await progress()).toEqual(before);
  });

  it("with a Bearer token from a foreign Origin, cross-site → 200", async () => {
    const { token } = await signIn(api, "octocat");
    const sent = await verify({
      authorization: `Bearer ${token}`,
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
      "content-type": "application/json",
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ exerciseId: "linux-01", passed: true });
  });

  it("with a Bearer token and another learner's cookie → recorded for the Bearer's learner only", async () => {
    const octocat = await signIn(api, "octocat");
    const hubot = await signIn(api, "hubot");
    const ofHubot = async () => (await progress()).filter((line) => line.includes("480938"));
    const hubotBefore = await ofHubot();
    const sent = await verify({
      authorization: `Bearer ${octocat.token}`,
      cookie: `akasha_session=${hubot.token}`,
      "content-type": "application/json",
    });
    expect(sent.status).toBe(200);
    expect(await ofHubot()).toEqual(hubotBefore);
    const { Item } = await doc.send(
      new GetCommand({ TableName: api.names.Progress, Key: keys.userProgress("583231", "linux-01") }),
    );
    expect(Item?.attempts).toBeGreaterThan(0);
  });

  it("POST /auth/logout with a Bearer token from a foreign Origin → 204 (the CLI signing out)", async () => {
    const { token } = await signIn(api, "octocat");
    const sent = await send(api, "POST", "/auth/logout", {
      headers: {
        authorization: `Bearer ${token}`,
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
    });
    expect(sent.status).toBe(204);
    expect(await sessionExists(token)).toBe(false);
  });
});

describe("GET requests with the cookie are fine from anywhere", () => {
  it.each(["/users/me", "/progress", "/sessions"])(
    "GET %s from a foreign Origin, cross-site → 200",
    async (path) => {
      const { token } = await signIn(api, "octocat");
      const sent = await send(api, "GET", path, {
        headers: {
          cookie: `akasha_session=${token}`,
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
        },
      });
      expect(sent.status).toBe(200);
    },
  );
});
