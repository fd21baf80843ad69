/**
 * `POST /auth/device/approve`: the signed-in learner approves or denies the code their terminal
 * shows. Cookie-authenticated, so the CSRF rules apply; codes match however they are typed; wrong
 * codes are limited to 5 in any 15 minutes per learner, checked before the code is looked up.
 */
import { clock } from "@akasha/api/lib/clock";
import { keys } from "@akasha/core/tables";
import { DeleteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { frontendUrl, startTestApi, type TestApi } from "./support/api";
import { type CookieJar, signIn } from "./support/browser";
import { decide, expectOAuthError, poll, requestCode } from "./support/device";
import { expectError, type Sent, send, tableSnapshot, tokenClaims } from "./support/requests";

let api: TestApi;
let doc: DynamoDBDocumentClient;
/** octocat approves; hubot runs into the wrong-code limit. */
let octocat: { jar: CookieJar; token: string };
let hubot: { jar: CookieJar; token: string };
beforeAll(async () => {
  api = await startTestApi("device-approve");
  doc = DynamoDBDocumentClient.from(api.tables.client);
  octocat = await signIn(api, "octocat");
  hubot = await signIn(api, "hubot");
});
afterAll(() => api.close());
/** Each test starts with a clean slate of wrong codes, on the real clock. */
afterEach(async () => {
  clock.reset();
  for (const { token } of [octocat, hubot]) {
    await doc.send(
      new DeleteCommand({
        TableName: api.names.Sessions,
        Key: keys.rateLimit("device-approve", String(tokenClaims(token).sub)),
      }),
    );
  }
});

const minutes = (n: number) => clock.advance(n * 60_000);
/** A well-formed code no terminal was given (codes are random: this one is never issued here). */
const unknownCode = "BBBB-BBBB";

/** The grant behind a code is still waiting: the terminal's poll says so. */
async function expectPending(deviceCode: string) {
  expectOAuthError(await poll(api, deviceCode), 400, "authorization_pending");
}

function expectApproved(sent: Sent, status: "approved" | "denied" = "approved") {
  expect({ status: sent.status, body: sent.body }).toEqual({ status: 200, body: { status } });
}

describe("user codes match however they are typed", () => {
  const typings: [name: string, retype: (code: string) => string][] = [
    ["as shown", (c) => c],
    ["in lower case", (c) => c.toLowerCase()],
    ["without the dash", (c) => c.replace("-", "")],
    ["with a space for the dash", (c) => c.replace("-", " ")],
    ["with spaces around and inside", (c) => ` ${c.slice(0, 2)} ${c.slice(2).toLowerCase()} `],
    ["with a dash between every letter", (c) => [...c.replace("-", "")].join("-")],
    ["in mixed case with a tab", (c) => `${c.slice(0, 4).toLowerCase()}\t${c.slice(5)}`],
  ];

  it.each(typings)("%s → approved", async (_name, retype) => {
    const code = await requestCode(api);
    expectApproved(await decide(api, octocat.jar, retype(code.user_code)));
  });
});

describe("decisions", () => {
  it("deny → denied; the terminal is told access_denied", async () => {
    const code = await requestCode(api);
    expectApproved(await decide(api, octocat.jar, code.user_code, "deny"), "denied");
    expectOAuthError(await poll(api, code.device_code), 400, "access_denied");
  });

  it.each([
    ["approved", "approve", "approve"],
    ["approved", "approve", "deny"],
    ["denied", "deny", "approve"],
    ["denied", "deny", "deny"],
  ] as const)("a code already %s, then %s again → 409 already_decided", async (_name, first, second) => {
    const code = await requestCode(api);
    expect((await decide(api, octocat.jar, code.user_code, first)).status).toBe(200);
    expectError(await decide(api, octocat.jar, code.user_code, second), 409, "already_decided");
  });

  it("a code whose token was already issued → 409 already_decided", async () => {
    const code = await requestCode(api);
    await decide(api, octocat.jar, code.user_code);
    expect((await poll(api, code.device_code)).status).toBe(200);
    expectError(await decide(api, octocat.jar, code.user_code), 409, "already_decided");
  });

  it("another learner's code is theirs to decide only until someone does: then 409", async () => {
    const code = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, code.user_code));
    expectError(await decide(api, octocat.jar, code.user_code, "deny"), 409, "already_decided");
    const token = ((await poll(api, code.device_code)).body as { access_token: string }).access_token;
    expect(tokenClaims(token).sub).toBe(tokenClaims(hubot.token).sub);
  });
});

