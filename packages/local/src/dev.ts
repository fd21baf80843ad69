/**
 * `pnpm dev` and friends: the whole labs platform on one machine, with prefixed logs.
 *
 *   dev.ts all    DynamoDB Local + GitHub emulator + API gateway + Astro dev   (pnpm dev)
 *   dev.ts api    the same without the site                                   (pnpm dev:api)
 *   dev.ts db     DynamoDB Local alone, tables created and seeded              (pnpm db:local)
 *   dev.ts seed   create tables and seed demo data on a running DynamoDB      (pnpm db:seed)
 *   dev.ts admin  the dynamodb-admin UI against the local DynamoDB            (pnpm db:admin)
 *
 * Ctrl-C stops everything it started. Startup problems are one line saying what to do.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { routes } from "@akasha/api/routes";
import { type LocalConfig, loadConfig, repoRoot } from "./config";
import { freePort, waitUntilAnswering } from "./dynamodb";
import { prepareTables, startDatabase, startStack, supervise } from "./stack";

type Mode = "all" | "api" | "db" | "seed" | "admin";
type Stop = () => Promise<unknown>;

const colors = { db: 33, github: 35, api: 36, web: 32, admin: 34, dev: 37 } as const;
const useColor = !process.env.NO_COLOR && process.stdout.isTTY;

const label = (name: keyof typeof colors) =>
  useColor ? `\x1b[${colors[name]}m[${name}]\x1b[0m` : `[${name}]`;
const write = process.stdout.write.bind(process.stdout);

function prefixed(name: keyof typeof colors): (line: string) => void {
  return (line) => {
    for (const part of line.split("\n")) if (part.trim()) write(`${label(name)} ${part}\n`);
  };
}

/** Anything else printed in this process comes from the handlers (their JSON logs): label it [api]. */
function labelHandlerOutput() {
  const api = prefixed("api");
  process.stdout.write = ((chunk: string | Uint8Array) => {
    api(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
}

const say = prefixed("dev");
const stops: Stop[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  process.exit(code);
}

async function run(mode: Mode, config: LocalConfig) {
  switch (mode) {
    case "all":
    case "api": {
      let started = false;
      const stack = await startStack(config, {
        web: mode === "all",
        log: (part, line) => prefixed(part)(line),
        onCrash: (part) => {
          // While starting, startStack sees the crash itself and stops what it started.
          if (!started) return;
          process.stderr.write(`✗ ${part} stopped unexpectedly; stopping everything\n`);
          void shutdown(1);
        },
      });
      stops.push(() => stack.stop());
      started = true;
      say(
        [
          "ready:",
          stack.webUrl && `  labs    ${stack.webUrl}/labs`,
          `  api     ${stack.apiUrl}/health  (${routes.length} routes)`,
          `  github  ${stack.githubUrl ? `${stack.githubUrl}  (emulator: octocat, hubot, unverified)` : "https://github.com"}`,
          `  db      ${stack.dynamoEndpoint}`,
          "Ctrl-C stops everything.",
        ]
          .filter(Boolean)
          .join("\n"),
      );
      return;
    }
    case "db": {
      const endpoint = await startDatabase(config, true, stops, prefixed("db"));
      say(`DynamoDB Local on ${endpoint} — Ctrl-C to stop`);
      return;
    }
    case "seed": {
      const endpoint = localDynamoEndpoint(config);
      await waitUntilAnswering(endpoint, 3_000).catch(() => {
        throw new Error(
          `no DynamoDB on ${endpoint} — start it with \`pnpm db:local\` (or \`pnpm dev\`) first`,
        );
      });
      await prepareTables(endpoint, config.tablePrefix, prefixed("db"));
      return shutdown(0);
    }
    case "admin": {
      const port = Number(process.env.DYNAMODB_ADMIN_PORT ?? 8001);
      await freePort(port, "dynamodb-admin", "DYNAMODB_ADMIN_PORT");
      const child = spawn(
        resolve(repoRoot, "packages/local/node_modules/.bin/dynamodb-admin"),
        ["--port", String(port)],
        {
          env: {
            ...process.env,
            DYNAMO_ENDPOINT: localDynamoEndpoint(config),
            AWS_REGION: "ap-south-1",
            AWS_ACCESS_KEY_ID: "local",
            AWS_SECRET_ACCESS_KEY: "local",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      stops.push(supervise(child, prefixed("admin"), () => void shutdown(1)));
      return;
    }
  }
}

/** DYNAMODB_ENDPOINT, or the DynamoDB Local that `pnpm db:local` / `pnpm dev` runs. */
const localDynamoEndpoint = (config: LocalConfig) =>
  config.dynamoEndpoint ?? `http://127.0.0.1:${config.dynamoPort}`;

const modes: Mode[] = ["all", "api", "db", "seed", "admin"];
const mode = (process.argv[2] ?? "all") as Mode;
if (!modes.includes(mode)) {
  process.stderr.write(`✗ unknown mode "${mode}" — use one of ${modes.join(", ")}\n`);
  process.exit(2);
}
labelHandlerOutput();
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
try {
  await run(mode, loadConfig());
} catch (error) {
  process.stderr.write(`✗ ${(error as Error).message}\n`);
  await shutdown(1);
}
