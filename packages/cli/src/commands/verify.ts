/** `infra-learn verify <exercise>`: run the checks here, show ✓/✗ and a hint, record the result. */
import { mkdirSync } from "node:fs";
import type { VerifyRequest } from "@akasha/core/api";
import { type CheckOutcome, defaultCheckTimeoutMs, missingTools, runCheck } from "../checks";
import { labDir } from "../config";
import { type Context, cliVersion, flushQuietly, type SendOutcome, sendPending } from "../context";
import { exitCodes } from "../errors";
import { color, note, out, printJson, symbols, withSpinner } from "../output";
import { requireExercise } from "./show";

export async function verify(ctx: Context, exerciseId: string | undefined): Promise<number> {
  const exercise = requireExercise(exerciseId);
  await flushQuietly(ctx);
  const dir = labDir(exercise.id, ctx.env);
  mkdirSync(dir, { recursive: true });
  const absent = await missingTools(exercise.requires.tools);
  if (absent.length > 0) {
    const list = absent.map((t) => `\`${t}\``).join(", ");
    if (ctx.json)
      printJson({ exerciseId: exercise.id, passed: false, recorded: false, missingTools: absent });
    else {
      note(
        `${symbols.warn} ${exercise.id} needs ${list}, which ${absent.length === 1 ? "is" : "are"} not installed (or not on PATH).`,
      );
      note("Install it with your package manager, then run this again. Nothing was checked or recorded.");
    }
    return exitCodes.missingTool;
  }
  if (exercise.requires.root && process.getuid?.() !== 0 && !ctx.json)
    note(`${symbols.warn} ${exercise.id} needs root: some checks may fail unless you run it with sudo.`);
  if (!ctx.json) out(`Checking ${color.bold(exercise.title)} (${exercise.id}) in ${dir}\n`);

  const outcomes: CheckOutcome[] = [];
  for (const check of exercise.checks) {
    const timeout = check.timeoutSeconds
      ? Math.max(check.timeoutSeconds * 1000, defaultCheckTimeoutMs)
      : defaultCheckTimeoutMs;
    const outcome = await withSpinner(check.title, () => runCheck(check, dir, timeout));
    outcomes.push(outcome);
    if (!ctx.json)
      out(
        `${outcome.passed ? symbols.pass : outcome.status === "missing-tool" ? symbols.warn : symbols.fail} ${check.title}${outcome.reason ? color.dim(` — ${outcome.reason}`) : ""}`,
      );
  }
  const passed = outcomes.every((o) => o.passed);
  const missing = outcomes.filter((o) => o.status === "missing-tool");
  const firstFailure = outcomes.find((o) => !o.passed && o.status !== "missing-tool");

  if (missing.length > 0) {
    if (ctx.json)
      printJson({
        exerciseId: exercise.id,
        passed: false,
        checks: outcomes,
        recorded: false,
        missingTools: missing.map((m) => m.reason),
      });
    else {
      out();
      for (const m of missing)
        note(
          `${symbols.warn} ${m.reason}: install it, then run \`infra-learn verify ${exercise.id}\` again.`,
        );
      note("Nothing was recorded: a missing tool is not a failed attempt.");
    }
    return exitCodes.missingTool;
  }

  if (firstFailure && !ctx.json) {
    const check = exercise.checks.find((c) => c.id === firstFailure.id);
    out(`\n${color.bold("Hint:")} ${check?.hint ?? ""}`);
    if (firstFailure.output) out(color.dim(indent(lastLines(firstFailure.output, 8))));
  }

  const request: VerifyRequest = {
    exerciseVersion: exercise.version,
    checks: outcomes.map((o) => ({
      id: o.id,
      passed: o.passed,
      ...(o.output ? { output: o.output.slice(0, 4096) } : {}),
    })),
    cliVersion,
  };
  const pending = ctx.outbox.add(ctx.apiUrl, exercise.id, request);
  const sent = await sendPending(ctx, pending);

  if (ctx.json)
    printJson({
      exerciseId: exercise.id,
      passed,
      checks: outcomes,
      recorded: sent.state === "recorded",
      outcome: sent,
    });
  else {
    out();
    out(
      passed
        ? `${symbols.pass} All ${outcomes.length} checks passed.`
        : `${symbols.fail} ${outcomes.filter((o) => !o.passed).length} of ${outcomes.length} checks failed.`,
    );
    report(ctx, exercise.id, sent);
  }
  if (sent.state === "queued" && (sent.why === "signed-out" || sent.why === "sign-in-ended"))
    return exitCodes.auth;
  return passed ? exitCodes.ok : exitCodes.checksFailed;
}

function report(ctx: Context, exerciseId: string, sent: SendOutcome) {
  switch (sent.state) {
    case "recorded": {
      const r = sent.response;
      if (r.firstCompletion) out(`${symbols.pass} ${exerciseId} is complete: recorded on your dashboard.`);
      else out(color.dim(`Recorded (attempt ${r.attempts}).`));
      return;
    }
    case "rejected":
      note(
        `${symbols.warn} The API refused this result: ${sent.message}. It was set aside in ${ctx.outbox.rejectedDir}.`,
      );
      return;
    case "queued": {
      const why = {
        offline: `The labs API (${ctx.apiUrl}) can't be reached right now.`,
        "server-error": "The labs API had a problem.",
        "signed-out": "You are not signed in.",
        "sign-in-ended": "Your sign-in has expired or was revoked.",
      }[sent.why];
      const next =
        sent.why === "signed-out" || sent.why === "sign-in-ended"
          ? "Run `infra-learn login`; it will be sent then."
          : "It will be sent with your next command, or run `infra-learn sync`.";
      note(`${symbols.warn} ${why} Your result is saved on this machine. ${next}`);
    }
  }
}

const lastLines = (text: string, n: number) => text.split("\n").slice(-n).join("\n");
const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
