/**
 * The local stack's configuration, read once from the environment (and `.env` at the repo root,
 * if present) with safe local defaults — every variable is documented in `.env.example`. It also
 * turns that configuration into the `SST_RESOURCE_*` links SST would give the handlers on Lambda.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Link } from "@akasha/api/routes";
import { type TableName, tableNames } from "@akasha/core/tables";
import { physicalNames } from "./tables";

export const repoRoot = resolve(import.meta.dirname, "../../..");

/** The default client id marks "no real GitHub app": the emulator is started and used. */
export const emulatorClientId = "local-github-client";

export interface LocalConfig {
  stage: string;
  dynamoEndpoint: string | undefined;
  dynamoPort: number;
  dataDir: string;
  tablePrefix: string;
  apiPort: number;
  githubEmulatorPort: number;
  webPort: number;
  /**
   * `dev` (default): Astro's dev server with hot reload. `preview`: `astro build`, then serve the
   * static output as production would, with the production CSP (the e2e tests use this).
   */
  webMode: "dev" | "preview";
  frontendUrl: string;
  apiUrl: string;
  github: { clientId: string; clientSecret: string; useEmulator: boolean; oauthUrl: string; apiUrl: string };
  jwtSecret: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  // `.env` fills in what the environment does not set; LOCAL_ENV_FILE=none skips it (tests).
  const envFile = env.LOCAL_ENV_FILE ?? resolve(repoRoot, ".env");
  if (env === process.env && envFile !== "none" && existsSync(envFile)) process.loadEnvFile(envFile);

  const apiPort = port(env.API_PORT, 3000);
  const githubEmulatorPort = port(env.GITHUB_EMULATOR_PORT, 3001);
  const webPort = port(env.WEB_PORT, 4321);
  const clientId = env.GITHUB_CLIENT_ID || emulatorClientId;
  const useEmulator = clientId === emulatorClientId;
  const emulatorUrl = `http://localhost:${githubEmulatorPort}`;
  const jwtSecret = env.JWT_SECRET || "local-only-jwt-secret-change-me-0123456789";
  if (Buffer.byteLength(jwtSecret) < 32) throw new Error("JWT_SECRET must be at least 32 bytes");
  return {
    stage: env.STAGE || "local",
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    dynamoPort: port(env.DYNAMODB_PORT, 8000),
    dataDir: resolve(repoRoot, env.LOCAL_DATA_DIR || ".local/dynamodb"),
    tablePrefix: env.TABLE_PREFIX || "local",
    apiPort,
    githubEmulatorPort,
    webPort,
    webMode: webMode(env.WEB_MODE),
    frontendUrl: env.FRONTEND_URL || `http://localhost:${webPort}`,
    apiUrl: env.API_URL || `http://localhost:${apiPort}`,
    github: {
      clientId,
      clientSecret: env.GITHUB_CLIENT_SECRET || "local-github-secret",
      useEmulator,
      oauthUrl: useEmulator ? emulatorUrl : "https://github.com",
      apiUrl: useEmulator ? emulatorUrl : "https://api.github.com",
    },
    jwtSecret,
  };
}

function webMode(value: string | undefined): LocalConfig["webMode"] {
  if (!value || value === "dev") return "dev";
  if (value === "preview") return "preview";
  throw new Error(`WEB_MODE must be dev or preview, not ${value}`);
}

function port(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port number: ${value}`);
  return n;
}

/**
 * The environment a handler sees on Lambda: `SST_RESOURCE_App`, one `SST_RESOURCE_<Name>` per
 * table and secret (the union of all routes' links: the emulator runs them in one process), and
 * the plain variables infra sets on the functions.
 */
export function handlerEnvironment(config: LocalConfig, dynamoEndpoint: string): Record<string, string> {
  const names = physicalNames(config.tablePrefix);
  const links: Record<Link, unknown> = {
    ...(Object.fromEntries(
      tableNames.map((name: TableName) => [name, { name: names[name], type: "sst.aws.Dynamo" }]),
    ) as Record<TableName, unknown>),
    GithubClientId: { value: config.github.clientId, type: "sst.sst.Secret" },
    GithubClientSecret: { value: config.github.clientSecret, type: "sst.sst.Secret" },
    JwtSecret: { value: config.jwtSecret, type: "sst.sst.Secret" },
  };
  return {
    SST_RESOURCE_App: JSON.stringify({ name: "akasha-labs", stage: config.stage }),
    ...Object.fromEntries(
      Object.entries(links).map(([name, value]) => [`SST_RESOURCE_${name}`, JSON.stringify(value)]),
    ),
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    FRONTEND_URL: config.frontendUrl,
    API_URL: config.apiUrl,
    GITHUB_OAUTH_URL: config.github.oauthUrl,
    GITHUB_API_URL: config.github.apiUrl,
    AWS_REGION: "ap-south-1",
  };
}