describe("wrong codes → 400 invalid_user_code", () => {
  const wrong: [name: string, code: () => Promise<string>][] = [
    ["an unknown code", async () => unknownCode],
    ["a code with vowels", async () => "AEIO-UAEI"],
    ["a code with digits", async () => "BCD1-FGH2"],
    ["7 letters", async () => "BCDF-GHJ"],
    ["9 letters", async () => "BCDF-GHJKL"],
    ["an empty code", async () => ""],
    [
      "a code past its 15 minutes",
      async () => {
        const code = await requestCode(api);
        minutes(15);
        return code.user_code;
      },
    ],
  ];

  it.each(wrong)("%s", async (_name, code) => {
    expectError(await decide(api, octocat.jar, await code()), 400, "invalid_user_code");
  });

  it("an expired code stays undecided: the terminal is told expired_token", async () => {
    const code = await requestCode(api);
    minutes(15);
    expectError(await decide(api, octocat.jar, code.user_code), 400, "invalid_user_code");
    expectOAuthError(await poll(api, code.device_code), 400, "expired_token");
  });
});

describe("the wrong-code limit: 5 in any 15 minutes per learner", () => {
  const wrongCode = async (jar: CookieJar) =>
    expectError(await decide(api, jar, unknownCode), 400, "invalid_user_code");

  it("after 5 wrong codes even a right one is refused with 429; 15 minutes later it is allowed", async () => {
    for (let i = 0; i < 5; i++) await wrongCode(hubot.jar);
    const code = await requestCode(api);
    const refused = await decide(api, hubot.jar, code.user_code);
    expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(14 * 60);
    await expectPending(code.device_code);

    minutes(14.9);
    expectError(await decide(api, hubot.jar, unknownCode), 429, "rate_limited");
    minutes(0.1);
    const fresh = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, fresh.user_code));
  });

  it("counts the learner, not the code or the session: another learner is unaffected", async () => {
    for (let i = 0; i < 5; i++) await wrongCode(hubot.jar);
    const { jar: otherSession } = await signIn(api, "hubot");
    const code = await requestCode(api);
    expectError(await decide(api, otherSession, code.user_code), 429, "rate_limited");
    expectApproved(await decide(api, octocat.jar, code.user_code));
  });

  it("slides: never more than 5 wrong codes in any 15-minute span", async () => {
    await wrongCode(hubot.jar); // t = 0
    minutes(10);
    for (let i = 0; i < 4; i++) await wrongCode(hubot.jar); // t = 10 min: 5 in the window
    expectError(await decide(api, hubot.jar, unknownCode), 429, "rate_limited");
    minutes(5); // t = 15 min: the first has left the window, the other 4 have not
    await wrongCode(hubot.jar);
    expectError(await decide(api, hubot.jar, unknownCode), 429, "rate_limited");
    minutes(9.9); // t = 24.9 min: the 4 of t = 10 min are still in the window
    expectError(await decide(api, hubot.jar, unknownCode), 429, "rate_limited");
    minutes(0.1); // t = 25 min: they have left it
    const code = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, code.user_code));
  });

  it("holds under concurrency: of 10 wrong codes at once, exactly 5 are judged and 5 refused", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => decide(api, hubot.jar, unknownCode)));
    expect(answers.filter((a) => a.status === 400)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
  });

  it("does not count right codes, or codes already decided", async () => {
    for (let i = 0; i < 4; i++) await wrongCode(hubot.jar);
    const code = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, code.user_code));
    for (let i = 0; i < 3; i++) {
      expectError(await decide(api, hubot.jar, code.user_code), 409, "already_decided");
    }
    const next = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, next.user_code, "deny"), "denied");
    await wrongCode(hubot.jar); // the 5th
    expectError(await decide(api, hubot.jar, unknownCode), 429, "rate_limited");
  });

  it("does not count requests refused before a code is judged (bad JSON shape)", async () => {
    for (let i = 0; i < 6; i++) {
      const sent = await send(api, "POST", "/auth/device/approve", {
        headers: {
          cookie: `akasha_session=${hubot.token}`,
          origin: frontendUrl,
          "content-type": "application/json",
        },
        body: JSON.stringify({ userCode: unknownCode, decision: "maybe" }),
      });
      expectError(sent, 400, "invalid_request");
    }
    const code = await requestCode(api);
    expectApproved(await decide(api, hubot.jar, code.user_code));
  });
});

