/**
 * Creates the tables from core's specs, idempotently: an existing table is left as it is, a
 * missing one is created (on-demand, with its GSI and TTL) and waited for.
 */

import { type TableName, type TableSpec, tableNames, tables } from "@akasha/core/tables";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/** Physical table names for one prefix, e.g. `local-Users`. */
export const physicalNames = (prefix: string): Record<TableName, string> =>
  Object.fromEntries(tableNames.map((name) => [name, `${prefix}-${name}`])) as Record<TableName, string>;

export function createTableInput(TableName: string, spec: TableSpec): CreateTableCommandInput {
  return {
    TableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.entries(spec.fields).map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: type === "string" ? "S" : "N",
    })),
    KeySchema: [
      { AttributeName: spec.primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: spec.primaryIndex.rangeKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(spec.globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" },
        { AttributeName: index.rangeKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

/** Ensures every table exists; returns the names it created. */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<string[]> {
  const names = physicalNames(prefix);
  const created = await Promise.all(tableNames.map((name) => ensureTable(client, names[name], tables[name])));
  return tableNames.map((name) => names[name]).filter((_, i) => created[i]);
}

async function ensureTable(client: DynamoDBClient, name: string, spec: TableSpec): Promise<boolean> {
  if (await exists(client, name)) return false;
  try {
    await client.send(new CreateTableCommand(createTableInput(name, spec)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return false; // created concurrently
    throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 }, { TableName: name });
  if (spec.ttl) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: spec.ttl, Enabled: true },
      }),
    );
  }
  return true;
}

async function exists(client: DynamoDBClient, TableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
