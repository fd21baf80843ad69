/**
 * The API as tests meet it: the real handlers behind the local API Gateway emulator, on fresh
 * tables in the run's DynamoDB Local, with the same links the local stack gives them.
 */
import { resolve } from "node:path";
import { routes } from "@akasha/api/routes";
import { handlerEnvironment, loadConfig } from "@akasha/local/config";
import { corsFor } from "@akasha/local/cors";
import { startGateway } from "@akasha/local/gateway";
import { freshTables } from "../../../local/test/support/tables";

export interface TestApi {
  url: string;
  names: Awaited<ReturnType<typeof freshTables>>["names"];
  tables: Awaited<ReturnType<typeof freshTables>>;
  close(): Promise<void>;
}

export const frontendUrl = "http://localhost:4321";

export async function startTestApi(
  label: string,
  overrides: { dynamoEndpoint?: string } = {},
): Promise<TestApi> {
  const tables = await freshTables(label);
  const config = {
    ...loadConfig({
      TABLE_PREFIX: tables.prefix,
      FRONTEND_URL: frontendUrl,
      STAGE: "test",
      LOCAL_ENV_FILE: "none",
    }),
  };
  const gateway = await startGateway({
    routes,
    handlersDir: resolve(import.meta.dirname, "../../src"),
    env: {
      ...handlerEnvironment(config, overrides.dynamoEndpoint ?? tables.endpoint),
      POWERTOOLS_LOG_LEVEL: "SILENT",
    },
    cors: corsFor(frontendUrl),
    port: 0,
    log: () => {},
  });
  return {
    url: gateway.url,
    names: tables.names,
    tables,
    close: async () => {
      await gateway.close();
      tables.client.destroy();
    },
  };
}
