/**
 * `GET /openapi.json`, generated from the same zod schemas that validate requests. Every route in
 * the route table must be described here (a test enforces it); `$default` is the catch-all.
 */
import {
  AuthorizationServerMetadata,
  AuthVerifyResponse,
  CallbackQuery,
  DeviceApproveRequest,
  DeviceApproveResponse,
  DeviceCodeRequest,
  DeviceCodeResponse,
  DeviceTokenRequest,
  DeviceTokenResponse,
  ErrorResponse,
  ExerciseDetail,
  ExerciseList,
  ExercisePathParams,
  HealthResponse,
  OAuthErrorResponse,
  ProgressResponse,
  SessionPathParams,
  SessionsResponse,
  SignInQuery,
  UserResponse,
  VerifyRequest,
  VerifyResponse,
} from "@akasha/core/api";
import { z } from "zod";
import type { RouteSpec, routes as routeTable } from "./routes";

interface Operation {
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** How the body is sent: JSON (default), or a form as the OAuth endpoints take it. */
  bodyType?: "json" | "form";
  headers?: Record<string, { schema: z.ZodType; required: boolean; description: string }>;
  /** Status → schema of the JSON answer, or a description for answers without a body. */
  responses: Record<number, z.ZodType | string>;
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
/** The OAuth endpoints answer errors in RFC 6749's shape. */
const oauthErrors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, OAuthErrorResponse]));

/** Keyed by the route table's own route keys, so a route missing here fails the typecheck. */
export const operations: Record<Exclude<(typeof routeTable)[number]["route"], "$default">, Operation> = {
  "GET /health": {
    summary: "Liveness and readiness (DynamoDB reachable)",
    responses: { 200: HealthResponse, 503: HealthResponse },
  },
  "GET /exercises": { summary: "The catalog with completion counts", responses: { 200: ExerciseList } },
  "GET /exercises/{id}": {
    summary: "One exercise with instructions and hints",
    params: ExercisePathParams,
    responses: { 200: ExerciseDetail, ...errors(404) },
  },
  "GET /auth/github": {
    summary: "Start GitHub sign-in (redirects to GitHub)",
    query: SignInQuery,
    responses: { 302: "Redirect to GitHub's authorize page", ...errors(400) },
  },
  "GET /auth/github/callback": {
    summary: "Finish GitHub sign-in: sets the session cookie and redirects to the site",
    query: CallbackQuery,
    responses: { 302: "Redirect to the site", ...errors(400, 502) },
  },
  "POST /auth/verify": {
    summary: "Is this session valid, and whose is it",
    responses: { 200: AuthVerifyResponse, ...errors(401, 403, 404) },
  },
  "POST /auth/logout": {
    summary: "End this session now",
    responses: { 204: "Signed out", ...errors(401, 403) },
  },
  "GET /users/me": {
    summary: "The signed-in learner's profile",
    responses: { 200: UserResponse, ...errors(401, 404) },
  },
  "GET /progress": {
    summary: "The learner's progress and streak",
    responses: { 200: ProgressResponse, ...errors(401) },
  },
  "POST /exercises/{id}/verify": {
    summary: "Record a verification result (Bearer only, idempotent per Idempotency-Key)",
    params: ExercisePathParams,
    body: VerifyRequest,
    headers: {
      "Idempotency-Key": {
        schema: z.uuid(),
        required: true,
        description: "A fresh UUID per result; replays count once",
      },
    },
    responses: { 200: VerifyResponse, ...errors(400, 401, 404, 409, 413, 415, 422) },
  },
  "GET /sessions": {
    summary: "The learner's web and CLI sessions",
    responses: { 200: SessionsResponse, ...errors(401) },
  },
  "DELETE /sessions/{id}": {
    summary: "Revoke one of the learner's sessions",
    params: SessionPathParams,
    responses: { 204: "Revoked", ...errors(401, 403, 404) },
  },
  "POST /auth/device/code": {
    summary: "Start CLI sign-in (RFC 8628 device authorization request; client_id infra-learn)",
    body: DeviceCodeRequest,
    bodyType: "form",
    responses: { 200: DeviceCodeResponse, ...oauthErrors(400, 401, 413, 415) },
  },
  "POST /auth/device/token": {
    summary:
      "Poll for the CLI session token (RFC 8628 device access token request): 400 authorization_pending, " +
      "slow_down, access_denied, expired_token, invalid_grant, unsupported_grant_type or invalid_request; " +
      "401 invalid_client",
    body: DeviceTokenRequest,
    bodyType: "form",
    responses: { 200: DeviceTokenResponse, ...oauthErrors(400, 401, 413, 415) },
  },
  "POST /auth/device/approve": {
    summary:
      "Approve or deny the user code a terminal shows: 400 invalid_user_code, 409 already_decided, " +
      "429 rate_limited after 5 wrong codes in 15 minutes",
    body: DeviceApproveRequest,
    responses: { 200: DeviceApproveResponse, ...errors(400, 401, 403, 409, 413, 415, 429) },
  },
  "GET /.well-known/oauth-authorization-server": {
    summary: "OAuth 2.0 authorization server metadata (RFC 8414)",
    responses: { 200: AuthorizationServerMetadata },
  },
  "GET /openapi.json": { summary: "This document", responses: { 200: "OpenAPI 3.1 document" } },
};

const mediaTypes = { json: "application/json", form: "application/x-www-form-urlencoded" } as const;

const schema = (type: z.ZodType) => z.toJSONSchema(type, { target: "draft-2020-12", io: "input" });

function parameters(where: "path" | "query", object: z.ZodObject | undefined) {
  if (!object) return [];
  return Object.entries(object.shape).map(([name, type]) => ({
    name,
    in: where,
    required: where === "path" || !(type as z.ZodType).safeParse(undefined).success,
    schema: schema(type as z.ZodType),
  }));
}

export function openApiDocument(routes: readonly RouteSpec[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    if (spec.route === "$default") continue;
    const op: Operation | undefined = operations[spec.route as keyof typeof operations];
    if (!op) throw new Error(`${spec.route} is not described in openapi.ts`);
    const [method = "", path = ""] = spec.route.split(" ");
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      summary: op.summary,
      ...(spec.auth === "none" ? { security: [] } : { security: securityFor(spec.auth) }),
      parameters: [
        ...parameters("path", op.params),
        ...parameters("query", op.query),
        ...Object.entries(op.headers ?? {}).map(([name, h]) => ({
          name,
          in: "header",
          required: h.required,
          description: h.description,
          schema: schema(h.schema),
        })),
      ],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [mediaTypes[op.bodyType ?? "json"]]: { schema: schema(op.body) } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, answer]) => [
          status,
          typeof answer === "string"
            ? { description: answer }
            : { description: `HTTP ${status}`, content: { "application/json": { schema: schema(answer) } } },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Akasha Labs API", version: "1.0.0" },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: "akasha_session" },
      },
    },
    paths,
  };
}

function securityFor(auth: RouteSpec["auth"]) {
  if (auth === "bearer") return [{ bearer: [] }];
  if (auth === "cookie") return [{ cookie: [] }];
  return [{ bearer: [] }, { cookie: [] }];
}
