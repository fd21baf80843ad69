import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DemoAccount,
  demoAccounts,
  type GithubEmulator,
  startGithubEmulator,
} from "../src/github-emulator";

const CLIENT_ID = "Iv1.emulator-test";
const CLIENT_SECRET = "emulator-test-secret";
const CALLBACK = "http://127.0.0.1:3000/auth/github/callback";
const SCOPE = "read:user user:email";
const TEN_MINUTES = 10 * 60 * 1000;

let clock = new Date("2026-03-01T12:00:00Z");
const logLines: string[] = [];
let emulator: GithubEmulator;

beforeAll(async () => {
  emulator = await startGithubEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    callbackUrl: CALLBACK,
    port: 0,
    now: () => clock,
    log: (line) => logLines.push(line),
  });
});

afterAll(() => emulator.close());

const advanceClock = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

const pkcePair = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

type Params = Record<string, string | undefined>;

const compact = (params: Params) =>
  Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);

/** GET /login/oauth/authorize with sensible defaults; pass `undefined` to leave a parameter out. */
function authorize(params: Params = {}) {
  const url = new URL("/login/oauth/authorize", emulator.url);
  const defaults = { client_id: CLIENT_ID, redirect_uri: CALLBACK, state: "st-123", scope: SCOPE };
  url.search = new URLSearchParams(compact({ ...defaults, ...params })).toString();
  return fetch(url, { redirect: "manual" });
}

