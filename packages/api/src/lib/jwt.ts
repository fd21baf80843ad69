/**
 * Signed tokens: session tokens (web and CLI share one audience) and the short-lived OAuth state
 * token, each with its own audience so one can never stand in for the other. HS256 only, with
 * `iss`, `aud`, `exp` and `iat` required.
 */
import jwt from "jsonwebtoken";
import { Resource } from "sst";
import { clock, epochSeconds } from "./clock";
import { HttpError } from "./errors";

/** Read on first use: only the routes that link JwtSecret ever sign or verify. */
let cachedSecret: string | undefined;
function secret(): string {
  if (cachedSecret === undefined) {
    const value = Resource.JwtSecret.value;
    if (Buffer.byteLength(value) < 32) {
      throw new Error("JwtSecret must be at least 32 bytes: set it with `sst secret set JwtSecret ...`");
    }
    cachedSecret = value;
  }
  return cachedSecret;
}

export const issuer = () => `akasha-labs/${Resource.App.stage}`;
export const audiences = { session: "akasha-labs:session", oauthState: "akasha-labs:oauth-state" } as const;
type Audience = keyof typeof audiences;

export function sign(audience: Audience, claims: Record<string, unknown>, ttlSeconds: number): string {
  const iat = epochSeconds(clock.now());
  return jwt.sign({ ...claims, iat, exp: iat + ttlSeconds }, secret(), {
    algorithm: "HS256",
    issuer: issuer(),
    audience: audiences[audience],
  });
}

/** The verified claims, or a 401 that says nothing about which check failed. */
export function verify(audience: Audience, token: string): Record<string, unknown> {
  const key = secret();
  try {
    const claims = jwt.verify(token, key, {
      algorithms: ["HS256"],
      issuer: issuer(),
      audience: audiences[audience],
      clockTimestamp: epochSeconds(clock.now()),
    });
    if (typeof claims !== "object" || typeof claims.exp !== "number" || typeof claims.iat !== "number") {
      throw new Error("exp and iat are required");
    }
    return claims;
  } catch {
    throw new HttpError(401, "invalid_token", "the session token is invalid or expired: sign in again");
  }
}
