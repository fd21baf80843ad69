/**
 * The DynamoDB document client, created once per Lambda container. `DYNAMODB_ENDPOINT` points it
 * at DynamoDB Local (the local stack and tests set it); on AWS it is unset and the SDK uses the
 * regional endpoint with the function's role.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;

export const dynamo = new DynamoDBClient({
  region: process.env.AWS_REGION ?? "ap-south-1",
  ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  // Fail fast: a request stuck on an unreachable database should become a 503, not a Lambda timeout.
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  maxAttempts: 2,
});

export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});