const postForm = (path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
  fetch(new URL(path, emulator.url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const locationOf = (response: Response) => new URL(response.headers.get("location") ?? "");

/** Signs in with a login hint and PKCE; returns the code and the verifier that redeems it. */
async function signIn(login: string, params: Params = {}) {
  const { verifier, challenge } = pkcePair();
  const response = await authorize({
    login,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...params,
  });
  expect(response.status).toBe(302);
  return { code: locationOf(response).searchParams.get("code") ?? "", verifier };
}

const exchange = (params: Params, accept = "application/json") =>
  postForm(
    "/login/oauth/access_token",
    compact({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...params }),
    {
      accept,
    },
  );

async function exchangeForJson(params: Params) {
  const response = await exchange(params);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

const api = (path: string, authorization?: string) =>
  fetch(new URL(path, emulator.url), { headers: authorization ? { authorization } : {} });

async function tokenFor(login: string, params: Params = {}) {
  const { code, verifier } = await signIn(login, params);
  const { access_token } = await exchangeForJson({ code, code_verifier: verifier, redirect_uri: CALLBACK });
  return access_token ?? "";
}

function formsOf(html: string) {
  return [...html.matchAll(/<form method="post" action="([^"]+)">(.*?)<\/form>/gs)].map(
    ([, action, inner]) => ({
      action: action ?? "",
      inner: inner ?? "",
    }),
  );
}

const entities: Record<string, string> = {
  "&quot;": '"',
  "&#39;": "'",
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
};
const decodeHtml = (text = "") =>
  text.replace(/&(?:quot|#39|lt|gt|amp);/g, (entity) => entities[entity] ?? entity);

/** What a browser submits for the form holding the button with this value: its hidden fields and the button. */
function submission(html: string, buttonValue: string): { action: string; fields: [string, string][] } {
  const form = formsOf(html).find(({ inner }) => inner.includes(`value="${buttonValue}"`));
  if (!form) throw new Error(`no form with a button valued ${buttonValue}`);
  const controls = form.inner.matchAll(
    /<(?:input type="hidden"|button type="submit") name="([^"]*)" value="([^"]*)"/g,
  );
  const fields = [...controls].map(([, name, value]): [string, string] => [
    decodeHtml(name),
    decodeHtml(value),
  ]);
  return { action: form.action, fields };
}

describe("signing in with a login hint, as a signed-in GitHub user who already authorized the app", () => {
  it.each(Object.values(demoAccounts) as DemoAccount[])(
    "$login goes from authorize to code to token to /user and /user/emails, with PKCE S256",
    async (account) => {
      const { verifier, challenge } = pkcePair();

      const authorized = await authorize({
        login: account.login,
        code_challenge: challenge,
        code_challenge_method: "S256",
      });
      expect(authorized.status).toBe(302);
      const callback = locationOf(authorized);
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
      expect(callback.searchParams.get("state")).toBe("st-123");
      const code = callback.searchParams.get("code") ?? "";
      expect(code).toMatch(/^[0-9a-f]{20,}$/);

      const token = await exchangeForJson({ code, code_verifier: verifier, redirect_uri: CALLBACK });
      expect(token).toEqual({
        access_token: expect.stringMatching(/^gho_[A-Za-z0-9]{36}$/),
        token_type: "bearer",
        scope: "read:user,user:email",
      });

      const user = await api("/user", `Bearer ${token.access_token}`);
      expect(user.status).toBe(200);
      expect(await user.json()).toMatchObject({
        login: account.login,
        id: account.id,
        node_id: expect.any(String),
        avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
        html_url: `https://github.com/${account.login}`,
        name: account.name,
        email: account.publicEmail,
        type: "User",
      });

      const emails = await api("/user/emails", `Bearer ${token.access_token}`);
      expect(emails.status).toBe(200);
      expect(await emails.json()).toEqual(account.emails);
    },
  );

  it("gives each account the email situation sign-in has to handle", () => {
    const primaryOf = (account: DemoAccount) => account.emails.find((email) => email.primary);
    expect(demoAccounts.octocat.publicEmail).toBe("octocat@github.com");
    expect(primaryOf(demoAccounts.octocat)).toMatchObject({ email: "octocat@github.com", verified: true });
    expect(demoAccounts.hubot.publicEmail).toBeNull();
    expect(primaryOf(demoAccounts.hubot)).toMatchObject({ email: "hubot@github.com", verified: true });
    expect(demoAccounts.hubot.emails.filter((email) => !email.primary && !email.verified)).toHaveLength(1);
    expect(demoAccounts.unverified.publicEmail).toBeNull();
    expect(primaryOf(demoAccounts.unverified)?.verified).toBe(false);
  });

  it("leaves state out of the redirect when the app sent none", async () => {
    const response = await authorize({ login: "octocat", state: undefined });

    expect(locationOf(response).searchParams.has("state")).toBe(false);
    expect(locationOf(response).searchParams.get("code")).toMatch(/^[0-9a-f]{20,}$/);
  });

  it("issues a working code without PKCE, since GitHub does not require it", async () => {
    const response = await authorize({ login: "hubot" });
    const code = locationOf(response).searchParams.get("code") ?? "";

    expect(await exchangeForJson({ code })).toMatchObject({ token_type: "bearer" });
  });

  it("sends the code to a redirect_uri below the registered callback path", async () => {
    const below = `${CALLBACK}/desktop?from=cli`;

    const response = await authorize({ login: "octocat", redirect_uri: below });

    const location = locationOf(response);
    expect(`${location.origin}${location.pathname}`).toBe(`${CALLBACK}/desktop`);
    expect(location.searchParams.get("from")).toBe("cli");
    expect(location.searchParams.get("code")).toBeTruthy();
  });
});

describe("the account picker", () => {
  it("is shown when no login is given: a heading and one form per account, labelled with its login", async () => {
    const response = await authorize({ code_challenge: pkcePair().challenge, code_challenge_method: "S256" });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    const forms = formsOf(html);
    expect(forms).toHaveLength(Object.keys(demoAccounts).length + 1);
    for (const login of Object.keys(demoAccounts)) {
      expect(html).toContain(
        `name="login" value="${login}" aria-describedby="account-${login}">${login}</button>`,
      );
    }
    expect(html).toContain(">Cancel</button>");
  });

  it("is shown for a login hint that is not a demo account", async () => {
    const response = await authorize({ login: "nobody-here" });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('value="octocat"');
  });

  it("signs in as the chosen account when its form is posted, keeping the original request", async () => {
    const { verifier, challenge } = pkcePair();
    const picker = await authorize({
      state: 'a&b "quoted"',
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const { action, fields } = submission(await picker.text(), "hubot");

    const response = await postForm(action, fields);

    expect(response.status).toBe(302);
    const callback = locationOf(response);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get("state")).toBe('a&b "quoted"');
    const code = callback.searchParams.get("code") ?? "";
    const { access_token } = await exchangeForJson({ code, code_verifier: verifier });
    expect(await (await api("/user", `Bearer ${access_token}`)).json()).toMatchObject({ login: "hubot" });
  });

  it("sends the learner back with access_denied when they cancel", async () => {
    const picker = await authorize({ state: "st-deny" });
    const { action, fields } = submission(await picker.text(), "deny");

    const response = await postForm(action, fields);

    expect(response.status).toBe(302);
    const callback = locationOf(response);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      error: "access_denied",
      error_description: "The user has denied your application access.",
      error_uri: expect.stringContaining("#access-denied"),
      state: "st-deny",
    });
  });
});

describe("authorize requests GitHub refuses", () => {
  it.each([
    ["on another host", "http://localhost:3000/auth/github/callback"],
    ["on another port", "http://127.0.0.1:3999/auth/github/callback"],
    ["with another scheme", "https://127.0.0.1:3000/auth/github/callback"],
    ["with a path outside the callback path", "http://127.0.0.1:3000/auth/elsewhere"],
    ["with a path that only starts with the callback path", "http://127.0.0.1:3000/auth/github/callbackevil"],
    ["that climbs out of the callback path", "http://127.0.0.1:3000/auth/github/callback/../../evil"],
    ["that is not a URL", "not a url"],
  ])(
    "a redirect_uri %s goes back to the registered callback with redirect_uri_mismatch",
    async (_, redirectUri) => {
      const response = await authorize({ login: "octocat", redirect_uri: redirectUri });

      expect(response.status).toBe(302);
      const location = locationOf(response);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        error: "redirect_uri_mismatch",
        error_description: "The redirect_uri MUST match the registered callback URL for this application.",
        error_uri: expect.stringContaining("#redirect-uri-mismatch"),
        state: "st-123",
      });
    },
  );

  it.each([
    ["an unknown client_id", { client_id: "someone-else" }],
    ["no client_id", { client_id: undefined }],
  ])("%s gets GitHub's HTML 404 page", async (_, params) => {
    const response = await authorize({ login: "octocat", ...params });

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<h1>404</h1>");
  });

  it.each([
    ["the plain method", { code_challenge: "x".repeat(43), code_challenge_method: "plain" }],
    ["a challenge without a method", { code_challenge: "x".repeat(43) }],
    ["a method without a challenge", { code_challenge_method: "S256" }],
    ["a challenge that is not a SHA-256 hash", { code_challenge: "short", code_challenge_method: "S256" }],
  ])("PKCE with %s goes back with invalid_request", async (_, params) => {
    const response = await authorize({ login: "octocat", ...params });

    expect(response.status).toBe(302);
    const location = locationOf(response);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.has("code")).toBe(false);
  });
});

describe("exchanging a code for a token", () => {
  type Case = [string, (code: string, verifier: string) => Params, string];
  const cases: Case[] = [
    [
      "a wrong client secret",
      (code, verifier) => ({ code, code_verifier: verifier, client_secret: "nope" }),
      "incorrect_client_credentials",
    ],
    [
      "an unknown client_id",
      (code, verifier) => ({ code, code_verifier: verifier, client_id: "someone-else" }),
      "incorrect_client_credentials",
    ],
    [
      "no client secret",
      (code, verifier) => ({ code, code_verifier: verifier, client_secret: undefined }),
      "incorrect_client_credentials",
    ],
    [
      "a redirect_uri on another host",
      (code, verifier) => ({
        code,
        code_verifier: verifier,
        redirect_uri: "http://evil.test/auth/github/callback",
      }),
      "redirect_uri_mismatch",
    ],
    [
      "a redirect_uri other than the one the code was issued for",
      (code, verifier) => ({ code, code_verifier: verifier, redirect_uri: `${CALLBACK}/other` }),
      "redirect_uri_mismatch",
    ],
    [
      "an unknown code",
      (_, verifier) => ({ code: "0123456789abcdef0123", code_verifier: verifier }),
      "bad_verification_code",
    ],
    ["no code", (_, verifier) => ({ code_verifier: verifier }), "bad_verification_code"],
    [
      "a wrong code_verifier",
      (code) => ({ code, code_verifier: pkcePair().verifier }),
      "bad_verification_code",
    ],
    ["no code_verifier for a code issued with a challenge", (code) => ({ code }), "bad_verification_code"],
    [
      "a code_verifier too short to be one",
      (code) => ({ code, code_verifier: "abc" }),
      "bad_verification_code",
    ],
  ];

  it.each(cases)("with %s answers HTTP 200 with error %s", async (_, paramsFor, expected) => {
    const { code, verifier } = await signIn("octocat");

    const response = await exchange(paramsFor(code, verifier));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      error: expected,
      error_description: expect.any(String),
      error_uri: expect.stringMatching(/^https:\/\/docs\.github\.com\//),
    });
  });

  it("accepts a code once; the second exchange is bad_verification_code", async () => {
    const { code, verifier } = await signIn("octocat");

    const first = await exchangeForJson({ code, code_verifier: verifier });
    const second = await exchangeForJson({ code, code_verifier: verifier });

    expect(first.access_token).toMatch(/^gho_/);
    expect(second.error).toBe("bad_verification_code");
  });

  it("burns a code whose PKCE check failed, so the right verifier cannot be tried after a wrong one", async () => {
    const { code, verifier } = await signIn("octocat");

    await exchangeForJson({ code, code_verifier: pkcePair().verifier });
    const retry = await exchangeForJson({ code, code_verifier: verifier });

    expect(retry.error).toBe("bad_verification_code");
  });

  it("refuses a code_verifier for a code issued without a challenge", async () => {
    const code = locationOf(await authorize({ login: "octocat" })).searchParams.get("code") ?? "";

    const body = await exchangeForJson({ code, code_verifier: pkcePair().verifier });

    expect(body.error).toBe("bad_verification_code");
  });

  it("still accepts a code just before it is ten minutes old", async () => {
    const { code, verifier } = await signIn("octocat");

    advanceClock(TEN_MINUTES - 1);
    const body = await exchangeForJson({ code, code_verifier: verifier });

    expect(body.access_token).toMatch(/^gho_/);
  });

  it("refuses a code once it is ten minutes old", async () => {
    const { code, verifier } = await signIn("octocat");

    advanceClock(TEN_MINUTES);
    const body = await exchangeForJson({ code, code_verifier: verifier });

    expect(body.error).toBe("bad_verification_code");
  });
});

