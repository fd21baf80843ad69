import { keys } from "@akasha/core/tables";
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { CookieJar, follow, sameSite, signIn } from "./support/browser";

let api: TestApi;
let doc: DynamoDBDocumentClient;
beforeAll(async () => {
  api = await startTestApi("signin");
  doc = DynamoDBDocumentClient.from(api.tables.client);
});
afterAll(() => api.close());

const sessionCount = async () =>
  (
    await doc.send(
      new ScanCommand({
        TableName: api.names.Sessions,
        FilterExpression: "begins_with(pk, :p)",
        ExpressionAttributeValues: { ":p": "SESSION#" },
      }),
    )
  ).Count ?? 0;

describe("signing in with GitHub", () => {
  it("lands back on the page the learner came from, signed in by an HttpOnly cookie, with no token in any URL", async () => {
    const { response, hops, finalUrl, token } = await signIn(
      api,
      "octocat",
      "/labs/exercises/linux-02?tab=checks",
    );
    expect(response.status).toBe(302);
    expect(finalUrl).toBe(`${frontendUrl}/labs/exercises/linux-02?tab=checks`);
    for (const hop of hops) {
      expect(hop.url).not.toContain(token);
      expect(hop.location ?? "").not.toContain(token);
    }
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("akasha_session="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // http://localhost; every deployed stage is https
  });

  it("uses state and PKCE S256 kept in a short-lived HttpOnly cookie", async () => {
    const start = await fetch(`${api.url}/auth/github?login=octocat`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.origin + authorize.pathname).toBe(`${api.githubUrl}/login/oauth/authorize`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("login")).toBe("octocat");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${api.url}/auth/github/callback`);
    const stateCookie = start.headers.getSetCookie()[0] ?? "";
    expect(stateCookie).toMatch(/^akasha_oauth=/);
    expect(stateCookie).toMatch(/HttpOnly/i);
    expect(stateCookie).toMatch(/SameSite=Lax/i);
    expect(stateCookie).toMatch(/Max-Age=600/);
  });

  it("then the session works: /users/me, /auth/verify, /sessions", async () => {
    const { jar, token } = await signIn(api, "octocat");
    const me = await fetch(`${api.url}/users/me`, {
      headers: { cookie: jar.header(`${api.url}/users/me`) ?? "" },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: {
        id: "583231",
        login: "octocat",
        name: "The Octocat",
        avatarUrl: expect.stringContaining("583231"),
        email: "octocat@github.com",
      },
    });
    const verify = await fetch(`${api.url}/auth/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({
      valid: true,
      user: { login: "octocat" },
      session: { kind: "web" },
    });
    const sessions = await fetch(`${api.url}/sessions`, {
      headers: { cookie: jar.header(`${api.url}/sessions`) ?? "" },
    });
    const body = (await sessions.json()) as { sessions: { current: boolean; label: string; kind: string }[] };
    expect(body.sessions.filter((s) => s.current)).toEqual([
      expect.objectContaining({ kind: "web", label: "Firefox on Linux" }),
    ]);
  });

  it("takes the email only from /user/emails, and only when primary and verified", async () => {
    const hubot = await signIn(api, "hubot");
    const unverified = await signIn(api, "unverified");
    const email = async (jar: CookieJar) =>
      (
        (await (
          await fetch(`${api.url}/users/me`, { headers: { cookie: jar.header(`${api.url}/users/me`) ?? "" } })
        ).json()) as {
          user: { email: string | null };
        }
      ).user.email;
    expect(await email(hubot.jar)).toBe("hubot@github.com");
    expect(await email(unverified.jar)).toBeNull();
  });

  it("keeps createdAt across sign-ins and starts a fresh session each time", async () => {
    const first = await signIn(api, "hubot");
    const { Item: before } = await doc.send(
      new GetCommand({ TableName: api.names.Users, Key: keys.userProfile("480938") }),
    );
    const second = await signIn(api, "hubot");
    const { Item: after } = await doc.send(
      new GetCommand({ TableName: api.names.Users, Key: keys.userProfile("480938") }),
    );
    expect(after?.createdAt).toBe(before?.createdAt);
    expect(after?.lastLoginAt >= before?.lastLoginAt).toBe(true);
    expect(second.token).not.toBe(first.token);
  });

  it("sends the learner back to the site's login page when they deny on GitHub, with no session", async () => {
    const before = await sessionCount();
    const jar = new CookieJar();
    const start = await fetch(`${api.url}/auth/github`, { redirect: "manual" });
    jar.store(start);
    const authorize = new URL(start.headers.get("location") ?? "");
    const state = authorize.searchParams.get("state") ?? "";
    const callback = `${api.url}/auth/github/callback?error=access_denied&state=${state}`;
    const denied = await fetch(callback, {
      redirect: "manual",
      headers: { cookie: jar.header(callback) ?? "" },
    });
    expect(denied.status).toBe(302);
    expect(denied.headers.get("location")).toBe(`${frontendUrl}/labs/login?error=access_denied`);
    expect(await sessionCount()).toBe(before);
  });
});

describe("sign-in failures: 400 and no session", () => {
  /** Runs the flow up to GitHub's redirect back, without calling our callback. */
  async function upToCallback(login = "octocat") {
    const jar = new CookieJar();
    const start = await fetch(`${api.url}/auth/github?login=${login}`, { redirect: "manual" });
    jar.store(start);
    const back = await fetch(start.headers.get("location") ?? "", { redirect: "manual" });
    const callback = new URL(back.headers.get("location") ?? "");
    return { jar, callback };
  }
  /** How the callback is requested: by a plain HTTP client, or by a browser navigating back from GitHub. */
  let navigation = false;
  const call = (url: string, cookie?: string) =>
    fetch(url, {
      redirect: "manual",
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(navigation ? { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" } : {}),
      },
    });

  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    [
      "no state cookie",
      async () => {
        const { callback } = await upToCallback();
        return call(callback.toString());
      },
      400,
      "invalid_state",
    ],
    [
      "a state that does not match the cookie",
      async () => {
        const { jar, callback } = await upToCallback();
        callback.searchParams.set("state", "x".repeat(43));
        return call(callback.toString(), jar.header(callback.toString()));
      },
      400,
      "invalid_state",
    ],
    [
      "the state cookie of another sign-in",
      async () => {
        const first = await upToCallback();
        const second = await upToCallback();
        return call(second.callback.toString(), first.jar.header(first.callback.toString()));
      },
      400,
      "invalid_state",
    ],
    [
      "a forged state cookie",
      async () => {
        const { callback } = await upToCallback();
        return call(callback.toString(), "akasha_oauth=eyJhbGciOiJIUzI1NiJ9.e30.forged");
      },
      400,
      "invalid_state",
    ],
    [
      "a reused state (the callback replayed)",
      async () => {
        const { jar, callback } = await upToCallback();
        const cookie = jar.header(callback.toString());
        expect((await call(callback.toString(), cookie)).status).toBe(302);
        return call(callback.toString(), cookie);
      },
      400,
      "invalid_state",
    ],
    [
      "a code GitHub refuses (HTTP 200 with an error)",
      async () => {
        const { jar, callback } = await upToCallback();
        callback.searchParams.set("code", "0".repeat(20));
        return call(callback.toString(), jar.header(callback.toString()));
      },
      400,
      "github_refused",
    ],
    [
      "no code",
      async () => {
        const { jar, callback } = await upToCallback();
        callback.searchParams.delete("code");
        return call(callback.toString(), jar.header(callback.toString()));
      },
      400,
      "invalid_request",
    ],
  ];

  it.each(cases)("%s", async (_name, run, status, code) => {
    const before = await sessionCount();
    const response = await run();
    const afterReplayAllowance = (await sessionCount()) - before;
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
    expect(
      response.headers
        .getSetCookie()
        .some((c) => c.startsWith("akasha_session=") && !c.includes("Max-Age=0")),
    ).toBe(false);
    // The replay case made one real sign-in before the refused one; no case makes more.
    expect(afterReplayAllowance).toBeLessThanOrEqual(1);
  });

  it.each(cases)(
    "%s, in a browser: back to the site's login page with the reason",
    async (_name, run, _s, code) => {
      navigation = true;
      try {
        const before = await sessionCount();
        const response = await run();
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toBe(`${frontendUrl}/labs/login?error=${code}`);
        expect(response.headers.getSetCookie().some((c) => c.startsWith("akasha_session="))).toBe(false);
        expect((await sessionCount()) - before).toBeLessThanOrEqual(1);
      } finally {
        navigation = false;
      }
    },
  );

  it.each([
    ["an absolute URL to another host", "https://evil.example/labs"],
    ["a protocol-relative URL", "//evil.example/labs"],
    ["a backslash trick", "/\\evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["another port on localhost", "http://localhost:9999/labs"],
  ])("refuses returnTo as %s", async (_name, returnTo) => {
    const response = await fetch(`${api.url}/auth/github?${new URLSearchParams({ returnTo })}`, {
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_return_to" });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("accepts returnTo as an absolute URL on the site's own origin", async () => {
    const { finalUrl } = await signIn(api, "octocat", `${frontendUrl}/labs/settings`);
    expect(finalUrl).toBe(`${frontendUrl}/labs/settings`);
  });
});

describe("signing out", () => {
  it("ends the session at once for every holder of the token", async () => {
    const { jar, token } = await signIn(api, "octocat");
    const url = `${api.url}/auth/logout`;
    const out = await fetch(url, { method: "POST", headers: sameSite(jar, url) });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^akasha_session=;.*Max-Age=0/);
    const elsewhere = await fetch(`${api.url}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.json()).toMatchObject({ code: "invalid_session" });
  });

  it("works with a Bearer token too (the CLI)", async () => {
    const { token } = await signIn(api, "hubot");
    const out = await fetch(`${api.url}/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    expect(
      (await fetch(`${api.url}/users/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it("follows redirects: the jar helper keeps cookies per path", async () => {
    const jar = new CookieJar();
    const result = await follow(jar, `${api.url}/auth/github?login=octocat`, api);
    expect(result.finalUrl.startsWith(frontendUrl)).toBe(true);
    expect(jar.get("akasha_oauth")).toBeUndefined(); // cleared by the callback
  });
});
