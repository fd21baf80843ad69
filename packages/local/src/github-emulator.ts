// A stand-in for github.com in the local stack: GitHub's OAuth web flow plus the two REST endpoints the
// API's sign-in reads (`/user`, `/user/emails`), served over real HTTP so sign-in can be developed and
// tested without a GitHub app or the network. It follows GitHub's documented behaviour, quirks included:
// token errors are HTTP 200, and token responses are form-encoded unless JSON is asked for.

import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GithubEmulatorOptions {
  /** OAuth app credentials it accepts. */
  clientId: string;
  clientSecret: string;
  /**
   * The app's registered "Authorization callback URL". A `redirect_uri` must have the same scheme, host and
   * port, and a path equal to or below this one's.
   */
  callbackUrl: string;
  /** Port to listen on; 0 for a free one. Default 3001. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Clock, for expiry tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Called with one line per request. Lines never hold a code or token. Default: no logging. */
  log?: (line: string) => void;
}

export interface GithubEmulator {
  /** Base URL, standing in for both https://github.com and https://api.github.com. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: "public" | "private" | null;
}

export interface DemoAccount {
  login: string;
  id: number;
  name: string;
  /** The email on the public profile, as `/user` returns it. */
  publicEmail: string | null;
  emails: readonly GithubEmail[];
}

/** The accounts anyone can sign in as (DESIGN.md §7), one per email situation sign-in must handle. */
export const demoAccounts = {
  octocat: {
    login: "octocat",
    id: 583231,
    name: "The Octocat",
    publicEmail: "octocat@github.com",
    emails: [{ email: "octocat@github.com", primary: true, verified: true, visibility: "public" }],
  },
  hubot: {
    login: "hubot",
    id: 480938,
    name: "Hubot",
    publicEmail: null,
    emails: [
      { email: "hubot@github.com", primary: true, verified: true, visibility: "private" },
      { email: "hubot@example.com", primary: false, verified: false, visibility: null },
    ],
  },
  unverified: {
    login: "unverified",
    id: 9919,
    name: "Unverified User",
    publicEmail: null,
    emails: [{ email: "unverified@example.com", primary: true, verified: false, visibility: "private" }],
  },
} as const satisfies Record<string, DemoAccount>;

const accountsByLogin = new Map<string, DemoAccount>(Object.values(demoAccounts).map((a) => [a.login, a]));

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024;
const AUTHORIZE_ERRORS_DOC =
  "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/";
const TOKEN_ERRORS_DOC =
  "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/";
const REDIRECT_MISMATCH = "The redirect_uri MUST match the registered callback URL for this application.";

const tokenErrors = {
  incorrect_client_credentials: {
    error_description: "The client_id and/or client_secret passed are incorrect.",
    error_uri: `${TOKEN_ERRORS_DOC}#incorrect-client-credentials`,
  },
  redirect_uri_mismatch: {
    error_description: REDIRECT_MISMATCH,
    error_uri: `${AUTHORIZE_ERRORS_DOC}#redirect-uri-mismatch2`,
  },
  bad_verification_code: {
    error_description: "The code passed is incorrect or expired.",
    error_uri: `${TOKEN_ERRORS_DOC}#bad-verification-code`,
  },
};
type TokenError = keyof typeof tokenErrors;

interface Grant {
  clientId: string;
  /** As sent to authorize; null when it was left out and the callback URL was used. */
  redirectUri: string | null;
  login: string;
  scope: string;
  codeChallenge: string | null;
  expiresAt: number;
}

interface Emulator {
  clientId: string;
  clientSecret: string;
  callback: URL;
  now: () => Date;
  codes: Map<string, Grant>;
  tokens: Map<string, { login: string; scope: string }>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Extra words for the log line. */
  note?: string;
}

class PayloadTooLarge extends Error {}

