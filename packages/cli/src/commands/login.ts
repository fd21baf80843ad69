/**
 * `infra-learn login`: the OAuth 2.0 device grant (RFC 8628), like `gh auth login`. Shows a code,
 * opens the approval page, polls at the interval the API asks for (slower when told `slow_down`)
 * and keeps the resulting CLI session token in the config file (0600).
 */
import { hostname } from "node:os";
import type { User } from "@akasha/core/api";
import open from "open";
import { ApiRefusal, Unreachable } from "../api";
import { type Context, flushQuietly } from "../context";
import { authError, networkError } from "../errors";
import { color, note, out, symbols, withSpinner } from "../output";

export const clientId = "infra-learn";

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
}

export async function login(ctx: Context): Promise<number> {
  const existing = ctx.account();
  if (existing) {
    try {
      const { user } = await ctx.authed<{ user: User }>("/users/me");
      out(
        `Already signed in as ${color.bold(user.login)} on ${ctx.apiUrl}. Run \`infra-learn logout\` first to switch.`,
      );
      return 0;
    } catch {
      // Expired, revoked or unreachable: sign in afresh below.
    }
  }

  const code = await call(() =>
    ctx.api.request<DeviceCode>("/auth/device/code", {
      form: { client_id: clientId, device_label: `infra-learn on ${hostname()}` },
    }),
  );
  out(`${symbols.warn} First copy your one-time code: ${color.bold(code.user_code)}`);
  const opened =
    ctx.options.browser && (await openBrowser(code.verification_uri_complete ?? code.verification_uri));
  out(`Open ${code.verification_uri} to approve${opened ? " (opened in your browser)" : ""}`);

  const token = await withSpinner("Waiting for you to approve the code on the web…", () => poll(ctx, code));
  // One call says who this is and which session the token is (for `GET /sessions` and logout).
  const { user, session } = await call(() =>
    ctx.api.request<{ user: User; session: { id: string } }>("/auth/verify", {
      method: "POST",
      token: token.access_token,
    }),
  );
  ctx.store.saveAccount(ctx.apiUrl, {
    token: token.access_token,
    login: user.login,
    sessionId: session.id,
    signedInAt: new Date().toISOString(),
  });
  out(`${symbols.pass} Signed in as ${color.bold(user.login)}`);
  await flushQuietly(ctx);
  return 0;
}

async function poll(ctx: Context, code: DeviceCode): Promise<TokenResponse> {
  let interval = (code.interval ?? 5) * 1000;
  const deadline = Date.now() + code.expires_in * 1000;
  let failures = 0;
  while (Date.now() < deadline) {
    await sleep(interval);
    try {
      return await ctx.api.request<TokenResponse>("/auth/device/token", {
        form: {
          grant_type: "urn:ietf:params:oauth:grant-type:device_code",
          device_code: code.device_code,
          client_id: clientId,
        },
      });
    } catch (error) {
      if (error instanceof Unreachable) {
        if (++failures >= 5) throw unreachable(ctx);
        continue;
      }
      if (!(error instanceof ApiRefusal)) throw error;
      switch (error.code) {
        case "authorization_pending":
          continue;
        case "slow_down":
          interval += 5000;
          continue;
        case "access_denied":
          throw authError("The sign-in was denied on the web. Run `infra-learn login` to try again.");
        case "expired_token":
          throw authError("The code expired before it was approved. Run `infra-learn login` for a new one.");
        default:
          throw authError(
            `The sign-in failed: ${error.message} (${error.code}). Run \`infra-learn login\` again.`,
          );
      }
    }
  }
  throw authError("The code expired before it was approved. Run `infra-learn login` for a new one.");
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Unreachable)
      throw networkError(`${error.message}. Check your connection (or --api-url) and try again.`);
    throw error;
  }
}

const unreachable = (ctx: Context) =>
  networkError(
    `Lost the connection to the labs API (${ctx.apiUrl}) while waiting. Run \`infra-learn login\` again.`,
  );

/** Opens the approval page on a desktop; never in CI, over SSH or when output is not a terminal. */
async function openBrowser(url: string): Promise<boolean> {
  if (
    !process.stdout.isTTY ||
    process.env.CI ||
    process.env.SSH_CONNECTION ||
    process.env.INFRA_LEARN_NO_BROWSER
  )
    return false;
  try {
    const child = await open(url, { wait: false });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    note(color.dim("(could not open a browser)"));
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
