import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { resolve } from "node:path";
import type { RouteSpec } from "@akasha/api/routes";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  type CorsOptions,
  createGateway,
  fromResult,
  type GatewayRequest,
  invoke,
  matchRoute,
  payloadLimitBytes,
  type RunningGateway,
  startGateway,
  toEvent,
} from "../src/gateway";
// The payload format 2.0 example event from AWS's developer guide, "Create AWS Lambda proxy
// integrations for HTTP APIs" (docs.aws.amazon.com/apigateway/latest/developerguide/
// http-api-develop-integrations-lambda.html), copied as published, header names lower-case as on the
// current page.
import documented from "./fixtures/aws-payload-v2-event.json";
import { bytes as pngBytes } from "./fixtures/handlers/functions/binary";

const handlersDir = resolve(import.meta.dirname, "fixtures/handlers");

const route = (key: string, handler: RouteSpec["handler"], timeout?: number): RouteSpec => ({
  route: key as RouteSpec["route"],
  handler,
  link: [],
  auth: "none",
  ...(timeout !== undefined && { timeout }),
});

const routes: RouteSpec[] = [
  route("GET /items/{id}", "functions/echo.ts"),
  route("GET /items/featured", "functions/echo.ts"),
  route("GET /files/{proxy+}", "functions/echo.ts"),
  route("GET /files/{folder}/readme", "functions/echo.ts"),
  route("GET /echo", "functions/echo.ts"),
  route("POST /echo", "functions/echo.ts"),
  route("GET /cookies", "functions/cookies.ts"),
  route("GET /cors", "functions/cors-headers.ts"),
  route("GET /binary", "functions/binary.ts"),
  route("POST /size", "functions/size.ts"),
  route("GET /inferred", "functions/inferred.ts"),
  route("GET /throws", "functions/throws.ts"),
  route("GET /malformed", "functions/malformed.ts"),
  route("GET /slow", "functions/slow.ts", 0.2),
  route("GET /env", "functions/env.ts"),
];

const fixtureLink = '{"name":"test-Fixture","type":"sst.aws.Dynamo"}';
const env = { SST_RESOURCE_App: '{"name":"akasha","stage":"test"}', SST_RESOURCE_Fixture: fixtureLink };

const site = "http://localhost:4321";
const cors: CorsOptions = {
  allowOrigins: [site],
  allowMethods: ["GET", "POST", "DELETE"],
  allowHeaders: ["content-type", "authorization"],
  exposeHeaders: ["apigw-requestid"],
  allowCredentials: true,
  maxAge: 600,
};

function gatewayRequest(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: "GET",
    url: "/",
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: "127.0.0.1",
    host: "localhost:3000",
    ...overrides,
  };
}

const noMatch = { routeKey: "$default", pathParameters: {} };

