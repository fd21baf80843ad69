/**
 * The local stack as a function: DynamoDB Local (or DYNAMODB_ENDPOINT) with tables and demo data,
 * the GitHub OAuth emulator, the API Gateway emulator serving the route table, and optionally the
 * Astro dev server. `pnpm dev` and the end-to-end tests both start it through here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { routes } from "@akasha/api/routes";
import { handlerEnvironment, type LocalConfig, repoRoot } from "./config";
import { corsFor } from "./cors";
import { freePort, localClient, startDynamoLocal, waitUntilAnswering } from "./dynamodb";
import { startGateway } from "./gateway";
import { startGithubEmulator } from "./github-emulator";
import { seed } from "./seed";
import { astroBin, buildSite, siteEnv, webDir } from "./site";
import { ensureTables, physicalNames } from "./tables";

export type Log = (part: "db" | "github" | "api" | "web", line: string) => void;

export interface StackOptions {
  /** Start the site too (Astro dev, or the built site with `WEB_MODE=preview`). */
  web: boolean;
  /** Keep DynamoDB data on disk (`config.dataDir`); otherwise in memory. Default true. */
  persist?: boolean;
  log?: Log;
  /** Called when a child process (the site) dies on its own. */
  onCrash?: (part: string) => void;
}

export interface Stack {
  dynamoEndpoint: string;
  apiUrl: string;
  githubUrl: string | undefined;
  webUrl: string | undefined;
  stop(): Promise<void>;
}

type Stop = () => Promise<unknown>;

export async function startStack(config: LocalConfig, options: StackOptions): Promise<Stack> {
  const log: Log = options.log ?? (() => {});
  const stops: Stop[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    await freePort(config.apiPort, "API gateway", "API_PORT");
    if (config.github.useEmulator)
      await freePort(config.githubEmulatorPort, "GitHub emulator", "GITHUB_EMULATOR_PORT");
    if (options.web) await freePort(config.webPort, "site server", "WEB_PORT");

    const dynamoEndpoint = await startDatabase(config, options.persist ?? true, stops, (l) => log("db", l));
    const github = config.github.useEmulator
      ? await startGithubEmulator({
          clientId: config.github.clientId,
          clientSecret: config.github.clientSecret,
          callbackUrl: `${config.apiUrl}/auth/github/callback`,
          port: config.githubEmulatorPort,
          log: (l) => log("github", l),
        })
      : undefined;
    if (github) stops.push(() => github.close());

    const gateway = await startGateway({
      routes,
      handlersDir: resolve(repoRoot, "packages/api/src"),
      env: handlerEnvironment(config, dynamoEndpoint),
      cors: corsFor(config.frontendUrl),
      port: config.apiPort,
      log: (l) => log("api", l),
    });
    stops.push(() => gateway.close());

    let webUrl: string | undefined;
    if (options.web) {
      stops.push(
        await startWeb(
          config,
          (l) => log("web", l),
          () => options.onCrash?.("web"),
        ),
      );
      webUrl = `http://localhost:${config.webPort}`;
    }
    return { dynamoEndpoint, apiUrl: gateway.url, githubUrl: github?.url, webUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts DynamoDB Local (or uses DYNAMODB_ENDPOINT), creates the tables and seeds demo data. */
export async function startDatabase(
  config: LocalConfig,
  persist: boolean,
  stops: Stop[],
  log: (line: string) => void,
): Promise<string> {
  let endpoint = config.dynamoEndpoint;
  if (endpoint) {
    const given = endpoint;
    await waitUntilAnswering(given, 10_000).catch(() => {
      throw new Error(
        `nothing answers at DYNAMODB_ENDPOINT=${given} — start it (docker compose up -d dynamodb-local) or unset the variable`,
      );
    });
    log(`using DynamoDB at ${given}`);
  } else {
    const dynamo = await startDynamoLocal({
      port: config.dynamoPort,
      ...(persist ? { dataDir: config.dataDir } : {}),
      log,
    });
    stops.push(() => dynamo.stop());
    endpoint = dynamo.endpoint;
    log(`DynamoDB Local on ${endpoint}, ${persist ? `data in ${config.dataDir}` : "in memory"}`);
  }
  await prepareTables(endpoint, config.tablePrefix, log);
  return endpoint;
}

export async function prepareTables(endpoint: string, prefix: string, log: (line: string) => void) {
  const client = localClient(endpoint);
  try {
    const created = await ensureTables(client, prefix);
    log(created.length ? `created tables ${created.join(", ")}` : "tables already exist");
    const seeded = await seed(client, physicalNames(prefix));
    log(seeded ? `seeded ${seeded} demo items` : "demo data already present");
  } finally {
    client.destroy();
  }
}

/**
 * The site on the same Node, calling this stack's API: Astro dev, or (`webMode: "preview"`) the
 * static build served by `astro preview`. Resolves once it serves pages.
 */
async function startWeb(
  config: LocalConfig,
  log: (line: string) => void,
  onCrash: () => void,
): Promise<Stop> {
  const env = siteEnv(config.apiUrl);
  if (config.webMode === "preview") {
    log("building the site (WEB_MODE=preview)");
    await buildSite(config.apiUrl);
  }
  const server = config.webMode === "preview" ? "preview" : "dev";
  // --ignore-lock: Astro 7 allows one dev (or preview) server per project unless told otherwise,
  // and the e2e stack must be able to run beside a developer's `pnpm dev`.
  const args = [astroBin, server, "--port", String(config.webPort), "--strictPort", "--ignore-lock"];
  const child = spawn(process.execPath, args, {
    cwd: webDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = supervise(child, log, onCrash);
  try {
    await waitForHttp(`http://localhost:${config.webPort}/labs`, 60_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the site server exited (${child.exitCode}) before serving ${url}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the site server did not serve ${url} within ${timeoutMs / 1000} s`);
}

/** Prefixes a child's output, reports it if it dies on its own, and returns how to stop it. */
export function supervise(child: ChildProcess, log: (line: string) => void, onCrash: () => void): Stop {
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log(line);
  };
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  let stopping = false;
  const exited = new Promise((r) => child.once("exit", r));
  child.once("exit", (code, signal) => {
    if (!stopping) {
      log(`exited with ${code ?? signal}`);
      onCrash();
    }
  });
  return async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
}
