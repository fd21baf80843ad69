/**
 * The GitHub OAuth client: code exchange (with the PKCE verifier) and the two reads sign-in
 * needs. GitHub answers OAuth errors with HTTP 200 and an `error` field, so both are checked.
 * The access token is used for these calls only and never stored.
 */
import { HttpError } from "./errors";
import { urls } from "./urls";

export const githubScopes = "read:user user:email";

export interface GithubProfile {
  id: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  /** The primary email, only when GitHub says it is verified. */
  email: string | null;
}

const unavailable = () => new HttpError(502, "github_unavailable", "GitHub could not be reached: try again");

async function call(url: string, init: RequestInit): Promise<globalThis.Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  } catch {
    throw unavailable();
  }
}

export async function exchangeCode(input: {
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
}): Promise<string> {
  const response = await call(`${urls.githubOAuth}/login/oauth/access_token`, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({
      client_id: input.clientId,
      client_secret: input.clientSecret,
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    }),
  });
  if (!response.ok) throw unavailable();
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (body.error || !body.access_token) {
    throw new HttpError(
      400,
      "github_refused",
      `GitHub refused the sign-in (${body.error ?? "no token"}): try again`,
    );
  }
  return body.access_token;
}

export async function fetchProfile(token: string): Promise<GithubProfile> {
  const headers = {
    authorization: `Bearer ${token}`,
    accept: "application/vnd.github+json",
    "user-agent": "akasha-labs",
    "x-github-api-version": "2022-11-28",
  };
  const [userResponse, emailsResponse] = await Promise.all([
    call(`${urls.githubApi}/user`, { headers }),
    call(`${urls.githubApi}/user/emails`, { headers }),
  ]);
  if (!userResponse.ok) throw unavailable();
  const user = (await userResponse.json()) as {
    id: number;
    login: string;
    name?: string | null;
    avatar_url?: string;
  };
  const emails = emailsResponse.ok
    ? ((await emailsResponse.json()) as { email: string; primary: boolean; verified: boolean }[])
    : [];
  const primary = emails.find((e) => e.primary && e.verified);
  return {
    id: String(user.id),
    login: user.login,
    name: user.name ?? null,
    avatarUrl: user.avatar_url ?? null,
    email: primary?.email ?? null,
  };
}
