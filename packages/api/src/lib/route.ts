/**
 * The one wrapper every handler goes through. In order, it refuses oversized bodies (413), checks
 * the session token the route's `auth` asks for (401) and, for cookie-authenticated state changes,
 * the CSRF rules (403); validates path, query and JSON body with core's zod schemas (400/404/415);
 * then runs the handler while the session's liveness is confirmed by one consistent read *at the
 * same time*, so checking the session adds no round trip; the handler's answer is discarded if
 * the session turns out dead. Handlers that write take the check over (`sessionCheck: "handler"`)
 * and fold it into their own first round trip. Errors become `{error, code}` JSON; anything
 * unexpected is a 500 (503 when DynamoDB is unreachable) with the request id and no internals.
 *
 * The OAuth endpoints (RFC 8628) differ in two ways, each an option: their bodies are
 * `application/x-www-form-urlencoded` (`bodyType: "form"`), and their errors take the RFC 6749
 * shape `{error, error_description}` with every answer marked uncacheable (`errors: "oauth"`).
 */
import { OAuthErrorResponse, type SessionKind } from "@akasha/core/api";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { z } from "zod";
import type { Auth } from "../routes";
import {
  hashSecret,
  loadSession,
  type SessionClaims,
  type SessionRecord,
  touchSession,
} from "../services/sessions";
import { cookieNames, readCookie } from "./cookies";
import { HttpError } from "./errors";
import { errorResponse, json, type Response } from "./http";
import { verify } from "./jwt";
import { audit, logger } from "./logger";
import { trustedOrigins } from "./urls";

export const maxBodyBytes = 64 * 1024;

export interface RouteOptions<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** How callers authenticate; the route table's `auth` for this route. Default `none`. */
  auth?: Auth;
  /** Schema for `pathParameters`; a mismatch is a 400, or `paramsStatus`. */
  params?: P;
  query?: Q;
  /** Schema for the body; the body must then be of `bodyType`. */
  body?: B;
  /**
   * `json` (default): `application/json`. `form`: `application/x-www-form-urlencoded`, parsed into
   * an object of strings (a field sent twice becomes an array, which a string field refuses).
   */
  bodyType?: "json" | "form";
  /**
   * `api` (default): `{error, code, requestId?}`. `oauth`: `{error, error_description}` as RFC 6749
   * §5.2 has it (a code that is no OAuth error becomes `invalid_request`), and every answer,
   * success or not, carries `Cache-Control: no-store` and `Pragma: no-cache` (§5.1).
   */
  errors?: "api" | "oauth";
  /** Status for a path parameter that fails validation: 404 suits ids, since no such thing exists. */
  paramsStatus?: 400 | 404;
  /**
   * Who confirms the session is live. `wrapper` (default): one consistent read alongside the
   * handler. `handler`: the handler folds the check into its own first round trip (a conditional
   * write, or a read it makes anyway) by calling `auth.session()`.
   */
  sessionCheck?: "wrapper" | "handler";
}

export interface AuthContext {
  userId: string;
  /** The public id of the caller's session (the hash of its secret). */
  sessionId: string;
  kind: SessionKind;
  via: "cookie" | "bearer";
  claims: SessionClaims;
  /** Loads the session once (memoized); rejects with a 401 when it is not live. */
  session: () => Promise<SessionRecord>;
}

export interface RouteInput<P, Q, B> {
  event: APIGatewayProxyEventV2;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  sourceIp: string;
  auth: AuthContext;
}

export type Handler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<Response>;

export function route<
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(
  options: RouteOptions<P, Q, B>,
  fn: (input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Response>,
): Handler {
  return async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? "unknown";
    const sourceIp = event.requestContext?.http?.sourceIp ?? "unknown";
    let response: Response;
    let userId: string | undefined;
    try {
      const raw = rawBody(event);
      const auth = authenticate(event, options.auth ?? "none", raw, requestId, sourceIp);
      userId = auth?.userId;
      const body = options.body
        ? parseBody(options.body, options.bodyType ?? "json", event, raw)
        : (undefined as never);
      const params = parse(options.params, event.pathParameters ?? {}, options.paramsStatus ?? 400, "path");
      const query = parse(options.query, event.queryStringParameters ?? {}, 400, "query");
      if (!auth) {
        response = await fn({ event, params, query, body, requestId, sourceIp, auth: undefined as never });
      } else {
        let loaded: Promise<SessionRecord> | undefined;
        const session = () => {
          loaded ??= loadSession(auth.claims);
          return loaded;
        };
        const input = { event, params, query, body, requestId, sourceIp, auth: { ...auth, session } };
        if (options.sessionCheck === "handler") {
          response = await fn(input);
        } else {
          // A dead session outranks whatever the handler made of it (a 404 for a user never seen, say).
          const [answer, touched] = await Promise.allSettled([fn(input), session().then(touchSession)]);
          if (touched.status === "rejected") throw touched.reason;
          if (answer.status === "rejected") throw answer.reason;
          response = answer.value;
        }
      }
    } catch (error) {
      response = toErrorResponse(error, requestId, options.errors ?? "api");
    }
    if (options.errors === "oauth") {
      response = {
        ...response,
        headers: { ...response.headers, "cache-control": "no-store", pragma: "no-cache" },
      };
    }
    logger.info("request", {
      requestId,
      route: event.routeKey,
      status: response.statusCode,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      ...(userId ? { userId } : {}),
    });
    return response;
  };
}

