/** `infra-learn logout`: revoke this CLI session on the server, then forget it here. */
import { ApiRefusal, Unreachable } from "../api";
import type { Context } from "../context";
import { networkError } from "../errors";
import { out, symbols } from "../output";

export async function logout(ctx: Context): Promise<number> {
  const account = ctx.account();
  if (!account) {
    out(`Not signed in to ${ctx.apiUrl}: nothing to do.`);
    return 0;
  }
  try {
    await ctx.api.request("/auth/logout", { method: "POST", token: account.token });
  } catch (error) {
    if (error instanceof Unreachable)
      throw networkError(
        `The labs API (${ctx.apiUrl}) can't be reached, so the session was not revoked and you are still signed in here. Try again, or revoke it in your settings on the web.`,
      );
    // 401: the session had already ended; forgetting it is all that is left to do.
    if (!(error instanceof ApiRefusal && error.status === 401)) throw error;
  }
  ctx.store.removeAccount(ctx.apiUrl);
  out(`${symbols.pass} Signed out ${account.login}; the CLI session is revoked.`);
  return 0;
}
