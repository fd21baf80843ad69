/**
 * The local API Gateway: serves the route table the way an API Gateway HTTP API with Lambda proxy
 * integrations (payload format 2.0) does, so every handler runs unchanged here and on Lambda.
 *
 * Sources: the AWS developer guide pages "Create AWS Lambda proxy integrations for HTTP APIs" (event
 * and response format), "Create routes for HTTP APIs" (matching, decoding) and "Configure CORS for
 * HTTP APIs". Where the guide is silent, behaviour observed on deployed HTTP APIs is followed and
 * named at the place it is implemented.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { defaultTimeoutSeconds, type RouteSpec } from "@akasha/api/routes";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

/** API Gateway's request payload quota. */
export const payloadLimitBytes = 10 * 1024 * 1024;
/** HTTP APIs wait at most 30 s for an integration. */
const maxIntegrationTimeoutMs = 30_000;
const accountId = "123456789012";
const apiId = "local";
const region = "us-east-1";

export interface CorsOptions {
  allowOrigins: readonly string[];
  allowMethods?: readonly string[];
  allowHeaders?: readonly string[];
  exposeHeaders?: readonly string[];
  allowCredentials?: boolean;
  /** Seconds a browser may cache a preflight answer. */
  maxAge?: number;
}

export interface GatewayOptions {
  routes: readonly RouteSpec[];
  /** Directory the route table's handler paths are relative to (`packages/api/src` in dev). */
  handlersDir: string;
  /** Applied to `process.env` once, before the first handler module is imported (`SST_RESOURCE_*` links). */
  env: Record<string, string>;
  /** CORS as configured on the HTTP API. Without it no CORS header is added or removed. */
  cors?: CorsOptions;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Receives one line per request (`method path status latency`) and handler errors. Default: stdout. */
  log?: (line: string) => void;
  /** `requestContext.stage`. Default `$default`. */
  stage?: string;
  /** How long the gateway waits for a handler before answering 503. Default 30 s, the HTTP API maximum. */
  integrationTimeoutMs?: number;
}

/** One HTTP request as the gateway receives it. */
export interface GatewayRequest {
  method: string;
  /** Path and query string as sent, e.g. `/exercises/linux-01?view=full`. */
  url: string;
  /** Header values by name; an array holds a header sent more than once. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Buffer;
  sourceIp: string;
  /** The Host the client addressed, e.g. `localhost:3000`. */
  host: string;
  /** Default `HTTP/1.1`. */
  protocol?: string;
}

export interface GatewayResponse {
  statusCode: number;
  /** Pairs rather than a record, so several `set-cookie` headers survive. */
  headers: [string, string][];
  body: Buffer;
}

export interface RouteMatch {
  spec: RouteSpec;
  routeKey: string;
  pathParameters: Record<string, string>;
}

export interface Gateway {
  readonly options: Readonly<GatewayOptions>;
  readonly handlers: Map<string, Promise<LambdaHandler>>;
  envApplied: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Callback = (error?: unknown, result?: unknown) => void;
export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context, callback: Callback) => unknown;

// ---------------------------------------------------------------------------------------------
// Routing

type Segment = { kind: "literal"; value: string } | { kind: "param" | "greedy"; name: string };

interface CompiledRoute {
  method: string;
  segments: Segment[];
  /** Per segment: literal 2, variable 1, greedy 0; compared left to right, higher is more specific. */
  rank: number[];
}

const compiled = new WeakMap<RouteSpec, CompiledRoute>();

function compile(spec: RouteSpec): CompiledRoute {
  let route = compiled.get(spec);
  if (route) return route;
  const [method = "", path = ""] = spec.route.split(" ");
  const segments = path.split("/").slice(1).map(toSegment);
  const rank = segments.map((s) => (s.kind === "literal" ? 2 : s.kind === "param" ? 1 : 0));
  route = { method, segments, rank };
  compiled.set(spec, route);
  return route;
}

function toSegment(part: string): Segment {
  const variable = /^\{(.+?)(\+?)\}$/.exec(part);
  if (!variable?.[1]) return { kind: "literal", value: part };
  return { kind: variable[2] ? "greedy" : "param", name: variable[1] };
}

/**
 * The most specific route for a (decoded) path: literal segments beat `{variables}`, which beat a
 * greedy `{proxy+}`; on equal paths an exact method beats `ANY`. A greedy variable needs at least
 * one segment, so `/files/{proxy+}` does not match `/files`.
 */
