/**
 * Demo data for a fresh local database: the `hubot` demo account (the GitHub emulator's) with
 * one exercise completed and one started, and completion counts that agree with it. Every item
 * is written only if absent, so seeding again never overwrites or double-counts.
 */

import type { TableName } from "@akasha/core/tables";
import { keys } from "@akasha/core/tables";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";

const hubot = { id: "480938", login: "hubot", name: "Hubot", email: "hubot@github.com" };

export function demoItems(now: Date): Array<{ table: TableName; item: Record<string, unknown> }> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  const day = (daysAgo: number) => at(daysAgo).slice(0, 10);
  return [
    {
      table: "Users",
      item: {
        ...keys.userProfile(hubot.id),
        gsi1pk: `EMAIL#${hubot.email}`,
        gsi1sk: `USER#${hubot.id}`,
        id: hubot.id,
        login: hubot.login,
        name: hubot.name,
        email: hubot.email,
        avatarUrl: `https://avatars.githubusercontent.com/u/${hubot.id}?v=4`,
        createdAt: at(3),
        updatedAt: at(1),
        lastLoginAt: at(1),
      },
    },
    {
      table: "Progress",
      item: {
        ...keys.userProgress(hubot.id, "linux-01"),
        gsi1pk: "EXERCISE#linux-01",
        gsi1sk: `COMPLETED#${at(2)}`,
        exerciseId: "linux-01",
        exerciseVersion: 1,
        attempts: 2,
        firstAttemptAt: at(2),
        lastAttemptAt: at(2),
        completedAt: at(2),
        checks: [
          { id: "notes-dir", passed: true },
          { id: "todo-content", passed: true },
        ],
      },
    },
    {
      table: "Progress",
      item: {
        ...keys.userProgress(hubot.id, "linux-02"),
        exerciseId: "linux-02",
        exerciseVersion: 1,
        attempts: 1,
        firstAttemptAt: at(1),
        lastAttemptAt: at(1),
        completedAt: null,
        checks: [
          { id: "script-runs", passed: true },
          { id: "secret-private", passed: false },
        ],
      },
    },
    { table: "Progress", item: { ...keys.userDay(hubot.id, day(2)), verifications: 2 } },
    { table: "Progress", item: { ...keys.userDay(hubot.id, day(1)), verifications: 1 } },
    { table: "Progress", item: { ...keys.exerciseStats("linux-01"), completions: 1 } },
  ];
}

/** Writes the demo items that are missing; returns how many it wrote. */
export async function seed(
  client: DynamoDBClient,
  names: Record<TableName, string>,
  now = new Date(),
): Promise<number> {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const written = await Promise.all(
    demoItems(now).map(async ({ table, item }) => {
      try {
        await doc.send(
          new PutCommand({
            TableName: names[table],
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return 1;
      } catch (error) {
        if ((error as Error).name === "ConditionalCheckFailedException") return 0;
        throw error;
      }
    }),
  );
  return written.reduce<number>((a, b) => a + b, 0);
}
