import { catalog } from "@akasha/core/catalog";
import { keys } from "@akasha/core/tables";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi("catalog");
  const doc = DynamoDBDocumentClient.from(api.tables.client);
  await doc.send(
    new PutCommand({
      TableName: api.names.Progress,
      Item: { ...keys.exerciseStats("linux-02"), completions: 7 },
    }),
  );
});
afterAll(() => api.close());

const get = async (path: string) => {
  const response = await fetch(`${api.url}${path}`);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
};

describe("GET /health", () => {
  it("is ok when every table answers", async () => {
    const { status, body } = await get("/health");
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok", checks: { dynamodb: "ok" }, stage: "test" });
  });
});

describe("GET /exercises", () => {
  it("lists every module and exercise of the catalog, with completion counts from DynamoDB", async () => {
    const { status, body, headers } = await get("/exercises");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    const { modules, exercises } = body as {
      modules: { id: string }[];
      exercises: Record<string, unknown>[];
    };
    expect(modules.map((m) => m.id)).toEqual(catalog.modules.map((m) => m.id));
    expect(exercises.map((e) => e.id)).toEqual(catalog.exercises.map((e) => e.id));
    expect(exercises.find((e) => e.id === "linux-02")?.completions).toBe(7);
    expect(exercises.find((e) => e.id === "linux-01")?.completions).toBe(0);
  });

  it("describes checks by id and title only: commands stay in the CLI", async () => {
    const { body } = await get("/exercises");
    const first = (body.exercises as { checks: Record<string, unknown>[] }[])[0];
    expect(Object.keys(first?.checks[0] ?? {}).sort()).toEqual(["id", "title"]);
  });
});

describe("GET /exercises/{id}", () => {
  it("returns one exercise with its instructions, hints and count", async () => {
    const { status, body } = await get("/exercises/linux-02");
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: "linux-02", moduleId: "linux", version: 1, completions: 7 });
    expect(body.instructions).toEqual(expect.stringContaining("executable"));
    expect((body.checks as { hint: string }[]).every((c) => c.hint.length > 0)).toBe(true);
  });

  it.each([
    ["/exercises/linux-99", 404, "not_found"],
    ["/exercises/LINUX-01", 404, "not_found"],
    ["/exercises/a%20b", 404, "not_found"],
    [`/exercises/${"x".repeat(200)}`, 404, "not_found"],
  ])("%s → %i %s", async (path, status, code) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, error: expect.any(String) });
  });
});