describe("token response formats", () => {
  it("answers form-encoded when JSON is not asked for, as GitHub does", async () => {
    const { code, verifier } = await signIn("octocat");

    const response = await exchange({ code, code_verifier: verifier }, "*/*");

    expect(response.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    const body = Object.fromEntries(new URLSearchParams(await response.text()));
    expect(body).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      token_type: "bearer",
      scope: "read:user,user:email",
    });
  });

  it("answers errors form-encoded too when JSON is not asked for", async () => {
    const response = await exchange({ code: "unknown" }, "*/*");

    expect(response.status).toBe(200);
    expect(new URLSearchParams(await response.text()).get("error")).toBe("bad_verification_code");
  });

  it("answers JSON when Accept asks for application/json", async () => {
    const { code, verifier } = await signIn("octocat");

    const response = await exchange({ code, code_verifier: verifier });

    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ token_type: "bearer" });
  });

  it("takes a JSON request body", async () => {
    const { code, verifier } = await signIn("octocat");

    const response = await fetch(new URL("/login/oauth/access_token", emulator.url), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code,
        code_verifier: verifier,
      }),
    });

    expect(await response.json()).toMatchObject({ access_token: expect.stringMatching(/^gho_/) });
  });

  it("takes parameters in the query string", async () => {
    const { code, verifier } = await signIn("octocat");
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code,
      code_verifier: verifier,
    });

    const response = await fetch(new URL(`/login/oauth/access_token?${query}`, emulator.url), {
      method: "POST",
      headers: { accept: "application/json" },
    });

    expect(await response.json()).toMatchObject({ access_token: expect.stringMatching(/^gho_/) });
  });
});

