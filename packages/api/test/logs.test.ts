/**
 * What the API writes to its logs during a whole learner story: one structured line per request,
 * audit events for the security-relevant ones, and never a token, code or secret.
 * Its own file: the handlers' logger reads POWERTOOLS_LOG_LEVEL once, when first imported.
 */
import { clock } from "@akasha/api/lib/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { CookieJar } from "./support/browser";
import { tokenClaims, verifyBody } from "./support/requests";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi("logs", { env: { POWERTOOLS_LOG_LEVEL: "INFO" } });
});
afterAll(() => api.close());

/** Everything written to stdout and stderr until the returned function is called. */
function captureOutput(): () => string {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      (rest.find((arg) => typeof arg === "function") as (() => void) | undefined)?.();
      return true;
    }) as typeof stream.write;
  }
  return () => {
    streams.forEach((stream, i) => {
      stream.write = originals[i] as typeof stream.write;
    });
    return chunks.join("");
  };
}

/** One request to the API, as the story made it. */
interface Call {
  route: string;
  status: number;
  requestId: string;
}

async function learnerStory() {
  const calls: Record<string, Call> = {};
  const secrets: Record<string, string> = {};
  const call = async (name: string, route: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { redirect: "manual", ...init });
    calls[name] = {
      route,
      status: response.status,
      requestId: response.headers.get("apigw-requestid") ?? "",
    };
    return response;
  };
  /** Starts sign-in and lets the GitHub emulator answer; returns our callback URL. */
  const toCallback = async (name: string, jar: CookieJar) => {
    const start = await call(name, "GET /auth/github", `${api.url}/auth/github?login=octocat`);
    jar.store(start);
    const github = await fetch(start.headers.get("location") ?? "", { redirect: "manual" });
    return new URL(github.headers.get("location") ?? "");
  };
  const cookie = (jar: CookieJar, url: string) => ({ cookie: jar.header(url) ?? "" });

  // A learner signs in with GitHub.
  const jar = new CookieJar();
  const callback = await toCallback("start sign-in", jar);
  secrets.stateCookie = jar.get("akasha_oauth") ?? "";
  secrets.pkceVerifier = String(tokenClaims(secrets.stateCookie).verifier);
  secrets.githubCode = callback.searchParams.get("code") ?? "";
  const back = await call("sign in", "GET /auth/github/callback", callback.toString(), {
    headers: cookie(jar, callback.toString()),
  });
  jar.store(back);
  const token = jar.get("akasha_session") ?? "";
  secrets.sessionToken = token;
  secrets.sessionSecret = String(tokenClaims(token).sid);

  // Reads their profile and records a verification, as the CLI does.
  await call("profile", "GET /users/me", `${api.url}/users/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await call("verify", "POST /exercises/{id}/verify", `${api.url}/exercises/linux-01/verify`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
    },
    body: JSON.stringify(verifyBody("linux-01")),
  });

  // Another site tries to sign them out with their cookie.
  await call("forged logout", "POST /auth/logout", `${api.url}/auth/logout`, {
    method: "POST",
    headers: { ...cookie(jar, `${api.url}/auth/logout`), origin: "https://evil.example" },
  });

  // A sign-in GitHub refuses (a bad code), and one the learner denies.
  const refusedJar = new CookieJar();
  const refused = await toCallback("start refused sign-in", refusedJar);
  secrets.refusedCode = "f".repeat(40);
  refused.searchParams.set("code", secrets.refusedCode);
  await call("refused sign-in", "GET /auth/github/callback", refused.toString(), {
    headers: cookie(refusedJar, refused.toString()),
  });
  const deniedJar = new CookieJar();
  const denied = await toCallback("start denied sign-in", deniedJar);
  denied.searchParams.delete("code");
  denied.searchParams.set("error", "access_denied");
  await call("denied sign-in", "GET /auth/github/callback", denied.toString(), {
    headers: cookie(deniedJar, denied.toString()),
  });

  // They sign in the CLI: a code pair, a poll, a mistyped code, the approval on the site, the token.
  const form = (fields: Record<string, string>): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  const fromSite = (body: unknown): RequestInit => ({
    method: "POST",
    headers: {
      ...cookie(jar, `${api.url}/auth/device/approve`),
      origin: frontendUrl,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  const startDevice = async (name: string) => {
    const sent = await call(
      name,
      "POST /auth/device/code",
      `${api.url}/auth/device/code`,
      form({ client_id: "infra-learn", device_label: "infra-learn on logs-box" }),
    );
    return (await sent.json()) as { device_code: string; user_code: string };
  };
  const pollDevice = (name: string, deviceCode: string) =>
    call(
      name,
      "POST /auth/device/token",
      `${api.url}/auth/device/token`,
      form({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: deviceCode,
        client_id: "infra-learn",
      }),
    );
  const decideDevice = (name: string, userCode: string, decision: "approve" | "deny") =>
    call(
      name,
      "POST /auth/device/approve",
      `${api.url}/auth/device/approve`,
      fromSite({ userCode, decision }),
    );

  const device = await startDevice("device code");
  secrets.deviceCode = device.device_code;
  secrets.userCode = device.user_code;
  await pollDevice("device poll", device.device_code);
  secrets.mistypedCode = "BCDF-GHJX";
  await decideDevice("device wrong code", secrets.mistypedCode, "approve");
  await decideDevice("device approve", device.user_code.toLowerCase(), "approve");
  clock.advance(5_000);
  const granted = await pollDevice("device token", device.device_code);
  secrets.cliToken = ((await granted.json()) as { access_token: string }).access_token;
  secrets.cliSessionSecret = String(tokenClaims(secrets.cliToken).sid);
  await call("cli profile", "GET /users/me", `${api.url}/users/me`, {
    headers: { authorization: `Bearer ${secrets.cliToken}` },
  });
  const other = await startDevice("device code to deny");
  secrets.deniedDeviceCode = other.device_code;
  secrets.deniedUserCode = other.user_code;
  await decideDevice("device deny", other.user_code, "deny");
  // Someone at their keyboard guesses codes until the limit stops them.
  for (const n of [2, 3, 4, 5]) await decideDevice(`device wrong code ${n}`, secrets.mistypedCode, "approve");
  await decideDevice("device rate limited", secrets.mistypedCode, "approve");

  // The learner signs out from the site.
  await call("logout", "POST /auth/logout", `${api.url}/auth/logout`, {
    method: "POST",
    headers: {
      ...cookie(jar, `${api.url}/auth/logout`),
      origin: frontendUrl,
      "sec-fetch-site": "same-site",
      "content-type": "application/json",
    },
  });
  return { calls, secrets };
}

describe("the logs of a learner's story", () => {
  let story: Awaited<ReturnType<typeof learnerStory>> & { output: string; lines: Record<string, unknown>[] };
  beforeAll(async () => {
    const stop = captureOutput();
    let output = "";
    let told: Awaited<ReturnType<typeof learnerStory>>;
    try {
      told = await learnerStory();
    } finally {
      output = stop();
      clock.reset();
    }
    const lines = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    story = { ...told, output, lines };
  });

  it("went as a learner would see it", () => {
    const statuses = Object.fromEntries(Object.entries(story.calls).map(([name, c]) => [name, c.status]));
    expect(statuses).toEqual({
      "start sign-in": 302,
      "sign in": 302,
      profile: 200,
      verify: 200,
      "forged logout": 403,
      "start refused sign-in": 302,
      "refused sign-in": 400,
      "start denied sign-in": 302,
      "denied sign-in": 302,
      "device code": 200,
      "device poll": 400,
      "device wrong code": 400,
      "device approve": 200,
      "device token": 200,
      "cli profile": 200,
      "device code to deny": 200,
      "device deny": 200,
      "device wrong code 2": 400,
      "device wrong code 3": 400,
      "device wrong code 4": 400,
      "device wrong code 5": 400,
      "device rate limited": 429,
      logout: 204,
    });
  });

  it("hold one JSON line per request with requestId, route, status and latencyMs", () => {
    for (const [name, c] of Object.entries(story.calls)) {
      const logged = story.lines.filter(
        (line) => line.message === "request" && line.requestId === c.requestId,
      );
      expect(logged, name).toEqual([
        expect.objectContaining({
          requestId: c.requestId,
          route: c.route,
          status: c.status,
          latencyMs: expect.any(Number),
        }),
      ]);
    }
  });

  it.each([
    ["sign_in", "sign in"],
    ["sign_in_refused", "denied sign-in"],
    ["csrf_refused", "forged logout"],
    ["sign_out", "logout"],
    ["device_code_approved", "device approve"],
    ["device_code_denied", "device deny"],
    ["rate_limit_hit", "device rate limited"],
  ])("hold the audit event %s with the request id and source IP", (event, callName) => {
    const requestId = story.calls[callName]?.requestId;
    const audits = story.lines.filter((line) => line.audit === event);
    expect(audits).toContainEqual(expect.objectContaining({ requestId, sourceIp: "127.0.0.1" }));
    for (const audit of audits)
      expect(audit).toMatchObject({ requestId: expect.any(String), sourceIp: "127.0.0.1" });
  });

  it("name the learner in sign-in, sign-out and CSRF audit events by id", () => {
    for (const event of [
      "sign_in",
      "sign_out",
      "csrf_refused",
      "device_code_approved",
      "device_code_denied",
      "rate_limit_hit",
    ]) {
      expect(story.lines.find((line) => line.audit === event)).toMatchObject({ userId: "583231" });
    }
  });

  it.each([
    ["the session token", "sessionToken"],
    ["the session secret (sid)", "sessionSecret"],
    ["the state cookie", "stateCookie"],
    ["the PKCE verifier", "pkceVerifier"],
    ["the GitHub code", "githubCode"],
    ["the refused GitHub code", "refusedCode"],
    ["the device code", "deviceCode"],
    ["the denied device code", "deniedDeviceCode"],
    ["the CLI session token", "cliToken"],
    ["the CLI session secret (sid)", "cliSessionSecret"],
  ])("never contain %s", (_name, key) => {
    const secret = story.secrets[key] ?? "";
    expect(secret.length).toBeGreaterThan(8);
    expect(story.output).not.toContain(secret);
  });

  it.each([
    ["the user code", "userCode"],
    ["the denied user code", "deniedUserCode"],
    ["a mistyped user code", "mistypedCode"],
  ])("never contain %s, typed any way", (_name, key) => {
    const code = story.secrets[key] ?? "";
    expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    // Request ids are random base64: 8 capital letters in a row may turn up there by chance.
    const scrubbed = story.output.replace(/"requestId":"[^"]*"/g, "");
    const letters = code.replace("-", "");
    for (const form of [code, letters, code.toLowerCase(), letters.toLowerCase()]) {
      expect(scrubbed).not.toContain(form);
    }
  });

  it("never contain a GitHub access token, the client secret or the JWT secret", () => {
    expect(story.output).not.toMatch(/gho_/);
    expect(story.output).not.toContain(api.config.github.clientSecret);
    expect(story.output).not.toContain(api.config.jwtSecret);
  });
});
