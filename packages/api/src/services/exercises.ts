/**
 * The public catalog, with per-exercise completion counts. The counts live in the Progress table
 * under one partition (`STATS#EXERCISES`), so the whole list costs one Query.
 */
import type { ExerciseDetail, ExerciseSummary } from "@akasha/core/api";
import type { Exercise } from "@akasha/core/catalog";
import { keyPrefixes, keys } from "@akasha/core/tables";
import { GetCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { db } from "../lib/db";

export async function completionCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const pages = paginateQuery(
    { client: db },
    {
      TableName: Resource.Progress.name,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keyPrefixes.exerciseStats },
      ProjectionExpression: "sk, completions",
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      counts.set(String(item.sk).slice(keyPrefixes.exercise.length), Number(item.completions ?? 0));
    }
  }
  return counts;
}

export async function completionCount(exerciseId: string): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: Resource.Progress.name,
      Key: keys.exerciseStats(exerciseId),
      ProjectionExpression: "completions",
    }),
  );
  return Number(Item?.completions ?? 0);
}

export const toSummary = (e: Exercise, completions: number): ExerciseSummary => ({
  id: e.id,
  moduleId: e.moduleId,
  title: e.title,
  summary: e.summary,
  difficulty: e.difficulty,
  minutes: e.minutes,
  version: e.version,
  prerequisites: e.prerequisites,
  checks: e.checks.map((c) => ({ id: c.id, title: c.title })),
  completions,
});

export const toDetail = (e: Exercise, completions: number): ExerciseDetail => ({
  ...toSummary(e, completions),
  instructions: e.instructions,
  hints: e.hints,
  checks: e.checks.map((c) => ({ id: c.id, title: c.title, hint: c.hint })),
});
