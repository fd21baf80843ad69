/** `infra-learn sync`: send results saved while offline (same Idempotency-Key, counted once). */
import { type Context, flushOutbox } from "../context";
import { authError, exitCodes, networkError } from "../errors";
import { out, printJson, symbols } from "../output";

export async function sync(ctx: Context): Promise<number> {
  const result = await flushOutbox(ctx);
  if (ctx.json) printJson(result);
  else if (result.sent > 0)
    out(`${symbols.pass} Sent ${result.sent} saved ${result.sent === 1 ? "result" : "results"}.`);
  else if (result.waiting === 0 && result.rejected === 0) out("Nothing to send: every result is recorded.");
  switch (result.stoppedBy) {
    case "offline":
    case "server-error":
      throw networkError(
        `${result.waiting} saved result(s) still waiting: the labs API (${ctx.apiUrl}) can't take them right now. They are kept; try again later.`,
      );
    case "signed-out":
    case "sign-in-ended":
      throw authError(
        `${result.waiting} saved result(s) waiting. Run \`infra-learn login\`, then \`infra-learn sync\`.`,
      );
    default:
      return exitCodes.ok;
  }
}
