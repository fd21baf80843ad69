/**
 * The route table: one source of truth for `infra/api.ts` (ApiGatewayV2 routes and their Lambda
 * links) and the local API Gateway emulator. A handler file exports `handler`; `link` names
 * exactly the resources it touches (least privilege), and `auth` says how callers authenticate.
 */

/** Everything a route can link: the tables and the secrets. */
export type Link = "Users" | "Progress" | "Sessions" | "GithubClientId" | "GithubClientSecret" | "JwtSecret";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * - `none`: public.
 * - `session`: a session token, from the cookie or an `Authorization: Bearer` header.
 * - `cookie`: the browser session cookie only (CSRF rules apply to state changes).
 * - `bearer`: an `Authorization: Bearer` token only; cookies are ignored.
 */
export type Auth = "none" | "session" | "cookie" | "bearer";

export interface RouteSpec {
  /** API Gateway route key, e.g. `GET /exercises/{id}`; `$default` catches what no route matches. */
  readonly route: `${Method} /${string}` | "$default";
  /** Handler module, relative to `packages/api/src`; it exports `handler`. */
  readonly handler: `functions/${string}.ts`;
  readonly link: readonly Link[];
  readonly auth: Auth;
  /** Lambda timeout in seconds (default 10). */
  readonly timeout?: number;
}

export const routes = [
  {
    route: "GET /health",
    handler: "functions/health/check.ts",
    link: ["Users", "Progress", "Sessions"],
    auth: "none",
  },
  { route: "GET /exercises", handler: "functions/exercises/list.ts", link: ["Progress"], auth: "none" },
  { route: "GET /exercises/{id}", handler: "functions/exercises/get.ts", link: ["Progress"], auth: "none" },
  {
    route: "GET /auth/github",
    handler: "functions/auth/start.ts",
    link: ["GithubClientId", "JwtSecret"],
    auth: "none",
  },
  {
    route: "GET /auth/github/callback",
    handler: "functions/auth/callback.ts",
    link: ["GithubClientId", "GithubClientSecret", "JwtSecret", "Users", "Sessions"],
    auth: "none",
  },
  {
    route: "POST /auth/verify",
    handler: "functions/auth/verify.ts",
    link: ["JwtSecret", "Sessions", "Users"],
    auth: "session",
  },
  {
    route: "POST /auth/logout",
    handler: "functions/auth/logout.ts",
    link: ["JwtSecret", "Sessions"],
    auth: "session",
  },
  {
    route: "GET /users/me",
    handler: "functions/users/me.ts",
    link: ["JwtSecret", "Sessions", "Users"],
    auth: "session",
  },
  {
    route: "GET /progress",
    handler: "functions/progress/list.ts",
    link: ["JwtSecret", "Sessions", "Progress"],
    auth: "session",
  },
  {
    route: "POST /exercises/{id}/verify",
    handler: "functions/progress/record.ts",
    link: ["JwtSecret", "Sessions", "Progress"],
    auth: "bearer",
  },
  {
    route: "GET /sessions",
    handler: "functions/sessions/list.ts",
    link: ["JwtSecret", "Sessions"],
    auth: "cookie",
  },
  {
    route: "DELETE /sessions/{id}",
    handler: "functions/sessions/revoke.ts",
    link: ["JwtSecret", "Sessions"],
    auth: "cookie",
  },
  // CLI sign-in: the OAuth 2.0 Device Authorization Grant (RFC 8628) and its RFC 8414 metadata.
  {
    route: "POST /auth/device/code",
    handler: "functions/device/start.ts",
    link: ["Sessions"],
    auth: "none",
  },
  {
    route: "POST /auth/device/token",
    handler: "functions/device/poll.ts",
    link: ["JwtSecret", "Sessions"],
    auth: "none",
  },
  {
    route: "POST /auth/device/approve",
    handler: "functions/device/approve.ts",
    link: ["JwtSecret", "Sessions"],
    auth: "cookie",
  },
  {
    route: "GET /.well-known/oauth-authorization-server",
    handler: "functions/oauth/metadata.ts",
    link: [],
    auth: "none",
  },
  { route: "GET /openapi.json", handler: "functions/openapi/get.ts", link: [], auth: "none" },
  { route: "$default", handler: "functions/fallback/not-found.ts", link: [], auth: "none" },
] as const satisfies readonly RouteSpec[];

export const defaultTimeoutSeconds = 10;

/** `packages/api/src/functions/health/check.ts` → `packages/api/src/functions/health/check.handler`. */
export const lambdaHandler = (spec: RouteSpec): string =>
  `packages/api/src/${spec.handler.replace(/\.ts$/, "")}.handler`;

/**
 * How browsers may call the API, apart from the allowed origins (per stage: `infra/stage.ts`
 * on AWS, the local stack's config locally). Credentials are allowed so the session cookie flows.
 */
/** The origins the site is served from: its configured origin, and locally its 127.0.0.1 twin. */
export const siteOrigins = (frontendUrl: string): string[] => {
  const origin = new URL(frontendUrl).origin;
  return [...new Set([origin, origin.replace("//localhost", "//127.0.0.1")])];
};

export const corsPolicy: {
  allowMethods: Method[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge: number;
} = {
  allowMethods: ["GET", "POST", "DELETE"],
  allowHeaders: ["content-type", "authorization", "idempotency-key"],
  exposeHeaders: ["apigw-requestid"],
  allowCredentials: true,
  maxAge: 600,
};
