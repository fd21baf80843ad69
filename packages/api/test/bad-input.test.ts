/**
 * Bad input, table by table: each row is one mistake a client can make, answered with the exact
 * status and machine code, as JSON, and with nothing written.
 */
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";
import { type CookieJar, sameSite, signIn } from "./support/browser";
import {
  expectError,
  postVerify,
  type Sent,
  send,
  sessionIdOf,
  tableSnapshot,
  verifyBody,
} from "./support/requests";

let api: TestApi;
let doc: DynamoDBDocumentClient;
let token: string;
let jar: CookieJar;
beforeAll(async () => {
  api = await startTestApi("bad-input");
  doc = DynamoDBDocumentClient.from(api.tables.client);
  ({ token, jar } = await signIn(api, "octocat"));
});
afterAll(() => api.close());

const progress = () => tableSnapshot(doc, api.names.Progress);
const sessions = () => tableSnapshot(doc, api.names.Sessions);

/** linux-01's valid body with one change. */
const linux01 = (change: (body: ReturnType<typeof verifyBody>) => unknown) => change(verifyBody("linux-01"));
const withChecks = (checks: unknown[]) => linux01((b) => ({ ...b, checks }));
const pass = (id: unknown) => ({ id, passed: true });
/** A body sent as these exact bytes rather than as JSON. */
class Raw {
  constructor(readonly text: string) {}
}

interface Row {
  name: string;
  status: number;
  code: string;
  send: () => Promise<Sent>;
  /** Runs before the "nothing written" snapshot. */
  arrange?: () => Promise<unknown>;
}

/** Bodies posted to linux-01 with a valid token and key. */
const bodyRows: [name: string, body: unknown, status: number, code: string][] = [
  // Not JSON at all.
  ["malformed JSON", new Raw('{"exerciseVersion": 1, "checks": ['), 400, "invalid_json"],
  ["an empty body", new Raw(""), 400, "invalid_json"],
  // JSON of the wrong shape.
  [
    'exerciseVersion as a string ("1")',
    linux01((b) => ({ ...b, exerciseVersion: "1" })),
    400,
    "invalid_request",
  ],
  ["exerciseVersion 0", linux01((b) => ({ ...b, exerciseVersion: 0 })), 400, "invalid_request"],
  ["exerciseVersion 1.5", linux01((b) => ({ ...b, exerciseVersion: 1.5 })), 400, "invalid_request"],
  ['checks as a string ("x")', linux01((b) => ({ ...b, checks: "x" })), 400, "invalid_request"],
  [
    'passed as a string ("yes")',
    withChecks([{ id: "notes-dir", passed: "yes" }, pass("todo-content")]),
    400,
    "invalid_request",
  ],
  ["a check id as a number", withChecks([pass(1), pass("todo-content")]), 400, "invalid_request"],
  [
    "a check id that is not a slug",
    withChecks([pass("Notes_Dir"), pass("todo-content")]),
    400,
    "invalid_request",
  ],
  [
    "output as a number",
    withChecks([{ ...pass("notes-dir"), output: 1 }, pass("todo-content")]),
    400,
    "invalid_request",
  ],
  [
    "output over 4096 characters",
    withChecks([{ ...pass("notes-dir"), output: "x".repeat(4097) }, pass("todo-content")]),
    400,
    "invalid_request",
  ],
  [
    "cliVersion over 40 characters",
    linux01((b) => ({ ...b, cliVersion: "1".repeat(41) })),
    400,
    "invalid_request",
  ],
  [
    "more than 50 checks",
    withChecks(Array.from({ length: 51 }, (_, i) => pass(`c-${i}`))),
    400,
    "invalid_request",
  ],
  ["an array instead of an object", [], 400, "invalid_request"],
  ["JSON null", new Raw("null"), 400, "invalid_request"],
  ["an empty object", {}, 400, "invalid_request"],
  ["no exerciseVersion", linux01(({ exerciseVersion: _, ...rest }) => rest), 400, "invalid_request"],
  ["no checks", linux01(({ checks: _, ...rest }) => rest), 400, "invalid_request"],
  ["a check without passed", withChecks([{ id: "notes-dir" }, pass("todo-content")]), 400, "invalid_request"],
  ["a check without id", withChecks([{ passed: true }, pass("todo-content")]), 400, "invalid_request"],
  ["an unknown top-level field", linux01((b) => ({ ...b, admin: true })), 400, "invalid_request"],
  [
    "an unknown field in a check (a typo of output)",
    withChecks([{ ...pass("notes-dir"), ouput: "ok" }, pass("todo-content")]),
    400,
    "invalid_request",
  ],
  // Well-formed, but not exactly this exercise's checks.
  ["empty checks", withChecks([]), 400, "invalid_request"], // the schema needs at least one check
  ["an unknown check id", withChecks([pass("notes-dir"), pass("nope")]), 400, "invalid_checks"],
  ["one check missing", withChecks([pass("notes-dir")]), 400, "invalid_checks"],
  [
    "a duplicate check in place of another",
    withChecks([pass("notes-dir"), pass("notes-dir")]),
    400,
    "invalid_checks",
  ],
  [
    "a duplicate check on top of all of them",
    withChecks([pass("notes-dir"), pass("todo-content"), pass("notes-dir")]),
    400,
    "invalid_checks",
  ],
  ["another exercise's check", withChecks([pass("notes-dir"), pass("script-runs")]), 400, "invalid_checks"],
  // Another version of the exercise.
  [
    "the wrong exerciseVersion",
    linux01((b) => ({ ...b, exerciseVersion: b.exerciseVersion + 1 })),
    409,
    "exercise_version_mismatch",
  ],
  // Too big for any result.
  [
    "a valid body padded with whitespace to over 64 KB",
    new Raw(JSON.stringify(verifyBody("linux-01")).padEnd(64 * 1024 + 1)),
    413,
    "payload_too_large",
  ],
];