export async function startGithubEmulator(options: GithubEmulatorOptions): Promise<GithubEmulator> {
  const emulator: Emulator = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    callback: parseCallback(options.callbackUrl),
    now: options.now ?? (() => new Date()),
    codes: new Map(),
    tokens: new Map(),
  };
  const log = options.log ?? (() => {});
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const reply = await route(emulator, req, url).catch(failure);
    res.writeHead(reply.status, reply.headers).end(reply.body);
    log(`${req.method} ${url.pathname} ${reply.status}${reply.note ? ` ${reply.note}` : ""}`);
  });
  const host = options.host ?? "127.0.0.1";
  const port = await listen(server, options.port ?? 3001, host);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () => close(server),
  };
}

function parseCallback(callbackUrl: string): URL {
  const url = URL.parse(callbackUrl);
  if (!url) throw new Error(`GitHub emulator: callbackUrl "${callbackUrl}" is not an absolute URL`);
  return url;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `GitHub emulator: port ${port} is already in use — stop whatever holds it or set GITHUB_EMULATOR_PORT`
            : `GitHub emulator: cannot listen on ${host}:${port} (${error.code ?? error.message})`,
        ),
      );
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

async function route(emulator: Emulator, req: IncomingMessage, url: URL): Promise<Reply> {
  switch (`${req.method} ${url.pathname}`) {
    case "GET /__emulator/health":
      return json(200, { ok: true });
    case "GET /login/oauth/authorize":
      return authorize(emulator, url.searchParams, false);
    case "POST /login/oauth/authorize":
      return authorize(emulator, await readParams(req, url), true);
    case "POST /login/oauth/access_token":
      return exchangeCode(emulator, await readParams(req, url), req.headers.accept);
    case "GET /user":
      return currentUser(emulator, req.headers.authorization);
    case "GET /user/emails":
      return currentUserEmails(emulator, req.headers.authorization);
    default:
      return json(404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest",
        status: "404",
      });
  }
}

function failure(error: unknown): Reply {
  if (error instanceof PayloadTooLarge) return json(413, { message: "Payload too large" });
  return { ...json(500, { message: "GitHub emulator error" }), note: String(error) };
}

// --- the web flow ---------------------------------------------------------------------------------

function authorize(emulator: Emulator, params: URLSearchParams, submitted: boolean): Reply {
  if (params.get("client_id") !== emulator.clientId) return html(404, notFoundPage());
  const state = params.get("state");
  const redirectUri = params.get("redirect_uri");
  if (redirectUri !== null && !redirectAllowed(emulator.callback, redirectUri)) {
    const errorUri = `${AUTHORIZE_ERRORS_DOC}#redirect-uri-mismatch`;
    return redirectWithError(emulator.callback, state, "redirect_uri_mismatch", REDIRECT_MISMATCH, errorUri);
  }
  const target = new URL(redirectUri ?? emulator.callback.href);
  const pkceProblem = checkPkceRequest(params);
  if (pkceProblem) return redirectWithError(target, state, "invalid_request", pkceProblem);
  if (submitted && params.get("action") === "deny") {
    const description = "The user has denied your application access.";
    return redirectWithError(
      target,
      state,
      "access_denied",
      description,
      `${AUTHORIZE_ERRORS_DOC}#access-denied`,
    );
  }
  const account = accountsByLogin.get(params.get("login")?.toLowerCase() ?? "");
  if (!account) return html(200, pickerPage(params));
  const code = issueCode(emulator, params, account);
  return { ...redirect(withParams(target, { code, state })), note: `login=${account.login}` };
}

/** GitHub's rule: same scheme, host and port; the path is the callback's path or below it. */
function redirectAllowed(callback: URL, candidate: string): boolean {
  const url = URL.parse(candidate);
  if (!url) return false;
  const base = callback.pathname.endsWith("/") ? callback.pathname : `${callback.pathname}/`;
  const pathAllowed = url.pathname === callback.pathname || url.pathname.startsWith(base);
  return url.protocol === callback.protocol && url.host === callback.host && pathAllowed;
}

