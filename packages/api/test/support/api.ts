/**
 * The API as tests meet it: the real handlers behind the local API Gateway emulator, on fresh
 * tables in the run's DynamoDB Local, signing in through the GitHub OAuth emulator over HTTP, with
 * the same links the local stack gives them.
 */
import { resolve } from "node:path";
import { routes } from "@akasha/api/routes";
import { handlerEnvironment, loadConfig } from "@akasha/local/config";
import { corsFor } from "@akasha/local/cors";
import { freePort } from "@akasha/local/dynamodb";
import { startGateway } from "@akasha/local/gateway";
import { startGithubEmulator } from "@akasha/local/github-emulator";
import { freshTables } from "../../../local/test/support/tables";

export interface TestApi {
  url: string;
  githubUrl: string;
  names: Awaited<ReturnType<typeof freshTables>>["names"];
  tables: Awaited<ReturnType<typeof freshTables>>;
  config: ReturnType<typeof loadConfig>;
  close(): Promise<void>;
}

export const frontendUrl = "http://localhost:4321";

export async function startTestApi(
  label: string,
  overrides: { dynamoEndpoint?: string; env?: Record<string, string> } = {},
): Promise<TestApi> {
  const tables = await freshTables(label);
  const config = loadConfig({
    TABLE_PREFIX: tables.prefix,
    FRONTEND_URL: frontendUrl,
    STAGE: "test",
    LOCAL_ENV_FILE: "none",
    API_PORT: String(await freePort(0)),
    GITHUB_EMULATOR_PORT: String(await freePort(0)),
  });
  const github = await startGithubEmulator({
    clientId: config.github.clientId,
    clientSecret: config.github.clientSecret,
    callbackUrl: `${config.apiUrl}/auth/github/callback`,
    port: config.githubEmulatorPort,
  });
  const gateway = await startGateway({
    routes,
    handlersDir: resolve(import.meta.dirname, "../../src"),
    env: {
      ...handlerEnvironment(config, overrides.dynamoEndpoint ?? tables.endpoint),
      POWERTOOLS_LOG_LEVEL: process.env.API_TEST_LOGS ? "INFO" : "SILENT",
      ...overrides.env,
    },
    cors: corsFor(frontendUrl),
    port: config.apiPort,
    log: () => {},
  });
  return {
    url: config.apiUrl,
    githubUrl: config.github.oauthUrl,
    names: tables.names,
    tables,
    config,
    close: async () => {
      await gateway.close();
      await github.close();
      tables.client.destroy();
    },
  };
}
