/**
 * The built `infra-learn` binary as a learner runs it: `node dist/infra-learn.mjs` with its own
 * config and lab directories, against a test API; and `login` approved through the API with a web
 * session, the way a learner approves it on /labs/device.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestApi } from "../../../api/test/support/api";
import { sameSite, signIn } from "../../../api/test/support/browser";

export const cliDir = resolve(import.meta.dirname, "../..");
export const binary = join(cliDir, "dist/infra-learn.mjs");

/** Builds the binary once per test file, exactly as `pnpm --filter infra-learn build` does. */
export function buildCli() {
  execFileSync(process.execPath, [join(cliDir, "build.mjs")], { stdio: "inherit" });
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface LearnerEnv {
  PATH: string;
  HOME: string;
  XDG_CONFIG_HOME: string;
  INFRA_LEARN_HOME: string;
  INFRA_LEARN_API_URL: string;
  NO_COLOR: string;
}

export interface Learner {
  home: string;
  env: LearnerEnv;
  run(args: string[], extraEnv?: Record<string, string>): Promise<Run>;
  start(args: string[]): RunningCli;
}

export interface RunningCli {
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<Run>;
}

/** A learner's machine: empty config and lab directories, talking to `apiUrl`. */
export function learner(apiUrl: string): Learner {
  const home = mkdtempSync(join(tmpdir(), "infra-learn-"));
  const env: LearnerEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    INFRA_LEARN_HOME: join(home, "labs"),
    INFRA_LEARN_API_URL: apiUrl,
    NO_COLOR: "1",
  };
  const start = (args: string[], extraEnv: Record<string, string> = {}): RunningCli => {
    const child = spawn(process.execPath, [binary, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const listeners = new Set<() => void>();
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      for (const l of listeners) l();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const done = new Promise<Run>((r) => child.once("close", (code) => r({ code, stdout, stderr })));
    return {
      output: () => stdout,
      done,
      waitFor: (pattern, timeoutMs = 10_000) =>
        new Promise((resolveMatch, reject) => {
          const check = () => {
            const match = stdout.match(pattern);
            if (!match) return;
            listeners.delete(check);
            clearTimeout(timer);
            resolveMatch(match);
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            reject(new Error(`no ${pattern} in:\n${stdout}\n${stderr}`));
          }, timeoutMs);
          listeners.add(check);
          check();
        }),
    };
  };
  return { home, env, start, run: (args, extraEnv) => start(args, extraEnv).done };
}

/** `infra-learn login`, approved (or denied) by `login` signed in on the web. */
export async function loginThroughWeb(
  api: TestApi,
  machine: Learner,
  login = "octocat",
  decision: "approve" | "deny" = "approve",
) {
  const web = await signIn(api, login);
  const cli = machine.start(["login", "--no-browser"]);
  const [, userCode] = await cli.waitFor(/one-time code: ([A-Z]{4}-[A-Z]{4})/);
  const approved = await fetch(`${api.url}/auth/device/approve`, {
    method: "POST",
    headers: sameSite(web.jar, `${api.url}/auth/device/approve`),
    body: JSON.stringify({ userCode, decision }),
  });
  if (!approved.ok) throw new Error(`approve answered ${approved.status}: ${await approved.text()}`);
  return { web, userCode: userCode ?? "", result: await cli.done };
}