/** GitHub accepts only S256, and each PKCE parameter requires the other. */
function checkPkceRequest(params: URLSearchParams): string | undefined {
  const challenge = params.get("code_challenge");
  const method = params.get("code_challenge_method");
  if (challenge === null && method === null) return undefined;
  if (method !== "S256") return "code_challenge_method must be S256; the plain method is not supported.";
  if (challenge === null || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return "code_challenge must be the 43-character base64url SHA-256 hash of the code_verifier.";
  }
  return undefined;
}

function issueCode(emulator: Emulator, params: URLSearchParams, account: DemoAccount): string {
  const now = emulator.now().getTime();
  for (const [code, grant] of emulator.codes) if (grant.expiresAt <= now) emulator.codes.delete(code);
  const code = randomBytes(20).toString("hex");
  emulator.codes.set(code, {
    clientId: emulator.clientId,
    redirectUri: params.get("redirect_uri"),
    login: account.login,
    scope: normalizeScope(params.get("scope")),
    codeChallenge: params.get("code_challenge"),
    expiresAt: now + CODE_TTL_MS,
  });
  return code;
}

function normalizeScope(scope: string | null): string {
  return [...new Set((scope ?? "").split(/[\s,]+/).filter(Boolean))].join(",");
}

// --- the code exchange ----------------------------------------------------------------------------

function exchangeCode(emulator: Emulator, params: URLSearchParams, accept: string | undefined): Reply {
  const result = redeem(emulator, params);
  const body = typeof result === "string" ? { error: result, ...tokenErrors[result] } : result;
  const reply = accept?.includes("application/json")
    ? json(200, body)
    : { status: 200, headers: { "content-type": FORM_TYPE }, body: new URLSearchParams(body).toString() };
  return { ...reply, note: typeof result === "string" ? `error=${result}` : "token issued" };
}

const FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

function redeem(emulator: Emulator, params: URLSearchParams): Record<string, string> | TokenError {
  const clientId = params.get("client_id");
  if (
    clientId !== emulator.clientId ||
    !safeEqual(params.get("client_secret") ?? "", emulator.clientSecret)
  ) {
    return "incorrect_client_credentials";
  }
  const redirectUri = params.get("redirect_uri");
  if (redirectUri !== null && !redirectAllowed(emulator.callback, redirectUri))
    return "redirect_uri_mismatch";
  const code = params.get("code") ?? "";
  const grant = emulator.codes.get(code);
  emulator.codes.delete(code);
  if (!grant || grant.clientId !== clientId || grant.expiresAt <= emulator.now().getTime()) {
    return "bad_verification_code";
  }
  if (redirectUri !== null && redirectUri !== (grant.redirectUri ?? emulator.callback.href)) {
    return "redirect_uri_mismatch";
  }
  if (!verifierMatches(grant.codeChallenge, params.get("code_verifier"))) return "bad_verification_code";
  const token = `gho_${randomAlphanumeric(36)}`;
  emulator.tokens.set(token, { login: grant.login, scope: grant.scope });
  return { access_token: token, token_type: "bearer", scope: grant.scope };
}

/** A verifier is needed exactly when the code was issued for a challenge (RFC 9700 §2.1.1). */
function verifierMatches(challenge: string | null, verifier: string | null): boolean {
  if (challenge === null) return verifier === null;
  if (verifier === null || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return safeEqual(createHash("sha256").update(verifier).digest("base64url"), challenge);
}

// --- the REST API ---------------------------------------------------------------------------------

function authenticate(emulator: Emulator, authorization: string | undefined) {
  const token = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  const grant = token === undefined ? undefined : emulator.tokens.get(token);
  const account = grant && accountsByLogin.get(grant.login);
  return grant && account ? { account, scopes: grant.scope.split(",").filter(Boolean) } : undefined;
}

const badCredentials = () =>
  json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });

function currentUser(emulator: Emulator, authorization: string | undefined): Reply {
  const auth = authenticate(emulator, authorization);
  if (!auth) return badCredentials();
  return json(200, userJson(auth.account), { "x-oauth-scopes": auth.scopes.join(", ") });
}

