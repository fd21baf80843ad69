import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { localClient, startDynamoLocal } from "../src/dynamodb";
import { seed } from "../src/seed";
import { ensureTables, physicalNames } from "../src/tables";

describe("the DynamoDB Local launcher", () => {
  it("keeps data under its data directory across restarts, seeding demo data once", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "akasha-ddb-"));
    try {
      const first = await startDynamoLocal({ port: 0, dataDir });
      const client = localClient(first.endpoint);
      await ensureTables(client, "persist");
      expect(await seed(client, physicalNames("persist"))).toBeGreaterThan(0);
      client.destroy();
      await first.stop();

      const second = await startDynamoLocal({ port: 0, dataDir });
      const again = localClient(second.endpoint);
      const { TableNames } = await again.send(new ListTablesCommand({}));
      expect(TableNames).toEqual(
        expect.arrayContaining(["persist-Users", "persist-Progress", "persist-Sessions"]),
      );
      expect(await ensureTables(again, "persist")).toEqual([]);
      expect(await seed(again, physicalNames("persist"))).toBe(0);
      const doc = DynamoDBDocumentClient.from(again);
      const { Item } = await doc.send(
        new GetCommand({
          TableName: "persist-Progress",
          Key: { pk: "STATS#EXERCISES", sk: "EXERCISE#linux-01" },
        }),
      );
      expect(Item?.completions).toBe(1);
      again.destroy();
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("says in one line that a taken port is taken, and how to fix it", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startDynamoLocal({ port })).rejects.toThrow(
        new RegExp(
          `^DynamoDB Local: port ${port} is already in use — stop whatever holds it or set DYNAMODB_PORT$`,
        ),
      );
    } finally {
      blocker.close();
    }
  });

  it("says in one line that Java is missing, and what to do instead", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const error = await startDynamoLocal({ port: 0 }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/needs Java 17\+ .* DYNAMODB_ENDPOINT=/);
      expect((error as Error).message).not.toContain("\n");
    } finally {
      process.env.PATH = path;
    }
  });

  it("refuses a relative data directory", async () => {
    await expect(startDynamoLocal({ port: 0, dataDir: ".local/x" })).rejects.toThrow(/must be absolute/);
  });
});
