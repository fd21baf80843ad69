/**
 * Runs `packages/local/src/dev.ts` — what `pnpm dev` runs — as a child process on free ports, and
 * stops it with SIGINT as Ctrl-C would. Used by the dev-stack test and the e2e setup.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../src/dynamodb";

export const repoRoot = resolve(import.meta.dirname, "../../../..");

export interface DevProcess {
  child: ChildProcess;
  ports: { api: number; github: number; web: number; dynamo: number };
  env: Record<string, string>;
  output: () => string;
  /** Resolves with the exit code once the line `Ctrl-C stops everything.` is printed, or the process ends. */
  ready: Promise<void>;
  /** The exit code, once it has exited. */
  exited: Promise<number | null>;
  /** SIGINT, then the exit code. */
  interrupt(): Promise<number | null>;
}

export async function freePorts() {
  return {
    api: await freePort(0),
    github: await freePort(0),
    web: await freePort(0),
    dynamo: await freePort(0),
  };
}

export async function startDev(
  mode: "all" | "api",
  overrides: Record<string, string> = {},
): Promise<DevProcess> {
  const ports = await freePorts();
  const dataDir = await mkdtemp(join(tmpdir(), "akasha-dev-"));
  const env: Record<string, string> = {
    API_PORT: String(ports.api),
    GITHUB_EMULATOR_PORT: String(ports.github),
    WEB_PORT: String(ports.web),
    DYNAMODB_PORT: String(ports.dynamo),
    LOCAL_DATA_DIR: dataDir,
    TABLE_PREFIX: "dev",
    NO_COLOR: "1",
    LOCAL_ENV_FILE: "none",
    ...overrides,
  };
  const tsx = resolve(repoRoot, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "packages/local/src/dev.ts", mode], {
    cwd: repoRoot,
    env: { ...withoutStackVariables(process.env), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops everything.")) resolveReady();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => reject(new Error(`dev exited with ${code}:\n${output}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ports,
    env,
    output: () => output,
    ready,
    exited,
    interrupt: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

/** The developer's own .env-style variables must not leak into a test stack. */
/**
 * The environment of a developer's shell: none of the stack's own settings, and none of vitest's
 * markers (`VITEST`, `VITEST_*`), which make Astro's dev server believe it runs inside a test and
 * serve no pages.
 */
function withoutStackVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const names = ["DYNAMODB_ENDPOINT", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "FRONTEND_URL", "API_URL"];
  return Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k) && !/^VITEST/.test(k)));
}
