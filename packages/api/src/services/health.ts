/** Readiness: every table this stage uses answers DescribeTable. */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { Resource } from "sst";
import { dynamo } from "../lib/db";
import { logger } from "../lib/logger";

export async function dynamoReachable(): Promise<boolean> {
  const names = [Resource.Users.name, Resource.Progress.name, Resource.Sessions.name];
  try {
    await Promise.all(names.map((TableName) => dynamo.send(new DescribeTableCommand({ TableName }))));
    return true;
  } catch (error) {
    logger.warn("dynamodb not ready", { error: error as Error });
    return false;
  }
}