describe("who may approve", () => {
  const sessions = () => tableSnapshot(doc, api.names.Sessions);

  const refusals: [name: string, headers: Record<string, string | undefined>, body: string | undefined][] = [
    ["no Origin", { origin: undefined }, undefined],
    ["a foreign Origin", { origin: "https://evil.example" }, undefined],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }, undefined],
    ["a form body", { "content-type": "application/x-www-form-urlencoded" }, "userCode=X&decision=approve"],
    ["a text/plain body", { "content-type": "text/plain" }, "{}"],
  ];

  it.each(refusals)(
    "from the learner's browser with %s → 403 csrf_refused, the code stays pending",
    async (_name, headers, body) => {
      const code = await requestCode(api);
      const before = await sessions();
      const sent = await send(api, "POST", "/auth/device/approve", {
        headers: {
          cookie: `akasha_session=${octocat.token}`,
          origin: frontendUrl,
          "sec-fetch-site": "same-site",
          "content-type": "application/json",
          ...headers,
        },
        body: body ?? JSON.stringify({ userCode: code.user_code, decision: "approve" }),
      });
      expectError(sent, 403, "csrf_refused");
      expect(await sessions()).toEqual(before);
      await expectPending(code.device_code);
    },
  );

  it.each([
    ["not signed in", () => undefined],
    ["with a Bearer token instead of the cookie", () => `Bearer ${octocat.token}`],
  ])("%s → 401 unauthenticated", async (_name, authorization) => {
    const code = await requestCode(api);
    const sent = await send(api, "POST", "/auth/device/approve", {
      headers: { origin: frontendUrl, "content-type": "application/json", authorization: authorization() },
      body: JSON.stringify({ userCode: code.user_code, decision: "approve" }),
    });
    expectError(sent, 401, "unauthenticated");
    await expectPending(code.device_code);
  });

  it("with a session that was signed out → 401 invalid_session, the code stays pending", async () => {
    const { jar, token } = await signIn(api, "octocat");
    const out = await send(api, "POST", "/auth/logout", { headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(204);
    const code = await requestCode(api);
    expectError(await decide(api, jar, code.user_code), 401, "invalid_session");
    await expectPending(code.device_code);
  });

  it.each([
    ["no decision", { userCode: unknownCode }],
    ["decision maybe", { userCode: unknownCode, decision: "maybe" }],
    ["no userCode", { decision: "approve" }],
    ["userCode as a number", { userCode: 12345678, decision: "approve" }],
    ["an unknown field", { userCode: unknownCode, decision: "approve", userId: "1" }],
  ])("a body with %s → 400 invalid_request", async (_name, body) => {
    const sent = await send(api, "POST", "/auth/device/approve", {
      headers: {
        cookie: `akasha_session=${octocat.token}`,
        origin: frontendUrl,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    expectError(sent, 400, "invalid_request");
  });
});