describe("the REST API", () => {
  const badCredentials = {
    message: "Bad credentials",
    documentation_url: "https://docs.github.com/rest",
    status: "401",
  };

  it.each([
    ["no Authorization header", undefined],
    ["an unknown token", `Bearer gho_${"unknown".repeat(5)}`],
    ["a token in an unsupported scheme", "Basic b2N0b2NhdDpwYXNzd29yZA=="],
  ])("/user with %s is 401 Bad credentials", async (_, authorization) => {
    const response = await api("/user", authorization);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(badCredentials);
  });

  it("/user/emails without a valid token is 401 Bad credentials", async () => {
    const response = await api("/user/emails", "Bearer gho_nope");

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(badCredentials);
  });

  it("accepts the older `token` Authorization scheme", async () => {
    const token = await tokenFor("octocat");

    const response = await api("/user", `token ${token}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("x-oauth-scopes")).toBe("read:user, user:email");
  });

  it("/user/emails is 404 for a token without the user:email scope, as on GitHub", async () => {
    const token = await tokenFor("hubot", { scope: "read:user" });

    const response = await api("/user/emails", `Bearer ${token}`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
    expect(response.headers.get("x-accepted-oauth-scopes")).toBe("user, user:email");
  });

  it("answers 404 Not Found JSON for anything else", async () => {
    const response = await api("/repos/octocat/hello-world");

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
  });
});

describe("running the emulator", () => {
  it("reports health for the dev stack to wait on", async () => {
    const response = await api("/__emulator/health");

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("refuses a taken port with one line that says what to do", async () => {
    const starting = startGithubEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callbackUrl: CALLBACK,
      port: emulator.port,
    });

    await expect(starting).rejects.toThrow(
      new Error(
        `GitHub emulator: port ${emulator.port} is already in use — stop whatever holds it or set GITHUB_EMULATOR_PORT`,
      ),
    );
  });

  it("logs one line per request without the code or the token in it", async () => {
    const { code, verifier } = await signIn("octocat");
    const { access_token } = await exchangeForJson({ code, code_verifier: verifier });
    await api("/user", `Bearer ${access_token}`);

    const recent = logLines.slice(-3);
    expect(recent).toEqual([
      "GET /login/oauth/authorize 302 login=octocat",
      "POST /login/oauth/access_token 200 token issued",
      "GET /user 200",
    ]);
    for (const line of logLines) {
      expect(line).not.toContain(code);
      expect(line).not.toContain(access_token);
    }
  });
});
