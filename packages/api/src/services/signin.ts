/**
 * GitHub web sign-in. The start keeps `state`, the PKCE verifier and the return path in a signed,
 * short-lived HttpOnly cookie scoped to /auth/github; the callback checks it, marks the state used
 * (a conditional put, so a replayed callback is refused), exchanges the code, reads the profile,
 * upserts the user and starts a fresh session. No token ever appears in a URL.
 */
import { createHash, randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock, epochSeconds } from "../lib/clock";
import { db } from "../lib/db";
import { HttpError } from "../lib/errors";
import type { GithubProfile } from "../lib/github";
import { exchangeCode, fetchProfile, githubScopes } from "../lib/github";
import { sign, verify } from "../lib/jwt";
import { urls } from "../lib/urls";
import { createSession } from "./sessions";
import { upsertUser } from "./users";

export const stateTtlSeconds = 600;
export const callbackUrl = () => `${urls.api}/auth/github/callback`;
const defaultReturnTo = "/labs/dashboard";

const invalidState = (why: string) =>
  new HttpError(400, "invalid_state", `sign-in could not be completed (${why}): start again from the site`);

/** A path on the site to come back to: relative paths, or absolute URLs on the site's own origin. */
export function safeReturnTo(value: string | undefined): string {
  if (!value) return defaultReturnTo;
  const refuse = () => new HttpError(400, "invalid_return_to", "returnTo must be a path on the labs site");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\\]/.test(value)) throw refuse();
  const relative = value.startsWith("/") && !value.startsWith("//");
  let url: URL;
  try {
    url = new URL(value, urls.frontend);
  } catch {
    throw refuse();
  }
  if (url.origin !== urls.frontend || (!relative && !/^https?:\/\//i.test(value))) throw refuse();
  return `${url.pathname}${url.search}${url.hash}`;
}

export function startSignIn(input: { returnTo?: string; login?: string }) {
  const returnTo = safeReturnTo(input.returnTo);
  const state = randomBytes(32).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URL(`${urls.githubOAuth}/login/oauth/authorize`);
  authorize.search = new URLSearchParams({
    client_id: Resource.GithubClientId.value,
    redirect_uri: callbackUrl(),
    scope: githubScopes,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    allow_signup: "true",
    ...(input.login ? { login: input.login } : {}),
  }).toString();
  const stateToken = sign("oauthState", { state, verifier, returnTo }, stateTtlSeconds);
  return { location: authorize.toString(), stateToken };
}

interface StateClaims {
  state: string;
  verifier: string;
  returnTo: string;
}

/** The state cookie's claims if it is genuine and matches the callback's `state`. */
export function checkState(stateToken: string | undefined, state: string | undefined): StateClaims {
  if (!stateToken) throw invalidState("no sign-in in progress in this browser");
  let claims: Record<string, unknown>;
  try {
    claims = verify("oauthState", stateToken);
  } catch {
    throw invalidState("the sign-in expired");
  }
  if (
    typeof claims.state !== "string" ||
    typeof claims.verifier !== "string" ||
    typeof claims.returnTo !== "string"
  ) {
    throw invalidState("malformed state");
  }
  if (!state || state !== claims.state) throw invalidState("state mismatch");
  return { state: claims.state, verifier: claims.verifier, returnTo: claims.returnTo };
}

export async function finishSignIn(input: {
  code: string;
  claims: StateClaims;
  userAgent: string | undefined;
}) {
  await markStateUsed(input.claims.state);
  const accessToken = await exchangeCode({
    clientId: Resource.GithubClientId.value,
    clientSecret: Resource.GithubClientSecret.value,
    code: input.code,
    redirectUri: callbackUrl(),
    codeVerifier: input.claims.verifier,
  });
  const profile: GithubProfile = await fetchProfile(accessToken);
  const user = await upsertUser(profile);
  const session = await createSession(user.id, "web", browserLabel(input.userAgent));
  return { user, session, returnTo: input.claims.returnTo };
}

/** Each state can finish one sign-in: the marker lives as long as the state could. */
async function markStateUsed(state: string) {
  const now = clock.now();
  try {
    await db.send(
      new PutCommand({
        TableName: Resource.Sessions.name,
        Item: {
          pk: `OAUTHSTATE#${createHash("sha256").update(state).digest("hex")}`,
          sk: "STATE",
          expiresAt: epochSeconds(now) + stateTtlSeconds,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException")
      throw invalidState("this sign-in was already used");
    throw error;
  }
}

const browsers: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const systems: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X/, "macOS"],
  [/Linux/, "Linux"],
];

/** "Firefox on Linux" from a User-Agent, for the sessions list. */
export function browserLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? "";
  const browser = browsers.find(([pattern]) => pattern.test(ua))?.[1] ?? "Web browser";
  const os = systems.find(([pattern]) => pattern.test(ua))?.[1];
  return os ? `${browser} on ${os}` : browser;
}