export function matchRoute(
  routes: readonly RouteSpec[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const parts = path.split("/").slice(1);
  let best: { spec: RouteSpec; route: CompiledRoute; params: Record<string, string> } | undefined;
  for (const spec of routes) {
    if (spec.route === "$default") continue;
    const route = compile(spec);
    if (route.method !== method && route.method !== "ANY") continue;
    const params = matchSegments(route.segments, parts);
    if (params && (!best || moreSpecific(route, best.route))) best = { spec, route, params };
  }
  if (best) return { spec: best.spec, routeKey: best.spec.route, pathParameters: best.params };
  // `$default` catches every request no other route matches, as on API Gateway.
  const fallback = routes.find((spec) => spec.route === "$default");
  return fallback && { spec: fallback, routeKey: "$default", pathParameters: {} };
}

function matchSegments(pattern: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: [string, string][] = [];
  for (const [i, segment] of pattern.entries()) {
    if (segment.kind === "greedy") {
      const rest = parts.slice(i).join("/");
      if (!rest) return undefined;
      params.push([segment.name, rest]);
      return Object.fromEntries(params);
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === "literal" && segment.value !== part) return undefined;
    if (segment.kind === "param") {
      if (!part) return undefined;
      params.push([segment.name, part]);
    }
  }
  return parts.length === pattern.length ? Object.fromEntries(params) : undefined;
}

function moreSpecific(a: CompiledRoute, b: CompiledRoute): boolean {
  for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
    const diff = (a.rank[i] ?? -1) - (b.rank[i] ?? -1);
    if (diff !== 0) return diff > 0;
  }
  return a.method !== "ANY" && b.method === "ANY";
}

// ---------------------------------------------------------------------------------------------
// Request → payload 2.0 event

/** Media types HTTP APIs hand to Lambda as text; every other body (or none declared) arrives base64. */
const textMediaTypes = new Set(["application/json", "application/xml", "application/javascript"]);

/**
 * The payload-2.0 event for a request. Beyond the documented example it mirrors what deployed HTTP
 * APIs send: the Cookie header moves to `cookies` and leaves `headers`; `rawPath`, `http.path` and
 * `pathParameters` are percent-decoded while `rawQueryString` stays as sent; and the gateway adds
 * `x-forwarded-*` and `x-amzn-trace-id` headers.
 */