function currentUserEmails(emulator: Emulator, authorization: string | undefined): Reply {
  const auth = authenticate(emulator, authorization);
  if (!auth) return badCredentials();
  const headers = { "x-oauth-scopes": auth.scopes.join(", "), "x-accepted-oauth-scopes": "user, user:email" };
  if (!auth.scopes.some((scope) => scope === "user" || scope === "user:email")) {
    const documentation_url =
      "https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user";
    return json(404, { message: "Not Found", documentation_url, status: "404" }, headers);
  }
  return json(200, auth.account.emails, headers);
}

function userJson(account: DemoAccount) {
  return {
    login: account.login,
    id: account.id,
    node_id: Buffer.from(`04:User${account.id}`).toString("base64"),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url: `https://api.github.com/users/${account.login}`,
    html_url: `https://github.com/${account.login}`,
    type: "User",
    site_admin: false,
    name: account.name,
    company: null,
    blog: "",
    location: null,
    email: account.publicEmail,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 8,
    public_gists: 8,
    followers: 0,
    following: 0,
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2025-01-01T00:00:00Z",
  };
}

// --- HTTP plumbing --------------------------------------------------------------------------------

/** Query string and body together, as GitHub accepts either; JSON or form-encoded bodies. */
async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  const body = await readBody(req);
  const fromBody = req.headers["content-type"]?.includes("application/json")
    ? jsonParams(body)
    : new URLSearchParams(body);
  for (const [name, value] of fromBody) params.set(name, value);
  return params;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function jsonParams(body: string): URLSearchParams {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== "object" || value === null) return new URLSearchParams();
    const entries = Object.entries(value).filter(([, v]) => typeof v === "string" || typeof v === "number");
    return new URLSearchParams(entries.map(([k, v]) => [k, String(v)]));
  } catch {
    return new URLSearchParams();
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomAlphanumeric = (length: number) =>
  Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");

function withParams(base: URL, params: Record<string, string | null>): URL {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url;
}

const redirect = (location: URL): Reply => ({ status: 302, headers: { location: location.href }, body: "" });

function redirectWithError(
  target: URL,
  state: string | null,
  error: string,
  description: string,
  errorUri: string | null = null,
): Reply {
  const location = withParams(target, { error, error_description: description, error_uri: errorUri, state });
  return { ...redirect(location), note: `error=${error}` };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(value),
});

const html = (status: number, body: string): Reply => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8" },
  body,
});

// --- pages ----------------------------------------------------------------------------------------

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const page = (title: string, main: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
  `</head><body><main>${main}</main></body></html>`;

const notFoundPage = () =>
  page("Page not found · GitHub", "<h1>404</h1><p>This is not the web page you are looking for.</p>");

function describeAccount(account: DemoAccount): string {
  if (account.publicEmail) return `${account.name}, public email ${account.publicEmail}`;
  const primary = account.emails.find((e) => e.primary);
  return primary?.verified
    ? `${account.name}, email only through /user/emails`
    : `${account.name}, primary email not verified`;
}

/** One form per choice, each carrying the original request in hidden fields, so no script is needed. */
function pickerPage(params: URLSearchParams): string {
  const hidden = [...params]
    .filter(([name]) => name !== "login" && name !== "action")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  const form = (button: string) =>
    `<form method="post" action="/login/oauth/authorize">${hidden}${button}</form>`;
  const accounts = Object.values(demoAccounts).map((account) => {
    const id = `account-${account.login}`;
    const button = `<button type="submit" name="login" value="${account.login}" aria-describedby="${id}">${account.login}</button>`;
    return `<li>${form(button)}<p id="${id}">${escapeHtml(describeAccount(account))}</p></li>`;
  });
  return page(
    "Sign in to GitHub · GitHub emulator",
    `<h1>Sign in to GitHub</h1><p>Choose a demo account to authorize this application.</p>` +
      `<ul>${accounts.join("")}</ul>${form(`<button type="submit" name="action" value="deny">Cancel</button>`)}`,
  );
}