/** Path parameters of `POST /exercises/{id}/verify` that name no exercise: all 404. */
const idRows: [name: string, id: string][] = [
  ["an unknown exercise", "linux-99"],
  ["an upper-case id", "LINUX-01"],
  ["an encoded space", "a%20b"],
  ["an encoded NUL", "%00"],
  ["a lone percent sign", "%"],
  ["a dot-dot segment", ".."],
  ["an encoded dot-dot segment", "%2e%2e"],
  ["an empty id", ""],
  ["a 200-character id", "x".repeat(200)],
  ["a unicode id", encodeURIComponent("línux-01")],
  ["full-width digits", encodeURIComponent("linux-０１")],
];

/** The body is fine; the request around it is not. */
const requestRows: [name: string, options: Parameters<typeof postVerify>[2], status: number, code: string][] =
  [
    [
      "linux-01's checks posted to linux-02",
      { exerciseId: "linux-02", body: verifyBody("linux-01") },
      400,
      "invalid_checks",
    ],
    ["Content-Type text/plain", { headers: { "content-type": "text/plain" } }, 415, "unsupported_media_type"],
    [
      "Content-Type application/x-www-form-urlencoded",
      { headers: { "content-type": "application/x-www-form-urlencoded" } },
      415,
      "unsupported_media_type",
    ],
    ["no Content-Type", { headers: { "content-type": undefined } }, 415, "unsupported_media_type"],
    ["no Idempotency-Key", { headers: { "idempotency-key": undefined } }, 400, "invalid_idempotency_key"],
    ["an Idempotency-Key that is not a UUID", { key: "not-a-uuid" }, 400, "invalid_idempotency_key"],
    ["an empty Idempotency-Key", { key: "" }, 400, "invalid_idempotency_key"],
    ["no Authorization", { headers: { authorization: undefined } }, 401, "unauthenticated"],
    [
      "Authorization: Basic",
      { headers: { authorization: "Basic b2N0b2NhdDpwdw==" } },
      401,
      "unauthenticated",
    ],
  ];

/** A key already used for one result, then sent with another. */
const reusedKeyRows: [
  name: string,
  first: Parameters<typeof postVerify>[2],
  second: Parameters<typeof postVerify>[2],
][] = [
  [
    "an Idempotency-Key reused with a different body",
    { body: verifyBody("linux-01", false) },
    { body: verifyBody("linux-01", true) },
  ],
  ["an Idempotency-Key reused for another exercise", { exerciseId: "linux-01" }, { exerciseId: "linux-02" }],
];

/** A token whose session has ended: the handler's own session check must refuse it before writing. */
const endedSessionRow = (): Row => {
  let ended = "";
  return {
    name: "the token of a session that has ended",
    status: 401,
    code: "invalid_session",
    arrange: async () => {
      ({ token: ended } = await signIn(api, "octocat"));
      const out = await send(api, "POST", "/auth/logout", { headers: { authorization: `Bearer ${ended}` } });
      expect(out.status).toBe(204);
    },
    send: () => postVerify(api, ended),
  };
};

const verifyRows: Row[] = [
  ...bodyRows.map(([name, body, status, code]) => ({
    name,
    status,
    code,
    send: () => postVerify(api, token, body instanceof Raw ? { raw: body.text } : { body }),
  })),
  ...idRows.map(([name, id]) => ({
    name: `${name} (/exercises/${id.slice(0, 16)}/verify)`,
    status: 404,
    code: "not_found",
    send: () =>
      send(api, "POST", `/exercises/${id}/verify`, {
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": crypto.randomUUID(),
        },
        body: JSON.stringify(verifyBody("linux-01")),
      }),
  })),
  ...requestRows.map(([name, options, status, code]) => ({
    name,
    status,
    code,
    send: () => postVerify(api, token, options),
  })),
  ...reusedKeyRows.map(([name, first, second]) => {
    const key = crypto.randomUUID();
    return {
      name,
      status: 422,
      code: "idempotency_key_reused",
      arrange: async () => expect((await postVerify(api, token, { ...first, key })).status).toBe(200),
      send: () => postVerify(api, token, { ...second, key }),
    };
  }),
  endedSessionRow(),
];

