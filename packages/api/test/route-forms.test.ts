/**
 * The route wrapper's two OAuth options, on a handler of its own called with payload-v2 events:
 * `bodyType: "form"` (form bodies parsed with URLSearchParams and validated like JSON ones) and
 * `errors: "oauth"` (RFC 6749's error shape, every answer uncacheable). Its own file: the wrapper
 * is imported without the gateway, so no handler environment is needed.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

type RouteModule = typeof import("../src/lib/route");
type Errors = typeof import("../src/lib/errors");
let route: RouteModule["route"];
let HttpError: Errors["HttpError"];
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  ({ route } = await import("../src/lib/route"));
  ({ HttpError } = await import("../src/lib/errors"));
});

const Fields = z.object({ name: z.string().max(10), note: z.string().optional() });

function event(
  body: string | undefined,
  contentType: string | undefined,
  base64 = false,
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "POST /test",
    rawPath: "/test",
    rawQueryString: "",
    headers: contentType ? { "content-type": contentType } : {},
    requestContext: {
      requestId: "req-1",
      http: { method: "POST", path: "/test", sourceIp: "127.0.0.1", protocol: "HTTP/1.1", userAgent: "test" },
    } as APIGatewayProxyEventV2["requestContext"],
    body: base64 && body !== undefined ? Buffer.from(body).toString("base64") : body,
    isBase64Encoded: base64,
  };
}

/** A handler that echoes its parsed body, or throws what it is given. */
const echo = (options: { errors?: "api" | "oauth"; fail?: () => never } = {}) =>
  route({ body: Fields, bodyType: "form", errors: options.errors }, async ({ body }) => {
    options.fail?.();
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  });

const form = "application/x-www-form-urlencoded";
const parsed = async (response: Promise<{ statusCode: number; body?: string; headers?: unknown }>) => {
  const r = await response;
  return { status: r.statusCode, body: JSON.parse(r.body ?? "null") as unknown, headers: r.headers };
};

describe("bodyType: form", () => {
  it.each([
    ["plain fields", "name=ada&note=hi", { name: "ada", note: "hi" }],
    ["+ as a space and percent escapes", "name=a+b&note=%C3%A9%26%3D", { name: "a b", note: "é&=" }],
    ["unknown fields dropped", "name=ada&admin=true", { name: "ada" }],
    ["an empty value", "name=", { name: "" }],
    ["a field named __proto__", "name=ada&__proto__=x", { name: "ada" }],
  ])("parses %s", async (_name, body, expected) => {
    const r = await parsed(echo()(event(body, form, true)));
    expect(r).toMatchObject({ status: 200, body: expected });
  });

  it("accepts a charset parameter and a plain-text (not base64) body", async () => {
    const r = await parsed(echo()(event("name=ada", `${form}; charset=UTF-8`)));
    expect(r).toMatchObject({ status: 200, body: { name: "ada" } });
  });

  it.each([
    ["a field sent twice", "name=ada&name=bob", form, 400, "invalid_request"],
    ["a missing required field", "note=x", form, 400, "invalid_request"],
    ["no body", undefined, form, 400, "invalid_request"],
    ["a field over its limit", `name=${"x".repeat(11)}`, form, 400, "invalid_request"],
    ["JSON", '{"name":"ada"}', "application/json", 415, "unsupported_media_type"],
    ["multipart", "name=ada", "multipart/form-data; boundary=x", 415, "unsupported_media_type"],
    ["no Content-Type", "name=ada", undefined, 415, "unsupported_media_type"],
  ])("refuses %s → %i %s in the API's shape", async (_name, body, contentType, status, code) => {
    const r = await parsed(echo()(event(body, contentType, true)));
    expect(r).toMatchObject({ status, body: { error: expect.any(String), code } });
  });
});

describe("errors: oauth", () => {
  const uncacheable = { "cache-control": "no-store", pragma: "no-cache" };

  it("marks a success uncacheable (RFC 6749 §5.1)", async () => {
    const r = await parsed(echo({ errors: "oauth" })(event("name=ada", form, true)));
    expect(r).toMatchObject({ status: 200, headers: uncacheable });
  });

  it.each([
    [
      "an OAuth error the handler throws",
      () => new HttpError(400, "slow_down", "poll less often"),
      400,
      "slow_down",
    ],
    ["invalid_client", () => new HttpError(401, "invalid_client", "who?"), 401, "invalid_client"],
    [
      "a code of ours that is no OAuth error",
      () => new HttpError(409, "conflict", "no"),
      409,
      "invalid_request",
    ],
  ])("answers %s as {error, error_description}", async (_name, error, status, code) => {
    const fail = () => {
      throw error();
    };
    const r = await parsed(echo({ errors: "oauth", fail })(event("name=ada", form, true)));
    expect(r).toEqual({
      status,
      body: { error: code, error_description: expect.any(String) },
      headers: expect.objectContaining(uncacheable),
    });
  });

  it.each([
    ["a field sent twice", "name=a&name=b", form, 400],
    ["JSON", '{"name":"ada"}', "application/json", 415],
    ["a body over 64 KB", `name=${"x".repeat(70_000)}`, form, 413],
  ])(
    "answers the wrapper's own refusal of %s as invalid_request",
    async (_name, body, contentType, status) => {
      const r = await parsed(echo({ errors: "oauth" })(event(body, contentType, true)));
      expect(r).toEqual({
        status,
        body: { error: "invalid_request", error_description: expect.any(String) },
        headers: expect.objectContaining(uncacheable),
      });
    },
  );

  it("answers a fault as server_error with the request id and nothing of the fault", async () => {
    const fail = () => {
      throw new Error("secret internals");
    };
    const r = await parsed(echo({ errors: "oauth", fail })(event("name=ada", form, true)));
    expect(r).toEqual({
      status: 500,
      body: { error: "server_error", error_description: expect.any(String), requestId: "req-1" },
      headers: expect.objectContaining(uncacheable),
    });
    expect(JSON.stringify(r.body)).not.toContain("secret internals");
  });
});
