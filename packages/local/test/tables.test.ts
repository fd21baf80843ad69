import { tables } from "@akasha/core/tables";
import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTables } from "../src/tables";
import { freshTables } from "./support/tables";

describe("table bootstrap from the specs", async () => {
  const { client, prefix, names } = await freshTables("bootstrap");
  afterAll(() => client.destroy());

  it("creates every table with the spec's keys and index", async () => {
    for (const [name, spec] of Object.entries(tables)) {
      const { Table } = await client.send(
        new DescribeTableCommand({ TableName: names[name as keyof typeof names] }),
      );
      expect(Table?.KeySchema).toEqual([
        { AttributeName: spec.primaryIndex.hashKey, KeyType: "HASH" },
        { AttributeName: spec.primaryIndex.rangeKey, KeyType: "RANGE" },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(Object.keys(spec.globalIndexes));
      expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    }
  });

  it("turns TTL on where the spec has a ttl attribute", async () => {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.Sessions }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: "expiresAt",
      TimeToLiveStatus: "ENABLED",
    });
    const none = await client.send(new DescribeTimeToLiveCommand({ TableName: names.Users }));
    expect(none.TimeToLiveDescription?.TimeToLiveStatus).toBe("DISABLED");
  });

  it("is idempotent: a second run creates nothing and fails on nothing", async () => {
    expect(await ensureTables(client, prefix)).toEqual([]);
  });
});
