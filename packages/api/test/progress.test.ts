import { randomUUID } from "node:crypto";
import { clock } from "@akasha/api/lib/clock";
import { getExercise } from "@akasha/core/catalog";
import { streak } from "@akasha/core/progress";
import { keys } from "@akasha/core/tables";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";
import { signIn } from "./support/browser";

let api: TestApi;
let doc: DynamoDBDocumentClient;
beforeAll(async () => {
  api = await startTestApi("progress");
  doc = DynamoDBDocumentClient.from(api.tables.client);
});
afterAll(() => api.close());
afterEach(() => clock.reset());

const day = 86_400_000;

function result(exerciseId: string, passed: boolean | boolean[]) {
  const exercise = getExercise(exerciseId);
  if (!exercise) throw new Error(exerciseId);
  return {
    exerciseVersion: exercise.version,
    checks: exercise.checks.map((c, i) => ({
      id: c.id,
      passed: Array.isArray(passed) ? (passed[i] ?? false) : passed,
      output: `ran ${c.id}`,
    })),
    cliVersion: "0.1.0",
  };
}

async function verify(token: string, exerciseId: string, body: unknown, key = randomUUID()) {
  const response = await fetch(`${api.url}/exercises/${exerciseId}/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const progressItem = async (userId: string, exerciseId: string) =>
  (
    await doc.send(
      new GetCommand({
        TableName: api.names.Progress,
        Key: keys.userProgress(userId, exerciseId),
        ConsistentRead: true,
      }),
    )
  ).Item;

const completions = async (exerciseId: string) => {
  const list = (await (await fetch(`${api.url}/exercises`)).json()) as {
    exercises: { id: string; completions: number }[];
  };
  return list.exercises.find((e) => e.id === exerciseId)?.completions;
};

describe("POST /exercises/{id}/verify", () => {
  it("records a failing attempt and answers with the new state", async () => {
    const { token } = await signIn(api, "octocat");
    const { status, body } = await verify(token, "linux-02", result("linux-02", [true, false]));
    expect(status).toBe(200);
    expect(body).toEqual({
      exerciseId: "linux-02",
      passed: false,
      attempts: 1,
      completedAt: null,
      firstCompletion: false,
      checks: [
        { id: "script-runs", passed: true, output: "ran script-runs" },
        { id: "secret-private", passed: false, output: "ran secret-private" },
      ],
    });
  });

  it("sets completedAt once, on the first all-pass result, and never moves it", async () => {
    const { token } = await signIn(api, "hubot");
    const before = await completions("linux-03");
    await verify(token, "linux-03", result("linux-03", false));
    expect((await progressItem("480938", "linux-03"))?.gsi1pk).toBeUndefined(); // the sparse index waits for completion

    const first = await verify(token, "linux-03", result("linux-03", true));
    expect(first.body).toMatchObject({
      passed: true,
      attempts: 2,
      firstCompletion: true,
      completedAt: expect.any(String),
    });
    const item = await progressItem("480938", "linux-03");
    expect(item?.gsi1pk).toBe("EXERCISE#linux-03");
    expect(item?.gsi1sk).toBe(`COMPLETED#${first.body.completedAt}`);

    clock.advance(3_600_000);
    const again = await verify(token, "linux-03", result("linux-03", true));
    expect(again.body).toMatchObject({
      passed: true,
      attempts: 3,
      firstCompletion: false,
      completedAt: first.body.completedAt,
    });
    const failedLater = await verify(token, "linux-03", result("linux-03", [false, true]));
    expect(failedLater.body).toMatchObject({
      passed: false,
      attempts: 4,
      completedAt: first.body.completedAt,
    });

    // The latest attempt's per-check results are what is kept.
    expect((await progressItem("480938", "linux-03"))?.checks).toEqual(
      result("linux-03", [false, true]).checks,
    );
    expect((await progressItem("480938", "linux-03"))?.gsi1sk).toBe(`COMPLETED#${first.body.completedAt}`);
    // Completions count learners, not passes.
    expect(await completions("linux-03")).toBe((before ?? 0) + 1);
  });

  it("counts each learner once in the exercise's completion count", async () => {
    const before = (await completions("linux-01")) ?? 0;
    for (const login of ["octocat", "unverified"]) {
      const { token } = await signIn(api, login);
      await verify(token, "linux-01", result("linux-01", true));
      await verify(token, "linux-01", result("linux-01", true));
    }
    expect(await completions("linux-01")).toBe(before + 2);
  });

  it("a replayed Idempotency-Key returns the same answer and is counted once", async () => {
    const { token } = await signIn(api, "octocat");
    const key = randomUUID();
    const body = result("linux-02", true);
    const first = await verify(token, "linux-02", body, key);
    const replay = await verify(token, "linux-02", body, key);
    expect(replay).toEqual(first);
    const next = await verify(token, "linux-02", body);
    expect(next.body.attempts).toBe((first.body.attempts as number) + 1);
  });

  it("records the exercise version and the CLI version with the attempt", async () => {
    const { token } = await signIn(api, "octocat");
    await verify(token, "linux-01", result("linux-01", false));
    expect(await progressItem("583231", "linux-01")).toMatchObject({
      exerciseVersion: 1,
      cliVersion: "0.1.0",
    });
  });

  it("refuses a session that was revoked, and writes nothing", async () => {
    const { token } = await signIn(api, "hubot");
    await fetch(`${api.url}/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const before = await progressItem("480938", "linux-02");
    const { status, body } = await verify(token, "linux-02", result("linux-02", true));
    expect(status).toBe(401);
    expect(body).toMatchObject({ code: "invalid_session" });
    expect(await progressItem("480938", "linux-02")).toEqual(before);
  });
});

describe("concurrency", () => {
  it("200 concurrent verifies for one learner and exercise leave attempts == 200", async () => {
    const { token } = await signIn(api, "unverified");
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => verify(token, "linux-02", result("linux-02", i % 2 === 0))),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect((await progressItem("9919", "linux-02"))?.attempts).toBe(200);
    expect(new Set(answers.map((a) => a.body.attempts)).size).toBe(200); // each saw its own increment
    expect(answers.filter((a) => a.body.firstCompletion)).toHaveLength(1);
  }, 60_000);

  it("50 concurrent replays of one Idempotency-Key count once and all get the same answer", async () => {
    const { token } = await signIn(api, "octocat");
    const before = Number((await progressItem("583231", "linux-03"))?.attempts ?? 0);
    const key = randomUUID();
    const body = result("linux-03", [true, false]);
    const answers = await Promise.all(Array.from({ length: 50 }, () => verify(token, "linux-03", body, key)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect((await progressItem("583231", "linux-03"))?.attempts).toBe(before + 1);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
  }, 60_000);
});

describe("GET /progress", () => {
  it("lists the learner's progress and a streak of days with a verification", async () => {
    const { token } = await signIn(api, "hubot");
    const get = async () =>
      (await (
        await fetch(`${api.url}/progress`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        progress: { exerciseId: string; attempts: number; completedAt: string | null; checks: unknown[] }[];
        streak: { current: number; longest: number };
        activity: { day: string; verifications: number }[];
      };
    const now = await get();
    expect(now.progress.map((p) => p.exerciseId)).toEqual(["linux-03"]); // the revoked attempt at linux-02 wrote nothing
    expect(now.progress.find((p) => p.exerciseId === "linux-03")).toMatchObject({
      attempts: 4,
      completedAt: expect.any(String),
    });
    expect(now.streak).toEqual({ current: 1, longest: 1 });

    clock.advance(day);
    await verify(token, "linux-01", result("linux-01", false));
    expect((await get()).streak).toEqual({ current: 2, longest: 2 });

    clock.advance(3 * day);
    expect((await get()).streak).toEqual({ current: 0, longest: 2 });
  });

  it("answers 401 without a session", async () => {
    const response = await fetch(`${api.url}/progress`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "unauthenticated" });
  });
});

describe("streaks", () => {
  const at = new Date("2026-03-10T12:00:00Z");
  it.each([
    ["no activity", [], { current: 0, longest: 0 }],
    ["today only", ["2026-03-10"], { current: 1, longest: 1 }],
    ["yesterday only: still alive today", ["2026-03-09"], { current: 1, longest: 1 }],
    ["three days ending today", ["2026-03-08", "2026-03-09", "2026-03-10"], { current: 3, longest: 3 }],
    [
      "a gap breaks the current run",
      ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"],
      { current: 2, longest: 3 },
    ],
    ["last active two days ago", ["2026-03-07", "2026-03-08"], { current: 0, longest: 2 }],
    ["across a month boundary", ["2026-02-28", "2026-03-01"], { current: 0, longest: 2 }],
    ["duplicates and disorder", ["2026-03-10", "2026-03-09", "2026-03-10"], { current: 2, longest: 2 }],
  ])("%s", (_name, days, expected) => {
    expect(streak(days, at)).toEqual(expected);
  });
});
