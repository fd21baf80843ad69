import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";

// Its own file: handlers read DYNAMODB_ENDPOINT once, when their module is first imported.
describe("when DynamoDB is down", () => {
  let down: TestApi;
  beforeAll(async () => {
    down = await startTestApi("down", { dynamoEndpoint: "http://127.0.0.1:9" });
  });
  afterAll(() => down.close());

  it("health reports not ready with a 503", async () => {
    const response = await fetch(`${down.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "unavailable",
      checks: { dynamodb: "unreachable" },
    });
  });

  it("a data route answers 503 JSON with a request id and no internals", async () => {
    const response = await fetch(`${down.url}/exercises`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "unavailable", requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.ts|stack/);
  });
});