describe("POST /exercises/{id}/verify refuses bad input and writes nothing", () => {
  it("records a valid result (the control: the snapshot sees a write)", async () => {
    const before = await progress();
    const sent = await postVerify(api, token);
    expect(sent.status).toBe(200);
    expect(await progress()).not.toEqual(before);
  });

  it("records a valid body padded to exactly 64 KB (the limit is 64 KB, not less)", async () => {
    const raw = JSON.stringify(verifyBody("linux-01")).padEnd(64 * 1024);
    expect((await postVerify(api, token, { raw })).status).toBe(200);
  });

  it("answers a replay with the same body from its stored answer, writing nothing", async () => {
    const key = crypto.randomUUID();
    const first = await postVerify(api, token, { key });
    const before = await progress();
    const replay = await postVerify(api, token, { key });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await progress()).toEqual(before);
  });

  it.each(verifyRows.map((row) => [`${row.name} → ${row.status} ${row.code}`, row] as const))(
    "%s",
    async (_title, { arrange, send: run, status, code }) => {
      await arrange?.();
      const before = await progress();
      const sent = await run();
      expectError(sent, status, code);
      expect(await progress()).toEqual(before);
    },
  );
});

describe("routing: unknown paths are 404, known paths with another method 405 with Allow", () => {
  it.each([
    ["GET", "/nope"],
    ["POST", "/nope"],
    ["GET", "/"],
    ["GET", "/exercises/linux-01/extra"],
    ["GET", "/exercises/"],
    ["GET", "/users/me/"],
  ])("%s %s → 404 not_found", async (method, path) => {
    expectError(await send(api, method, path), 404, "not_found");
  });

  it.each([
    ["PUT", "/progress", "GET"],
    ["DELETE", "/exercises", "GET"],
    ["POST", "/exercises/linux-01", "GET"],
    ["GET", "/exercises/linux-01/verify", "POST"],
    ["GET", "/auth/logout", "POST"],
    ["GET", "/auth/verify", "POST"],
    ["DELETE", "/auth/github", "GET"],
    ["PATCH", "/users/me", "GET"],
    ["POST", "/health", "GET"],
    ["DELETE", "/sessions", "GET"],
    ["GET", `/sessions/${"a".repeat(64)}`, "DELETE"],
  ])("%s %s → 405 method_not_allowed, Allow: %s", async (method, path, allow) => {
    const sent = await send(api, method, path);
    expectError(sent, 405, "method_not_allowed");
    expect(sent.headers.allow).toBe(allow);
  });
});

describe("query parameters are validated", () => {
  it.each([
    ["a login with a space", { login: "octo cat" }],
    ["a login starting with a dash", { login: "-octocat" }],
    ["a login with a double dash", { login: "octo--cat" }],
    ["a login of 40 characters", { login: "a".repeat(40) }],
    ["a login with markup", { login: "<script>" }],
    ["a login with non-ASCII letters", { login: "oktokät" }],
    ["a login given twice", "login=octocat&login=hubot"],
    ["a returnTo over 2048 characters", { returnTo: `/labs/${"x".repeat(2048)}` }],
  ])("GET /auth/github with %s → 400 invalid_request and no sign-in started", async (_name, query) => {
    const sent = await send(api, "GET", `/auth/github?${new URLSearchParams(query)}`);
    expectError(sent, 400, "invalid_request");
    expect(sent.headers["set-cookie"]).toBeUndefined();
  });

  it("GET /auth/github/callback with a code over 512 characters → 400 invalid_request", async () => {
    const sent = await send(api, "GET", `/auth/github/callback?code=${"c".repeat(513)}&state=x`);
    expectError(sent, 400, "invalid_request");
    expect(sent.headers["set-cookie"]).toBeUndefined();
  });
});

describe("DELETE /sessions/{id}: an id that is not one of the learner's sessions is a 404 and nothing is deleted", () => {
  const revoke = (id: string) =>
    send(api, "DELETE", `/sessions/${id}`, { headers: sameSite(jar, `${api.url}/sessions/${id}`) });

  it.each([
    ["not hex", () => "not-a-session"],
    ["upper-case hex", () => "A".repeat(64)],
    ["63 characters", () => "a".repeat(63)],
    ["65 characters", () => "a".repeat(65)],
    ["a well-formed id of no session", () => "0".repeat(64)],
    ["another learner's session", async () => sessionIdOf((await signIn(api, "hubot")).token)],
  ])("%s → 404 not_found", async (_name, id) => {
    const target = await id();
    const before = await sessions();
    expectError(await revoke(target), 404, "not_found");
    expect(await sessions()).toEqual(before);
  });
});
