/** `infra-learn status`: progress per module, the streak, and what to do next. */
import type { ProgressResponse } from "@akasha/core/api";
import { catalog } from "@akasha/core/catalog";
import { moduleTotals, nextStep } from "@akasha/core/progress";
import { Unreachable } from "../api";
import { type Context, flushQuietly } from "../context";
import { networkError } from "../errors";
import { color, out, printJson, symbols } from "../output";

export async function status(ctx: Context): Promise<number> {
  const account = ctx.requireAccount();
  await flushQuietly(ctx);
  let progress: ProgressResponse;
  try {
    progress = await ctx.authed<ProgressResponse>("/progress");
  } catch (error) {
    if (error instanceof Unreachable)
      throw networkError(
        `The labs API (${ctx.apiUrl}) can't be reached, so your progress can't be shown. Try again later.`,
      );
    throw error;
  }
  const totals = moduleTotals(catalog, progress.progress);
  const next = nextStep(catalog, progress.progress);
  const pending = ctx.outbox.pending(ctx.apiUrl).length;
  if (ctx.json) {
    printJson({
      login: account.login,
      modules: totals.map((t) => ({
        id: t.module.id,
        title: t.module.title,
        completed: t.completed,
        total: t.total,
      })),
      streak: progress.streak,
      next: next.kind === "all-done" ? null : { id: next.exercise.id, title: next.exercise.title },
      pendingResults: pending,
    });
    return 0;
  }
  out(`Signed in as ${color.bold(account.login)} on ${ctx.apiUrl}\n`);
  for (const t of totals) {
    const bar = "█".repeat(Math.round((t.completed / Math.max(t.total, 1)) * 10)).padEnd(10, "░");
    out(`  ${t.module.title.padEnd(28)} ${color.green(bar)} ${t.completed}/${t.total}`);
  }
  out();
  const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  out(
    `Streak: ${color.bold(days(progress.streak.current))} ${color.dim(`(longest ${days(progress.streak.longest)})`)}`,
  );
  if (next.kind === "all-done") out(`${symbols.pass} Every exercise is complete. Well done!`);
  else
    out(`Next: ${color.bold(next.exercise.title)} — ${color.cyan(`infra-learn show ${next.exercise.id}`)}`);
  if (pending > 0)
    out(
      `${symbols.warn} ${pending} result(s) saved on this machine are waiting to be sent: \`infra-learn sync\`.`,
    );
  return 0;
}
