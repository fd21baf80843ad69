/**
 * Runs an exercise's checks on this machine: each check's command through `sh -c` in the lab
 * directory, one at a time, in order, each with a timeout, judged against its expectation.
 */
import { spawn } from "node:child_process";
import type { Check } from "@akasha/core/catalog";

export type CheckStatus = "passed" | "failed" | "timeout" | "missing-tool";

export interface CheckOutcome {
  id: string;
  title: string;
  status: CheckStatus;
  passed: boolean;
  /** Why it failed, in words. */
  reason?: string;
  /** What the command printed (stdout then stderr), trimmed for display and posting. */
  output: string;
  durationMs: number;
}

/** Checks get this long unless `INFRA_LEARN_CHECK_TIMEOUT_MS` says otherwise. */
export const defaultCheckTimeoutMs = Number(process.env.INFRA_LEARN_CHECK_TIMEOUT_MS) || 10_000;
const maxOutput = 4000;

export async function runCheck(
  check: Check,
  cwd: string,
  timeoutMs = defaultCheckTimeoutMs,
): Promise<CheckOutcome> {
  const started = performance.now();
  const result = await run(check.run, cwd, timeoutMs);
  const base = { id: check.id, title: check.title, durationMs: Math.round(performance.now() - started) };
  const output = trim(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ""}`.trim());
  if (result.timedOut)
    return {
      ...base,
      status: "timeout",
      passed: false,
      reason: `did not finish within ${timeoutMs / 1000} s`,
      output,
    };
  const missing = missingTool(result.code, result.stderr);
  if (missing)
    return {
      ...base,
      status: "missing-tool",
      passed: false,
      reason: `\`${missing}\` is not installed (or not on PATH)`,
      output,
    };
  const reason = judge(check.expect, result.code, result.stdout);
  return reason
    ? { ...base, status: "failed", passed: false, reason, output }
    : { ...base, status: "passed", passed: true, output };
}

function judge(expect: Check["expect"], code: number | null, stdout: string): string | undefined {
  if (expect.exitCode !== undefined && code !== expect.exitCode)
    return `exited with ${code ?? "a signal"}, expected ${expect.exitCode}`;
  if (expect.stdoutIncludes !== undefined && !stdout.includes(expect.stdoutIncludes))
    return `output does not contain "${expect.stdoutIncludes}"`;
  if (expect.stdoutMatches !== undefined && !new RegExp(expect.stdoutMatches, "m").test(stdout))
    return `output does not match /${expect.stdoutMatches}/`;
  return undefined;
}

/** `sh` exits 127 and names the command when a tool is not installed. */
function missingTool(code: number | null, stderr: string): string | undefined {
  if (code !== 127) return undefined;
  const match =
    stderr.match(/(?:^|\s)([\w.+-]+): (?:command )?not found/m) ?? stderr.match(/: ([\w.+-]+): not found/);
  return match?.[1];
}

/** The tools in `tools` that `command -v` cannot find on this machine. */
export async function missingTools(tools: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of tools) {
    const found = await run(`command -v ${tool}`, process.cwd(), 5_000);
    if (found.code !== 0) missing.push(tool);
  }
  return missing;
}

const trim = (text: string) => (text.length > maxOutput ? `${text.slice(0, maxOutput)}\n… (cut)` : text);

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** `sh -c` in its own process group, so a timeout stops everything the command started. */
function run(command: string, cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.length < 1_000_000) stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 1_000_000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