/** Every key path of an object, not descending into maps whose keys are request data. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  const dataMaps = ["headers", "queryStringParameters", "pathParameters", "stageVariables"];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    return [path, ...(dataMaps.includes(path) ? [] : keyPaths(child, `${path}.`))];
  });
}

describe("the payload 2.0 event", () => {
  it("has the type the handlers are written against", () => {
    expectTypeOf(toEvent).returns.toEqualTypeOf<APIGatewayProxyEventV2>();
    expectTypeOf(documented).toExtend<APIGatewayProxyEventV2>();
  });

  it("has AWS's documented shape and values for the equivalent request", () => {
    const req = gatewayRequest({
      method: "POST",
      url: `${documented.rawPath}?${documented.rawQueryString}`,
      headers: {
        header1: "value1",
        header2: ["value1", "value2"],
        cookie: "cookie1; cookie2",
        "user-agent": "agent",
        "content-type": "text/plain",
      },
      body: Buffer.from(documented.body),
      sourceIp: documented.requestContext.http.sourceIp,
      host: documented.requestContext.domainName,
    });

    const event = toEvent(
      req,
      { routeKey: "$default", pathParameters: documented.pathParameters },
      new Date(documented.requestContext.timeEpoch),
    );

    // No mutual TLS, no authorizer and no stage variables are configured on our API.
    const notConfigured = ["requestContext.authentication", "requestContext.authorizer", "stageVariables"];
    const expectedKeys = keyPaths(documented).filter((p) => !notConfigured.some((n) => p.startsWith(n)));
    expect(keyPaths(event).sort()).toEqual(expectedKeys.sort());
    expect(event).toMatchObject({
      version: documented.version,
      routeKey: documented.routeKey,
      rawPath: documented.rawPath,
      rawQueryString: documented.rawQueryString,
      cookies: documented.cookies,
      queryStringParameters: documented.queryStringParameters,
      pathParameters: documented.pathParameters,
      body: documented.body,
      isBase64Encoded: documented.isBase64Encoded,
      requestContext: {
        domainName: documented.requestContext.domainName,
        domainPrefix: documented.requestContext.domainPrefix,
        http: documented.requestContext.http,
        routeKey: documented.requestContext.routeKey,
        stage: documented.requestContext.stage,
        timeEpoch: documented.requestContext.timeEpoch,
      },
    });
    expect(event.headers).toMatchObject(documented.headers);
    const sentToo = ["user-agent", "content-type"];
    const addedByTheGateway = ["x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id"];
    expect(Object.keys(event.headers).sort()).toEqual(
      [...Object.keys(documented.headers), ...sentToo, ...addedByTheGateway].sort(),
    );
  });

  it("formats requestContext.time like AWS and gives every request its own id", () => {
    const now = new Date("2020-03-12T19:03:58.390Z");
    const first = toEvent(gatewayRequest(), noMatch, now);
    const second = toEvent(gatewayRequest(), noMatch, now);

    expect(first.requestContext.time).toBe(documented.requestContext.time);
    expect(first.requestContext.requestId).not.toBe(second.requestContext.requestId);
  });

  it("moves cookies out of the headers and joins repeated headers and parameters with commas", () => {
    const event = toEvent(
      gatewayRequest({
        url: "/items/1?tag=a&tag=b&empty&q=a%20b+c",
        headers: { Cookie: ["a=1; b=2", "c=3"], Accept: ["text/html", "application/json"], "X-One": "1" },
      }),
      noMatch,
      new Date(),
    );

    expect(event.cookies).toEqual(["a=1", "b=2", "c=3"]);
    expect(event.headers).not.toHaveProperty("cookie");
    expect(event.headers).toMatchObject({ accept: "text/html,application/json", "x-one": "1" });
    expect(event.queryStringParameters).toEqual({ tag: "a,b", empty: "", q: "a b c" });
    expect(event.rawQueryString).toBe("tag=a&tag=b&empty&q=a%20b+c");
  });

  it("leaves out cookies, query parameters, path parameters and body when there are none", () => {
    const event = toEvent(
      gatewayRequest({ url: "/health" }),
      { routeKey: "GET /health", pathParameters: {} },
      new Date(),
    );

    expect(event).not.toHaveProperty("cookies");
    expect(event).not.toHaveProperty("queryStringParameters");
    expect(event).not.toHaveProperty("pathParameters");
    expect(event).not.toHaveProperty("body");
    expect(event).not.toHaveProperty("stageVariables");
    expect(event.isBase64Encoded).toBe(false);
    expect(event.rawQueryString).toBe("");
  });

  it("decodes the path but keeps the raw query string as sent", () => {
    const event = toEvent(gatewayRequest({ url: "/files/a%20b/c%2Fd?x=%2F" }), noMatch, new Date());

    expect(event.rawPath).toBe("/files/a b/c/d");
    expect(event.requestContext.http.path).toBe("/files/a b/c/d");
    expect(event.rawQueryString).toBe("x=%2F");
    expect(event.queryStringParameters).toEqual({ x: "/" });
  });

  it.each([
    ["application/json", false],
    ["application/json; charset=utf-8", false],
    ["text/plain", false],
    ["text/html; charset=utf-8", false],
    ["application/xml", false],
    ["application/javascript", false],
    ["application/octet-stream", true],
    ["image/png", true],
    ["application/x-www-form-urlencoded", true],
    ["multipart/form-data; boundary=x", true],
    [undefined, true],
  ])("hands a %s body over base64-encoded: %s", (contentType, base64) => {
    const body = Buffer.from("héllo");
    const headers = contentType ? { "content-type": contentType } : {};

    const event = toEvent(gatewayRequest({ method: "POST", headers, body }), noMatch, new Date());

    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(body.toString(base64 ? "base64" : "utf8"));
  });
});

describe("route matching", () => {
  const table = [
    route("GET /items/{id}", "functions/echo.ts"),
    route("GET /items/featured", "functions/echo.ts"),
    route("GET /files/{proxy+}", "functions/echo.ts"),
    route("GET /files/{folder}/readme", "functions/echo.ts"),
    route("ANY /any/{proxy+}", "functions/echo.ts"),
    route("DELETE /any/{proxy+}", "functions/echo.ts"),
  ];

  it.each([
    ["GET", "/items/featured", "GET /items/featured", {}],
    ["GET", "/items/42", "GET /items/{id}", { id: "42" }],
    ["GET", "/files/docs/readme", "GET /files/{folder}/readme", { folder: "docs" }],
    ["GET", "/files/docs/guide/intro.md", "GET /files/{proxy+}", { proxy: "docs/guide/intro.md" }],
    ["GET", "/files/readme", "GET /files/{proxy+}", { proxy: "readme" }],
    ["POST", "/any/thing", "ANY /any/{proxy+}", { proxy: "thing" }],
    ["DELETE", "/any/thing", "DELETE /any/{proxy+}", { proxy: "thing" }],
  ])("%s %s → %s", (method, path, routeKey, pathParameters) => {
    expect(matchRoute(table, method, path)).toMatchObject({ routeKey, pathParameters });
  });

  it.each([
    ["GET", "/nowhere"],
    ["POST", "/items/42"],
    ["GET", "/items"],
    ["GET", "/items/"],
    ["GET", "/items/42/extra"],
    ["GET", "/files"],
    ["GET", "/files/"],
    ["HEAD", "/items/42"],
  ])("%s %s matches nothing", (method, path) => {
    expect(matchRoute(table, method, path)).toBeUndefined();
  });
});

describe("the payload 2.0 response", () => {
  // AWS's documented interpretation of results without statusCode (same developer guide page).
  it.each<[string, APIGatewayProxyResultV2<{ message: string }>, string]>([
    ["a string", "Hello from Lambda!", "Hello from Lambda!"],
    ["an object", { message: "Hello from Lambda!" }, '{"message":"Hello from Lambda!"}'],
  ])("infers a 200 JSON response from %s", (_, result, body) => {
    const response = fromResult(result);

    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual([["content-type", "application/json"]]);
    expect(response.body.toString()).toBe(body);
  });

  it("uses the documented custom format as it is, one set-cookie per cookie", () => {
    const response = fromResult({
      cookies: ["cookie1", "cookie2"],
      isBase64Encoded: false,
      statusCode: 201,
      headers: { headerName: "headerValue", "x-count": 3 },
      body: "Hello from Lambda!",
    });

    expect(response).toEqual({
      statusCode: 201,
      headers: [
        ["headerName", "headerValue"],
        ["x-count", "3"],
        ["set-cookie", "cookie1"],
        ["set-cookie", "cookie2"],
      ],
      body: Buffer.from("Hello from Lambda!"),
    });
  });

  it("decodes a base64 body", () => {
    const response = fromResult({
      statusCode: 200,
      isBase64Encoded: true,
      body: pngBytes.toString("base64"),
    });

    expect(response.body).toEqual(pngBytes);
  });

  it.each<[string, unknown]>([
    ["a string statusCode", { statusCode: "200", body: "" }],
    ["a statusCode out of range", { statusCode: 42 }],
    ["an object body", { statusCode: 200, body: { not: "a string" } }],
    ["cookies that are not strings", { statusCode: 200, cookies: [1] }],
    ["a header that is an object", { statusCode: 200, headers: { a: { b: 1 } } }],
    ["a result JSON cannot carry", { statusCode: 200, body: 1n }],
  ])("rejects %s", (_, result) => {
    expect(() => fromResult(result)).toThrow();
  });
});

async function fetchFrom(gateway: RunningGateway, path: string, init: RequestInit = {}) {
  const response = await fetch(`${gateway.url}${path}`, init);
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const json = (body: Buffer) => JSON.parse(body.toString());

describe("the gateway over HTTP", () => {
  const lines: string[] = [];
  let gateway: RunningGateway;

  beforeAll(async () => {
    expect(process.env.SST_RESOURCE_Fixture).toBeUndefined();
    gateway = await startGateway({
      routes,
      handlersDir,
      env,
      cors,
      port: 0,
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await gateway.close();
    for (const name of Object.keys(env)) delete process.env[name];
  });

  const get = (path: string, init?: RequestInit) => fetchFrom(gateway, path, init);

  it.each([
    ["/items/featured", "GET /items/featured", undefined],
    ["/items/42", "GET /items/{id}", { id: "42" }],
    ["/items/a%20b", "GET /items/{id}", { id: "a b" }],
    ["/files/docs/readme", "GET /files/{folder}/readme", { folder: "docs" }],
    ["/files/docs/guide/intro.md", "GET /files/{proxy+}", { proxy: "docs/guide/intro.md" }],
  ])("routes %s to %s", async (path, routeKey, pathParameters) => {
    const { status, body } = await get(path);

    expect(status).toBe(200);
    expect(json(body).event.routeKey).toBe(routeKey);
    expect(json(body).event.pathParameters).toEqual(pathParameters);
  });

  it.each([
    ["GET", "/nowhere"],
    ["DELETE", "/items/42"],
    ["GET", "/files"],
  ])("answers %s %s with API Gateway's 404", async (method, path) => {
    const { status, body, headers } = await get(path, { method });

    expect(status).toBe(404);
    expect(json(body)).toEqual({ message: "Not Found" });
    expect(headers.get("content-type")).toBe("application/json");
  });

  it("gives the handler its request id, as requestContext.requestId and context.awsRequestId", async () => {
    const { body, headers } = await get("/items/7");
    const { event, context } = json(body);

    expect(headers.get("apigw-requestid")).toBe(event.requestContext.requestId);
    expect(context.awsRequestId).toBe(event.requestContext.requestId);
    expect(context.functionName).toBe("echo");
    expect(context.remainingMs).toBeGreaterThan(9_000);
  });

  it("logs one line per request: method, path, status, latency", async () => {
    await get("/items/42?x=1");

    expect(lines).toContainEqual(expect.stringMatching(/^GET \/items\/42 200 \d+ms$/));
  });

  it("passes request cookies in `cookies`, not in the headers", async () => {
    const { body } = await get("/echo", { headers: { cookie: "session=abc; theme=dark" } });
    const { event } = json(body);

    expect(event.cookies).toEqual(["session=abc", "theme=dark"]);
    expect(event.headers.cookie).toBeUndefined();
  });

  it("joins a header sent twice with a comma", async () => {
    const event = await new Promise<APIGatewayProxyEventV2>((done, fail) => {
      const url = new URL("/echo", gateway.url);
      httpRequest(url, { headers: { "x-dup": ["one", "two"] } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done(json(Buffer.concat(chunks)).event));
      })
        .on("error", fail)
        .end();
    });

    expect(event.headers["x-dup"]).toBe("one,two");
  });

  it("sends each of the result's cookies as its own Set-Cookie header", async () => {
    const { status, headers, body } = await get("/cookies");

    expect(status).toBe(201);
    expect(headers.getSetCookie()).toEqual([
      "session=abc; Path=/; HttpOnly; SameSite=Lax",
      "theme=dark; Path=/",
    ]);
    expect(headers.get("x-custom")).toBe("kept");
    expect(body.toString()).toBe("two cookies");
  });

  it("hands a binary request body to the handler base64-encoded", async () => {
    const { body } = await get("/echo", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: pngBytes,
    });
    const { event } = json(body);

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, "base64")).toEqual(pngBytes);
  });

  it("decodes a base64 response body into bytes", async () => {
    const { headers, body } = await get("/binary");

    expect(headers.get("content-type")).toBe("image/png");
    expect(body).toEqual(pngBytes);
  });

  it.each([
    ["", { message: "Hello from Lambda!" }],
    ["?kind=string", "Hello from Lambda!"],
  ])("infers a 200 JSON response from a result without statusCode (%s)", async (query, expected) => {
    const { status, headers, body } = await get(`/inferred${query}`);

    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json");
    expect(typeof expected === "string" ? body.toString() : json(body)).toEqual(expected);
  });

  it.each([
    ["/throws", "boom: the fixture handler failed"],
    ["/malformed", "body is not a string"],
    ["/slow", "Task timed out after 0.20 seconds"],
  ])("answers %s with 500 and logs why", async (path, reason) => {
    const { status, body, headers } = await get(path);

    expect(status).toBe(500);
    expect(json(body)).toEqual({ message: "Internal Server Error" });
    const requestId = headers.get("apigw-requestid");
    expect(lines.find((line) => line.startsWith(`${requestId} ERROR`))).toContain(reason);
  });

  it("applies the env before importing a handler, for process.env and sst's Resource", async () => {
    const { body } = await get("/env");

    expect(json(body)).toEqual({ atImport: fixtureLink, resourceName: "test-Fixture" });
  });

  it.each([
    [payloadLimitBytes, 200],
    [payloadLimitBytes + 1, 413],
  ])("accepts a body up to 10 MB: %i bytes → %i", async (size, expected) => {
    const { status, body } = await get("/size", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(size, 1),
    });

    expect(status).toBe(expected);
    expect(json(body)).toEqual(expected === 200 ? { bytes: size } : { message: "Request Entity Too Large" });
  });

  describe("CORS", () => {
    const preflight = (origin: string, path = "/items/1") =>
      get(path, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });

    it.each(["/items/1", "/no/route/here"])("answers an allowed preflight itself, for %s", async (path) => {
      const { status, headers } = await preflight(site, path);

      expect(status).toBe(204);
      expect(Object.fromEntries([...headers].filter(([name]) => name.startsWith("access-control-")))).toEqual(
        {
          "access-control-allow-origin": site,
          "access-control-allow-credentials": "true",
          "access-control-allow-methods": "GET,POST,DELETE",
          "access-control-allow-headers": "content-type,authorization",
          "access-control-max-age": "600",
        },
      );
      expect(headers.get("vary")).toBe("origin");
    });

    it("answers a preflight from another origin without CORS headers", async () => {
      const { status, headers } = await preflight("https://evil.example");

      expect(status).toBe(204);
      expect([...headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    });

    it("routes an OPTIONS request that is no preflight", async () => {
      const { status } = await get("/items/1", { method: "OPTIONS", headers: { origin: site } });

      expect(status).toBe(404);
    });

    it("puts the configured headers on an allowed response and drops the handler's own", async () => {
      const { headers } = await get("/cors", { headers: { origin: site } });

      expect(headers.get("access-control-allow-origin")).toBe(site);
      expect(headers.get("access-control-allow-credentials")).toBe("true");
      expect(headers.get("access-control-expose-headers")).toBe("apigw-requestid");
      expect(headers.get("access-control-allow-methods")).toBeNull();
      expect(headers.get("vary")).toBe("origin");
      expect(headers.get("x-custom")).toBe("kept");
    });

    it.each([
      ["another origin", { origin: "https://evil.example" }],
      ["no origin", {}],
    ])("adds no CORS headers for %s", async (_, requestHeaders) => {
      const { status, headers } = await get("/cors", { headers: requestHeaders });

      expect(status).toBe(200);
      expect([...headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    });
  });
});

describe("the gateway's edges", () => {
  it("answers 503 when the integration times out before the function", async () => {
    const gateway = await startGateway({
      routes: [route("GET /slow", "functions/slow.ts", 5)],
      handlersDir,
      env: {},
      port: 0,
      integrationTimeoutMs: 100,
      log: () => {},
    });
    try {
      const { status, body } = await fetchFrom(gateway, "/slow");

      expect(status).toBe(503);
      expect(json(body)).toEqual({ message: "Service Unavailable" });
    } finally {
      await gateway.close();
    }
  });

  it("refuses a port in use with one line that says what to do", async () => {
    const first = await startGateway({ routes, handlersDir, env: {}, port: 0, log: () => {} });
    try {
      await expect(startGateway({ routes, handlersDir, env: {}, port: first.port })).rejects.toThrow(
        `API gateway: port ${first.port} is already in use — stop whatever holds it or set API_PORT`,
      );
    } finally {
      await first.close();
    }
  });

  it("closes at once, even with a client connected mid-request", async () => {
    const gateway = await startGateway({ routes, handlersDir, env: {}, port: 0, log: () => {} });
    const client = connect(gateway.port, "127.0.0.1");
    await once(client, "connect");
    client.write("GET /items/1 HTTP/1.1\r\nHost: localhost\r\n");
    client.on("error", () => {});

    const started = performance.now();
    await gateway.close();

    expect(performance.now() - started).toBeLessThan(1_000);
    client.destroy();
  });

  it("runs a request in process, without HTTP", async () => {
    const gateway = createGateway({ routes, handlersDir, env: {}, log: () => {} });

    const response = await invoke(gateway, gatewayRequest({ url: "/items/9?view=full" }));

    expect(response.statusCode).toBe(200);
    expect(json(response.body).event).toMatchObject({
      routeKey: "GET /items/{id}",
      pathParameters: { id: "9" },
      queryStringParameters: { view: "full" },
    });
  });
});
