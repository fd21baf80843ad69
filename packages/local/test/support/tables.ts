/** Fresh tables for one test file on the run's DynamoDB Local, under a prefix no other file uses. */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { localClient } from "../../src/dynamodb";
import { ensureTables, physicalNames } from "../../src/tables";

export async function freshTables(label: string) {
  const endpoint = inject("dynamodbEndpoint");
  const prefix = `t-${label}-${randomBytes(4).toString("hex")}`;
  const client = localClient(endpoint);
  await ensureTables(client, prefix);
  return { endpoint, prefix, client, names: physicalNames(prefix) };
}
