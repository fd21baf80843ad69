/**
 * What every command works with: the API it talks to, the learner's sign-in for that API, the
 * outbox, and how to print. `sendPending` is the one place a result is posted, so `verify`,
 * `sync` and the flush at the start of other commands all count a result exactly once.
 */
import type { VerifyResponse } from "@akasha/core/api";
import { Api, ApiRefusal, Unreachable } from "./api";
import { type Account, ConfigStore, resolveApiUrl } from "./config";
import { notSignedIn, signInEnded } from "./errors";
import { Outbox, type PendingResult } from "./outbox";
import { color, note } from "./output";

declare const __CLI_VERSION__: string | undefined;
export const cliVersion = typeof __CLI_VERSION__ === "string" ? __CLI_VERSION__ : "0.0.0-dev";

export interface Options {
  apiUrl?: string;
  json: boolean;
  browser: boolean;
}

export class Context {
  readonly apiUrl: string;
  readonly api: Api;
  readonly store: ConfigStore;
  readonly outbox: Outbox;

  constructor(
    readonly options: Options,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.apiUrl = resolveApiUrl(options.apiUrl, env);
    this.api = new Api(
      this.apiUrl,
      `infra-learn/${cliVersion} (node ${process.versions.node}; ${process.platform})`,
    );
    this.store = new ConfigStore(env);
    this.outbox = new Outbox(env);
  }

  get json() {
    return this.options.json;
  }

  account(): Account | undefined {
    return this.store.account(this.apiUrl);
  }

  requireAccount(): Account {
    const account = this.account();
    if (!account) throw notSignedIn(this.apiUrl);
    return account;
  }

  /** An authenticated call; a 401 means the sign-in ended and says what to do. */
  async authed<T>(path: string, init: Parameters<Api["request"]>[1] = {}): Promise<T> {
    const account = this.requireAccount();
    try {
      return await this.api.request<T>(path, { ...init, token: account.token });
    } catch (error) {
      if (error instanceof ApiRefusal && error.status === 401) throw signInEnded();
      throw error;
    }
  }
}

export type SendOutcome =
  | { state: "recorded"; response: VerifyResponse }
  | { state: "queued"; why: "offline" | "signed-out" | "sign-in-ended" | "server-error" }
  | { state: "rejected"; message: string };

/** Posts one pending result with its own Idempotency-Key; removes it once the API has answered. */
export async function sendPending(ctx: Context, pending: PendingResult): Promise<SendOutcome> {
  const account = ctx.account();
  if (!account) return { state: "queued", why: "signed-out" };
  try {
    const response = await ctx.api.request<VerifyResponse>(`/exercises/${pending.exerciseId}/verify`, {
      method: "POST",
      token: account.token,
      json: pending.request,
      headers: { "idempotency-key": pending.idempotencyKey },
    });
    ctx.outbox.remove(pending.idempotencyKey);
    return { state: "recorded", response };
  } catch (error) {
    if (error instanceof Unreachable) return { state: "queued", why: "offline" };
    if (error instanceof ApiRefusal) {
      if (error.status === 401) return { state: "queued", why: "sign-in-ended" };
      if (error.status >= 500 || error.status === 429) return { state: "queued", why: "server-error" };
      ctx.outbox.setAside(pending.idempotencyKey);
      return { state: "rejected", message: `${error.message} (${error.code})` };
    }
    throw error;
  }
}

export interface FlushResult {
  sent: number;
  rejected: number;
  waiting: number;
  stoppedBy?: "offline" | "signed-out" | "sign-in-ended" | "server-error";
}

/** Sends every waiting result for this API, oldest first, stopping at the first that cannot go. */
export async function flushOutbox(ctx: Context): Promise<FlushResult> {
  const pending = ctx.outbox.pending(ctx.apiUrl);
  const result: FlushResult = { sent: 0, rejected: 0, waiting: pending.length };
  if (pending.length === 0 || !ctx.account())
    return { ...result, ...(pending.length ? { stoppedBy: "signed-out" } : {}) };
  for (const item of pending) {
    const outcome = await sendPending(ctx, item);
    if (outcome.state === "queued") return { ...result, stoppedBy: outcome.why };
    result.waiting--;
    if (outcome.state === "recorded") result.sent++;
    else {
      result.rejected++;
      note(
        `${color.yellow("!")} The API refused a saved result for ${item.exerciseId}: ${outcome.message}. It was set aside in ${ctx.outbox.rejectedDir}.`,
      );
    }
  }
  return result;
}

/** Before other commands: quietly send what is waiting, and say so if anything went. */
export async function flushQuietly(ctx: Context) {
  try {
    const { sent } = await flushOutbox(ctx);
    if (sent > 0 && !ctx.json)
      note(`${color.green("✓")} Sent ${sent} saved ${sent === 1 ? "result" : "results"} from earlier.`);
  } catch {
    // The command itself will report what is wrong.
  }
}