export function toEvent(
  req: GatewayRequest,
  match: Pick<RouteMatch, "routeKey" | "pathParameters">,
  now: Date,
  stage = "$default",
): APIGatewayProxyEventV2 {
  const { path, query: rawQueryString } = splitUrl(req.url);
  const rawPath = decodePath(path);
  const { headers, cookies } = eventHeaders(req, now);
  const queryStringParameters = queryParameters(rawQueryString);
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;
  return {
    version: "2.0",
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(queryStringParameters && { queryStringParameters }),
    requestContext: {
      accountId,
      apiId,
      domainName: req.host,
      domainPrefix: req.host.split(/[.:]/)[0] ?? "",
      http: {
        method: req.method,
        path: rawPath,
        protocol: req.protocol ?? "HTTP/1.1",
        sourceIp: req.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: newRequestId(),
      routeKey: match.routeKey,
      stage,
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...eventBody(req),
    ...(hasPathParameters && { pathParameters: { ...match.pathParameters } }),
    isBase64Encoded: isBinary(req),
  };
}

function splitUrl(url: string): { path: string; query: string } {
  const withoutFragment = url.split("#", 1)[0] ?? "";
  const mark = withoutFragment.indexOf("?");
  if (mark < 0) return { path: withoutFragment, query: "" };
  return { path: withoutFragment.slice(0, mark), query: withoutFragment.slice(mark + 1) };
}

/** HTTP APIs decode the whole path, `%2F` included, before routing and before building the event. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function eventHeaders(
  req: GatewayRequest,
  now: Date,
): { headers: Record<string, string>; cookies: string[] } {
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = typeof value === "string" ? [value] : value;
    if (key === "cookie") cookies.push(...values.flatMap(splitCookies));
    else headers.set(key, [headers.get(key), ...values].filter((v) => v !== undefined).join(","));
  }
  const forwardedFor = headers.get("x-forwarded-for");
  headers.set("x-forwarded-for", forwardedFor ? `${forwardedFor}, ${req.sourceIp}` : req.sourceIp);
  headers.set("x-forwarded-port", /:(\d+)$/.exec(req.host)?.[1] ?? "80");
  headers.set("x-forwarded-proto", "http");
  if (!headers.has("x-amzn-trace-id")) headers.set("x-amzn-trace-id", traceId(now));
  return { headers: Object.fromEntries(headers), cookies };
}

function splitCookies(header: string): string[] {
  return header
    .split(";")
    .map((cookie) => cookie.trim())
    .filter(Boolean);
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = params.get(name);
    params.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return params.size > 0 ? Object.fromEntries(params) : undefined;
}

function eventBody(req: GatewayRequest): { body?: string } {
  if (req.body.length === 0) return {};
  return { body: req.body.toString(isBinary(req) ? "base64" : "utf8") };
}

function isBinary(req: GatewayRequest): boolean {
  if (req.body.length === 0) return false;
  const mediaType = headerValue(req.headers, "content-type")?.split(";")[0]?.trim().toLowerCase();
  return !mediaType || !(mediaType.startsWith("text/") || textMediaTypes.has(mediaType));
}

function headerValue(headers: GatewayRequest["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === "string" ? value : value.join(",");
  }
  return undefined;
}

/** The shape of HTTP API request ids, e.g. `QQCtFipSIAMEPNQ=`. */
function newRequestId(): string {
  return randomBytes(11).toString("base64");
}

function traceId(now: Date): string {
  const epochSeconds = Math.floor(now.getTime() / 1000).toString(16);
  return `Root=1-${epochSeconds}-${randomBytes(12).toString("hex")}`;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `12/Mar/2020:19:03:58 +0000`, always UTC. */
function formatRequestTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}`;
  return `${date}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------------------------------------
// Handler result → HTTP response

export class MalformedResultError extends Error {
  override name = "MalformedResultError";
}

/**
 * Payload-2.0 response rules. A result with `statusCode` is used as it is (`cookies` become one
 * `set-cookie` each, `isBase64Encoded` bodies are decoded); anything else that serializes to JSON
 * is a 200 `application/json` response whose body is the string itself or the JSON text. The result
 * first takes the JSON round trip Lambda gives it. Throws MalformedResultError for what API Gateway
 * would reject.
 */
export function fromResult(result: unknown): GatewayResponse {
  const wire = lambdaSerialized(result);
  if (typeof wire !== "object" || wire === null || Array.isArray(wire) || !("statusCode" in wire)) {
    return {
      statusCode: 200,
      headers: [["content-type", "application/json"]],
      body: Buffer.from(typeof wire === "string" ? wire : JSON.stringify(wire)),
    };
  }
  return structured(wire);
}

function lambdaSerialized(result: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(result ?? null));
  } catch (error) {
    throw new MalformedResultError(`the handler's result is not serializable: ${(error as Error).message}`);
  }
}

function structured(result: Record<string, unknown>): GatewayResponse {
  const { statusCode, headers = {}, cookies = [], body = "", isBase64Encoded = false } = result;
  const fail = (what: string): never => {
    throw new MalformedResultError(`malformed Lambda proxy response: ${what}`);
  };
  if (
    typeof statusCode !== "number" ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    fail(`statusCode ${JSON.stringify(statusCode)} is not an HTTP status`);
  }
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    fail("headers is not an object");
  if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== "string"))
    fail("cookies is not a string array");
  if (typeof body !== "string") fail("body is not a string");
  if (typeof isBase64Encoded !== "boolean") fail("isBase64Encoded is not a boolean");
  const pairs: [string, string][] = Object.entries(headers as Record<string, unknown>).map(([name, value]) =>
    typeof value === "object" ? fail(`header ${name} is not a string`) : [name, String(value)],
  );
  for (const cookie of cookies as string[]) pairs.push(["set-cookie", cookie]);
  return {
    statusCode: statusCode as number,
    headers: pairs,
    body: Buffer.from(body as string, isBase64Encoded ? "base64" : "utf8"),
  };
}

