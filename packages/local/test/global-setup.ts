/**
 * One DynamoDB Local per test run (in memory), shared by every test file; each file creates its
 * own tables under a unique prefix. DYNAMODB_ENDPOINT reuses one that is already running.
 */
import type { TestProject } from "vitest/node";
import { type DynamoLocal, startDynamoLocal, waitUntilAnswering } from "../src/dynamodb";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  let dynamo: DynamoLocal | undefined;
  const existing = process.env.DYNAMODB_ENDPOINT;
  if (existing) {
    await waitUntilAnswering(existing, 10_000);
  } else {
    dynamo = await startDynamoLocal({ port: 0 });
  }
  project.provide("dynamodbEndpoint", existing ?? dynamo?.endpoint ?? "");
  return async () => {
    await dynamo?.stop();
  };
}
