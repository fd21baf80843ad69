/**
 * `GET /openapi.json` describes the route table as it is: every route with its method, path,
 * parameters, body and security, generated from the same zod schemas that validate requests.
 */
import {
  DeviceCodeRequest,
  DeviceTokenRequest,
  ExercisePathParams,
  SessionPathParams,
  VerifyRequest,
} from "@akasha/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "../src/openapi";
import { type RouteSpec, routes } from "../src/routes";
import { startTestApi, type TestApi } from "./support/api";
import { send } from "./support/requests";

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  summary: string;
  security: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  components: { securitySchemes: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, Operation>>;
}

let api: TestApi;
let doc: Document;
beforeAll(async () => {
  api = await startTestApi("openapi");
  const sent = await send(api, "GET", "/openapi.json");
  expect(sent.status).toBe(200);
  doc = sent.body as Document;
});
afterAll(() => api.close());

/** Every route of the table but the `$default` catch-all, as method and path. */
const described = routes
  .filter((spec) => spec.route !== "$default")
  .map((spec) => {
    const [method = "", path = ""] = spec.route.split(" ");
    return { route: spec.route, method: method.toLowerCase(), path, auth: spec.auth as RouteSpec["auth"] };
  });

const operation = (path: string, method: string): Operation | undefined => doc.paths[path]?.[method];

/** As the request validation sees them: the schema of what a client sends. */
const jsonSchema = (type: z.ZodType) => z.toJSONSchema(type, { target: "draft-2020-12", io: "input" });

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document for this API, served as JSON", async () => {
    const sent = await send(api, "GET", "/openapi.json");
    expect(sent.headers["content-type"]).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual({ title: expect.any(String), version: expect.any(String) });
    expect(doc.servers).toEqual([{ url: api.url }]);
    expect(doc.components.securitySchemes).toEqual({
      bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      cookie: { type: "apiKey", in: "cookie", name: "akasha_session" },
    });
  });

  it("describes exactly the route table's routes: none missing, none extra", () => {
    const inDocument = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(inDocument.sort()).toEqual(described.map((d) => d.route).sort());
  });

  it.each(described.map((d) => [d.route, d] as const))("describes %s", (_route, { method, path }) => {
    const op = operation(path, method);
    expect(op, `${method.toUpperCase()} ${path} is not in the document`).toBeDefined();
    expect(op?.summary).toEqual(expect.stringMatching(/\S/));
    expect(Object.keys(op?.responses ?? {}).some((status) => /^[23]\d\d$/.test(status))).toBe(true);
  });

  it.each(described.map((d) => [d.route, d] as const))(
    "describes the path parameters of %s",
    (_route, { method, path }) => {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = (operation(path, method)?.parameters ?? []).filter((p) => p.in === "path");
      expect(params.map((p) => p.name)).toEqual(names);
      for (const p of params) expect(p).toMatchObject({ required: true, schema: { type: "string" } });
    },
  );

  it("gives path parameters the schemas that validate them", () => {
    const exerciseId = operation("/exercises/{id}", "get")?.parameters.find((p) => p.name === "id");
    const verifyId = operation("/exercises/{id}/verify", "post")?.parameters.find((p) => p.name === "id");
    const sessionId = operation("/sessions/{id}", "delete")?.parameters.find((p) => p.name === "id");
    expect(exerciseId?.schema).toEqual(jsonSchema(ExercisePathParams.shape.id));
    expect(verifyId?.schema).toEqual(jsonSchema(ExercisePathParams.shape.id));
    expect(sessionId?.schema).toEqual(jsonSchema(SessionPathParams.shape.id));
  });

  it("describes the verify request body with VerifyRequest's JSON Schema, and its Idempotency-Key", () => {
    const op = operation("/exercises/{id}/verify", "post");
    expect(op?.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: jsonSchema(VerifyRequest) } },
    });
    expect(op?.parameters.find((p) => p.in === "header")).toMatchObject({
      name: "Idempotency-Key",
      required: true,
      schema: { type: "string", format: "uuid" },
    });
  });

  it("describes the sign-in query: optional returnTo and login", () => {
    const query = operation("/auth/github", "get")?.parameters.filter((p) => p.in === "query");
    expect(query?.map((p) => [p.name, p.required])).toEqual([
      ["returnTo", false],
      ["login", false],
    ]);
  });

  const security: Record<RouteSpec["auth"], Record<string, string[]>[]> = {
    none: [],
    bearer: [{ bearer: [] }],
    cookie: [{ cookie: [] }],
    session: [{ bearer: [] }, { cookie: [] }],
  };
  it.each(described.map((d) => [d.route, d.auth, d] as const))(
    "gives %s the security of auth %s",
    (_route, auth, { method, path }) => {
      expect(operation(path, method)?.security).toEqual(security[auth]);
    },
  );

  it.each(described.map((d) => [d.route, d] as const))(
    "documents the client errors %s can answer, each as {error, code} ({error, error_description} on OAuth endpoints)",
    (_route, { method, path, auth }) => {
      const op = operation(path, method);
      const statuses = Object.keys(op?.responses ?? {});
      const oauth = op?.requestBody?.content["application/x-www-form-urlencoded"] !== undefined;
      if (auth !== "none") expect(statuses).toContain("401");
      if ((auth === "cookie" || auth === "session") && method !== "get") expect(statuses).toContain("403");
      if (path.includes("{")) expect(statuses).toContain("404");
      if (op?.requestBody || op?.parameters.some((p) => p.in === "query")) expect(statuses).toContain("400");
      for (const status of statuses.filter((s) => s.startsWith("4"))) {
        expect(op?.responses[status]?.content?.["application/json"]?.schema).toMatchObject(
          oauth
            ? {
                type: "object",
                required: ["error"],
                properties: {
                  error: { enum: expect.arrayContaining(["invalid_request"]) },
                  error_description: {},
                },
              }
            : { type: "object", required: expect.arrayContaining(["error", "code"]) },
        );
      }
    },
  );

  it.each([
    ["/auth/device/code", DeviceCodeRequest],
    ["/auth/device/token", DeviceTokenRequest],
  ])("describes the form body of POST %s, as the OAuth endpoints take it", (path, body) => {
    expect(operation(path, "post")?.requestBody).toEqual({
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: jsonSchema(body) } },
    });
  });
});

describe("a route added to the table without a description", () => {
  it("stops the document from being generated, naming the route", () => {
    const undescribed: RouteSpec = {
      route: "GET /undescribed",
      handler: "functions/undescribed/get.ts",
      link: [],
      auth: "none",
    };
    expect(() => openApiDocument([...routes, undescribed], api.url)).toThrow(
      "GET /undescribed is not described in openapi.ts",
    );
  });
});