/** The request body as bytes; anything over 64 KB is refused before it is parsed. */
function rawBody(event: APIGatewayProxyEventV2): Buffer | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
  if (bytes.length > maxBodyBytes) {
    throw new HttpError(413, "payload_too_large", `request bodies are limited to ${maxBodyBytes / 1024} KB`);
  }
  return bytes;
}

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function authenticate(
  event: APIGatewayProxyEventV2,
  mode: Auth,
  body: Buffer | undefined,
  requestId: string,
  sourceIp: string,
): Omit<AuthContext, "session"> | undefined {
  if (mode === "none") return undefined;
  const bearer = bearerToken(event.headers?.authorization);
  const cookie = readCookie(event.cookies, cookieNames.session);
  const via = mode === "bearer" || (mode === "session" && bearer) ? "bearer" : "cookie";
  const token = via === "bearer" ? bearer : cookie;
  if (!token) {
    throw new HttpError(
      401,
      "unauthenticated",
      via === "bearer" ? "send the session token as `Authorization: Bearer <token>`" : "sign in first",
    );
  }
  const claims = sessionClaims(verify("session", token));
  if (via === "cookie" && stateChanging.has(event.requestContext.http.method)) {
    const refusal = csrfRefusal(event, body);
    if (refusal) {
      audit("csrf_refused", { requestId, sourceIp, userId: claims.sub, reason: refusal });
      throw new HttpError(403, "csrf_refused", `refused a cookie-authenticated request: ${refusal}`);
    }
  }
  return { userId: claims.sub, sessionId: hashSecret(claims.sid), kind: claims.kind, via, claims };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

function sessionClaims(claims: Record<string, unknown>): SessionClaims {
  const { sub, sid, kind } = claims;
  if (typeof sub !== "string" || typeof sid !== "string" || (kind !== "web" && kind !== "cli")) {
    throw new HttpError(401, "invalid_token", "the session token is invalid or expired: sign in again");
  }
  return { sub, sid, kind };
}

/**
 * Why a cookie-authenticated state change looks forged, or undefined. Browsers send `Origin` on
 * every cross-origin and same-origin POST/DELETE; a form or text body is what a cross-site form
 * can send without a preflight, so only JSON is accepted.
 */
function csrfRefusal(event: APIGatewayProxyEventV2, body: Buffer | undefined): string | undefined {
  const site = event.headers?.["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "same-site") return `Sec-Fetch-Site is ${site}`;
  const origin = event.headers?.origin;
  if (!origin) return "no Origin header";
  if (!trustedOrigins.has(origin)) return `Origin ${origin} is not the site`;
  if (body && body.length > 0 && !isJson(event.headers?.["content-type"])) return "the body is not JSON";
  return undefined;
}

const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType ?? "");
const isForm = (contentType: string | undefined) =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? "");

function parseBody<B extends z.ZodType>(
  schema: B,
  type: "json" | "form",
  event: APIGatewayProxyEventV2,
  raw: Buffer | undefined,
): z.infer<B> {
  const contentType = event.headers?.["content-type"];
  if (type === "form" ? !isForm(contentType) : !isJson(contentType)) {
    const mediaType = type === "form" ? "application/x-www-form-urlencoded" : "application/json";
    throw new HttpError(415, "unsupported_media_type", `send the body as ${mediaType}`);
  }
  const text = raw?.toString("utf8") ?? "";
  const value = type === "form" ? formFields(text) : jsonValue(text);
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "body";
    throw new HttpError(
      400,
      "invalid_request",
      `invalid body field ${field}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "the body is not valid JSON");
  }
}

/** `a=1&b=2&b=3` → `{a: "1", b: ["2", "3"]}`: a repeated field stays visible to the schema. */
function formFields(text: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields.get(name);
    fields.set(name, seen === undefined ? value : [...[seen].flat(), value]);
  }
  return Object.fromEntries(fields);
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, status: number, where: string) {
  if (!schema) return value as never;
  const result = schema.safeParse(value);
  if (result.success) return result.data as never;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || where;
  throw status === 404
    ? new HttpError(404, "not_found", `no such ${field}`)
    : new HttpError(
        400,
        "invalid_request",
        `invalid ${where} parameter ${field}: ${issue?.message ?? "invalid"}`,
      );
}

function toErrorResponse(error: unknown, requestId: string, shape: "api" | "oauth"): Response {
  const { status, code, message, headers } = describeError(error, requestId);
  if (shape === "api") return errorResponse(status, code, message, requestId, headers);
  const body = {
    error: oauthError(code, status),
    error_description: message,
    ...(status >= 500 ? { requestId } : {}),
  };
  return json(status, body, headers);
}

function describeError(error: unknown, requestId: string): HttpError {
  if (error instanceof HttpError) return error;
  logger.error("unhandled error", { requestId, error: error as Error });
  return isUnavailable(error)
    ? new HttpError(503, "unavailable", "a backing service is unavailable, try again shortly")
    : new HttpError(500, "internal", "something went wrong on our side");
}

const oauthErrors = new Set<string>(OAuthErrorResponse.shape.error.options);

/** RFC 6749's error code for an answer: its own code when that is one, else the nearest registered one. */
function oauthError(code: string, status: number): string {
  if (oauthErrors.has(code)) return code;
  if (status === 503) return "temporarily_unavailable";
  return status >= 500 ? "server_error" : "invalid_request";
}

/** Network-level failures reaching DynamoDB (down, timed out, throttled) are a 503, not a bug. */
function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | undefined;
  const names = [
    "TimeoutError",
    "RequestTimeout",
    "ECONNREFUSED",
    "ECONNRESET",
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
  ];
  return names.includes(e?.name ?? "") || names.includes(e?.code ?? "");
}
