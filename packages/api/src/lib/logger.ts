import { Logger } from "@aws-lambda-powertools/logger";

/** One structured JSON logger for every handler. Never pass it a token, cookie, code or secret. */
export const logger = new Logger({ serviceName: "akasha-api" });
