/**
 * Session tokens that must not work. Every row is the control token (a valid HS256 token for a
 * live session item, made by hand) changed in exactly one way, and each is refused with a 401 both
 * as a Bearer token (`GET /users/me`) and as the session cookie (`GET /progress`).
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";
import { signIn } from "./support/browser";
import { expectError, putSession, send } from "./support/requests";

let api: TestApi;
let doc: DynamoDBDocumentClient;
/** octocat's GitHub id: signed in once, so /users/me has a profile to answer with. */
const userId = "583231";
beforeAll(async () => {
  api = await startTestApi("tokens");
  doc = DynamoDBDocumentClient.from(api.tables.client);
  await signIn(api, "octocat");
  await signIn(api, "hubot"); // 480938: the other learner of the sub row, with a profile of their own
});
afterAll(() => api.close());

const issuer = "akasha-labs/test";
const audience = "akasha-labs:session";
const now = () => Math.floor(Date.now() / 1000);

interface TokenParts {
  /** Claims on top of (or, when undefined, removed from) the control's. */
  claims?: Record<string, unknown>;
  algorithm?: jwt.Algorithm;
  secret?: string;
}

/** A live session item and a token for it; `parts` changes one thing. */
async function tokenFor(parts: TokenParts = {}, sid?: string): Promise<string> {
  const session = sid ?? (await putSession(doc, api.names.Sessions, userId));
  const claims: Record<string, unknown> = {
    sub: userId,
    sid: session,
    kind: "web",
    iss: issuer,
    aud: audience,
    iat: now(),
    exp: now() + 3600,
    ...parts.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return jwt.sign(claims, parts.secret ?? api.config.jwtSecret, {
    algorithm: parts.algorithm ?? "HS256",
    noTimestamp: !("iat" in claims),
  });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The control token under another header, signed with HMAC-SHA256 and the real secret. */
async function withHeader(header: Record<string, unknown>, signature: "hmac" | "none"): Promise<string> {
  const [, payload] = (await tokenFor()).split(".");
  const signed = `${b64(header)}.${payload}`;
  if (signature === "none") return `${signed}.`;
  return `${signed}.${createHmac("sha256", api.config.jwtSecret).update(signed).digest("base64url")}`;
}

const rows: [name: string, token: () => Promise<string>, code: string][] = [
  // The token itself.
  ['alg "none", unsigned', () => withHeader({ alg: "none", typ: "JWT" }, "none"), "invalid_token"],
  ["HS512 with the right secret", () => tokenFor({ algorithm: "HS512" }), "invalid_token"],
  [
    "an RS256 header over an HMAC of the secret",
    () => withHeader({ alg: "RS256", typ: "JWT" }, "hmac"),
    "invalid_token",
  ],
  [
    "RS256, signed with some RSA key",
    async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const [, payload] = (await tokenFor()).split(".");
      const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as object;
      return jwt.sign(claims, privateKey, { algorithm: "RS256" });
    },
    "invalid_token",
  ],
  [
    "a bad signature",
    async () => {
      const [header, payload] = (await tokenFor()).split(".");
      const [, , otherSignature] = (await tokenFor({ claims: { kind: "cli" } })).split(".");
      return `${header}.${payload}.${otherSignature}`;
    },
    "invalid_token",
  ],
  [
    "signed with another secret",
    () => tokenFor({ secret: "another-secret-of-at-least-32-bytes!!" }),
    "invalid_token",
  ],
  // Its claims.
  ["no exp", () => tokenFor({ claims: { exp: undefined } }), "invalid_token"],
  ["no iat", () => tokenFor({ claims: { iat: undefined } }), "invalid_token"],
  ["expired", () => tokenFor({ claims: { iat: now() - 7200, exp: now() - 60 } }), "invalid_token"],
  ["not valid yet (nbf in an hour)", () => tokenFor({ claims: { nbf: now() + 3600 } }), "invalid_token"],
  ["another issuer", () => tokenFor({ claims: { iss: "akasha-labs/prod" } }), "invalid_token"],
  ["no issuer", () => tokenFor({ claims: { iss: undefined } }), "invalid_token"],
  [
    "the OAuth-state audience",
    () => tokenFor({ claims: { aud: "akasha-labs:oauth-state" } }),
    "invalid_token",
  ],
  ["another audience", () => tokenFor({ claims: { aud: "someone-else" } }), "invalid_token"],
  ["no audience", () => tokenFor({ claims: { aud: undefined } }), "invalid_token"],
  ['a kind that is neither "web" nor "cli"', () => tokenFor({ claims: { kind: "admin" } }), "invalid_token"],
  ["no sid", () => tokenFor({ claims: { sid: undefined } }), "invalid_token"],
  ["a sid that is not a string", () => tokenFor({ claims: { sid: 42 } }), "invalid_token"],
  // The session it names.
  ["an unknown sid", () => tokenFor({}, "no-such-session-secret"), "invalid_session"],
  [
    "a live sid under another learner's sub",
    () => tokenFor({ claims: { sub: "480938" } }),
    "invalid_session",
  ],
  [
    "a revoked session (after POST /auth/logout)",
    async () => {
      const token = await tokenFor();
      const out = await send(api, "POST", "/auth/logout", { headers: { authorization: `Bearer ${token}` } });
      expect(out.status).toBe(204);
      return token;
    },
    "invalid_session",
  ],
  [
    "an expired session item that TTL has not deleted yet",
    async () => tokenFor({}, await putSession(doc, api.names.Sessions, userId, { expiresAt: now() - 1 })),
    "invalid_session",
  ],
  // Not a token at all.
  ["garbage", async () => "not-a-token", "invalid_token"],
  ["three dots of garbage", async () => "a.b.c", "invalid_token"],
  ["no token (Bearer with nothing after it; an empty cookie)", async () => "", "unauthenticated"],
];

const asBearer = (token: string) =>
  send(api, "GET", "/users/me", { headers: { authorization: `Bearer ${token}` } });
const asCookie = (token: string) =>
  send(api, "GET", "/progress", { headers: { cookie: `akasha_session=${token}` } });

describe("the control: a hand-made token for a live session works", () => {
  it("as a Bearer token on GET /users/me and as the cookie on GET /progress", async () => {
    const token = await tokenFor();
    const me = await asBearer(token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: userId, login: "octocat" } });
    expect((await asCookie(token)).status).toBe(200);
  });
});

describe("tokens that do not work: 401, saying nothing about which check failed", () => {
  let refusal: unknown;
  beforeAll(async () => {
    refusal = (await asBearer("not-a-token")).body;
  });

  it.each(rows.map(([name, make, code]) => [name, code, make] as const))(
    "%s → 401 %s",
    async (_name, code, make) => {
      const token = await make();
      const bearer = await asBearer(token);
      const cookie = await asCookie(token);
      expectError(bearer, 401, code);
      expectError(cookie, 401, code);
      if (code === "invalid_token") {
        expect((bearer.body as { error: string }).error).toBe((refusal as { error: string }).error);
      }
    },
  );

  it("a dead session is a 401 even when the handler fails first (a sub with no profile → not a 404)", async () => {
    // GET /users/me answers 404 for a live session whose learner has no profile; the handler and
    // the session check run side by side, so each request is a race the session check must win.
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => tokenFor({ claims: { sub: "no-such-learner" } }, "no-such-session")),
    );
    const answers = await Promise.all(tokens.map(asBearer));
    expect(answers.map((a) => [a.status, (a.body as { code?: string }).code])).toEqual(
      tokens.map(() => [401, "invalid_session"]),
    );
  });
});