function gatewayError(statusCode: number, message: string): GatewayResponse {
  return {
    statusCode,
    headers: [["content-type", "application/json"]],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function withRequestId(response: GatewayResponse, requestId: string): GatewayResponse {
  return { ...response, headers: [...response.headers, ["apigw-requestid", requestId]] };
}

// ---------------------------------------------------------------------------------------------
// CORS, as the HTTP API applies it when a CORS configuration exists

/** A preflight needs both `Origin` and `Access-Control-Request-Method`; other OPTIONS requests are routed. */
function isPreflight(req: GatewayRequest): boolean {
  return (
    req.method === "OPTIONS" &&
    headerValue(req.headers, "origin") !== undefined &&
    headerValue(req.headers, "access-control-request-method") !== undefined
  );
}

function allowedOrigin(cors: CorsOptions, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (cors.allowOrigins.includes("*")) return "*";
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

function originHeaders(cors: CorsOptions, origin: string): [string, string][] {
  const headers: [string, string][] = [["access-control-allow-origin", origin]];
  if (cors.allowCredentials) headers.push(["access-control-allow-credentials", "true"]);
  if (origin !== "*") headers.push(["vary", "origin"]);
  return headers;
}

/** Answered by the gateway for any path, route or not; a disallowed origin gets no CORS headers. */
function preflight(cors: CorsOptions, req: GatewayRequest): GatewayResponse {
  const headers: [string, string][] = [];
  const origin = allowedOrigin(cors, headerValue(req.headers, "origin"));
  if (origin) {
    headers.push(...originHeaders(cors, origin));
    if (cors.allowMethods?.length)
      headers.push(["access-control-allow-methods", cors.allowMethods.join(",")]);
    if (cors.allowHeaders?.length)
      headers.push(["access-control-allow-headers", cors.allowHeaders.join(",")]);
    if (cors.maxAge !== undefined) headers.push(["access-control-max-age", String(cors.maxAge)]);
  }
  return withRequestId({ statusCode: 204, headers, body: Buffer.alloc(0) }, newRequestId());
}

/** The handler's own CORS headers are ignored; the configured ones go on when the origin is allowed. */
function withCors(cors: CorsOptions, req: GatewayRequest, response: GatewayResponse): GatewayResponse {
  const headers = response.headers.filter(([name]) => !name.toLowerCase().startsWith("access-control-"));
  const origin = allowedOrigin(cors, headerValue(req.headers, "origin"));
  if (origin) {
    headers.push(...originHeaders(cors, origin));
    if (cors.exposeHeaders?.length)
      headers.push(["access-control-expose-headers", cors.exposeHeaders.join(",")]);
  }
  return { ...response, headers };
}

// ---------------------------------------------------------------------------------------------
// Invocation

export function createGateway(options: GatewayOptions): Gateway {
  return { options, handlers: new Map(), envApplied: false };
}

/** One request through CORS, limits, routing, the handler and the response rules, in process. */
export async function invoke(gateway: Gateway, req: GatewayRequest): Promise<GatewayResponse> {
  const started = performance.now();
  const { cors } = gateway.options;
  let response: GatewayResponse;
  if (cors && isPreflight(req)) response = preflight(cors, req);
  else {
    response = await integrate(gateway, req);
    if (cors) response = withCors(cors, req, response);
  }
  const latency = Math.round(performance.now() - started);
  log(gateway, `${req.method} ${splitUrl(req.url).path} ${response.statusCode} ${latency}ms`);
  return response;
}

async function integrate(gateway: Gateway, req: GatewayRequest): Promise<GatewayResponse> {
  if (req.body.length > payloadLimitBytes) {
    return withRequestId(gatewayError(413, "Request Entity Too Large"), newRequestId());
  }
  const { routes, stage } = gateway.options;
  const match = matchRoute(routes, req.method, decodePath(splitUrl(req.url).path));
  if (!match) return withRequestId(gatewayError(404, "Not Found"), newRequestId());
  const event = toEvent(req, match, new Date(), stage);
  return withRequestId(await runHandler(gateway, match.spec, event), event.requestContext.requestId);
}

const integrationTimedOut = Symbol("integration timed out");

/**
 * Lambda's own timeout (the route's, default 10 s) is a function error, which an HTTP API answers
 * with 500; only when the gateway gives up first (30 s) does the client see 503. A timed-out
 * handler keeps running in this process, where Lambda would have stopped it.
 */
async function runHandler(
  gateway: Gateway,
  spec: RouteSpec,
  event: APIGatewayProxyEventV2,
): Promise<GatewayResponse> {
  const { requestId } = event.requestContext;
  try {
    const handler = await loadHandler(gateway, spec);
    const result = await withTimeouts(gateway, spec, (deadline) => call(handler, event, spec, deadline));
    if (result === integrationTimedOut) return gatewayError(503, "Service Unavailable");
    return fromResult(result);
  } catch (error) {
    log(gateway, `${requestId} ERROR ${spec.route} ${describe(error)}`);
    return gatewayError(500, "Internal Server Error");
  }
}

function withTimeouts(
  gateway: Gateway,
  spec: RouteSpec,
  run: (deadline: number) => Promise<unknown>,
): Promise<unknown> {
  const lambdaMs = (spec.timeout ?? defaultTimeoutSeconds) * 1000;
  const integrationMs = gateway.options.integrationTimeoutMs ?? maxIntegrationTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof integrationTimedOut>((resolve, reject) => {
    const lambdaFirst = lambdaMs <= integrationMs;
    timer = setTimeout(
      () =>
        lambdaFirst
          ? reject(new Error(`Task timed out after ${(lambdaMs / 1000).toFixed(2)} seconds`))
          : resolve(integrationTimedOut),
      Math.min(lambdaMs, integrationMs),
    );
  });
  return Promise.race([run(Date.now() + lambdaMs), timeout]).finally(() => clearTimeout(timer));
}

/** Supports async handlers and, like the nodejs22.x runtime, callback-style ones. */
function call(handler: LambdaHandler, event: APIGatewayProxyEventV2, spec: RouteSpec, deadline: number) {
  return new Promise<unknown>((resolve, reject) => {
    const settle: Callback = (error, result) => (error ? reject(error) : resolve(result));
    const returned = handler(
      event,
      lambdaContext(spec, event.requestContext.requestId, deadline, settle),
      settle,
    );
    if (isThenable(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function lambdaContext(spec: RouteSpec, requestId: string, deadline: number, settle: Callback): Context {
  const functionName = spec.handler
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll("/", "-");
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (error, result) => settle(error, result),
    fail: (error) => settle(typeof error === "string" ? new Error(error) : error),
    succeed: (result: unknown) => settle(undefined, result),
  };
}

function loadHandler(gateway: Gateway, spec: RouteSpec): Promise<LambdaHandler> {
  const cached = gateway.handlers.get(spec.handler);
  if (cached) return cached;
  if (!gateway.envApplied) {
    Object.assign(process.env, gateway.options.env);
    gateway.envApplied = true;
  }
  const loading = importHandler(join(gateway.options.handlersDir, spec.handler));
  gateway.handlers.set(spec.handler, loading);
  loading.catch(() => gateway.handlers.delete(spec.handler));
  return loading;
}

async function importHandler(file: string): Promise<LambdaHandler> {
  const module: { handler?: unknown } = await import(pathToFileURL(file).href);
  if (typeof module.handler !== "function")
    throw new Error(`Runtime.HandlerNotFound: ${file} exports no handler`);
  return module.handler as LambdaHandler;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function log(gateway: Gateway, line: string): void {
  (gateway.options.log ?? console.log)(line);
}

// ---------------------------------------------------------------------------------------------
// HTTP server

const notForwarded = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = createGateway(options);
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => void serve(gateway, req, res));
  await listen(server, options.port ?? 3000, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () => close(server),
  };
}

async function serve(gateway: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const response = await invoke(gateway, gatewayRequest(req, body));
    res.statusCode = response.statusCode;
    for (const [name, value] of response.headers) {
      if (!notForwarded.has(name.toLowerCase())) res.appendHeader(name, value);
    }
    res.end(response.body);
  } catch (error) {
    log(gateway, `ERROR ${req.method} ${req.url} ${describe(error)}`);
    if (res.headersSent) res.destroy();
    else {
      const fallback = gatewayError(500, "Internal Server Error");
      res.writeHead(fallback.statusCode, Object.fromEntries(fallback.headers)).end(fallback.body);
    }
  }
}

/** Keeps at most one chunk past the limit (enough to answer 413) and drains the rest. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size <= payloadLimitBytes) chunks.push(chunk);
      size += chunk.length;
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function gatewayRequest(req: IncomingMessage, body: Buffer): GatewayRequest {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), req.rawHeaders[i + 1] as string]);
  }
  const { localAddress, localPort, remoteAddress } = req.socket;
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers: Object.fromEntries(headers),
    body,
    sourceIp: (remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    host: req.headers.host ?? `${localAddress}:${localPort}`,
    protocol: `HTTP/${req.httpVersion}`,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`API gateway: port ${port} is already in use — stop whatever holds it or set API_PORT`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
