/**
 * Progress: one item per learner and exercise, day-activity items for streaks, per-exercise
 * completion counters and idempotency records, all in the Progress table (key shapes in
 * `packages/core/src/tables.ts`).
 *
 * Recording a verification is exactly-once per `Idempotency-Key` without a transaction: the
 * progress update itself is conditional on the key not being in the item's `inflight` set and
 * adds it, so of concurrent replays one counts and the rest wait for its stored answer. Counters
 * only ever change with ADD; `completedAt` and `completedBy` are set with if_not_exists, so the
 * first all-pass result fixes them and nothing moves them later.
 */
import { createHash } from "node:crypto";
import type {
  CheckResult,
  ProgressItem,
  ProgressResponse,
  VerifyRequest,
  VerifyResponse,
} from "@akasha/core/api";
import type { Exercise } from "@akasha/core/catalog";
import { streak, utcDay } from "@akasha/core/progress";
import { isExpired, keys } from "@akasha/core/tables";
import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock, epochSeconds } from "../lib/clock";
import { db } from "../lib/db";
import { HttpError } from "../lib/errors";
import { type SessionRecord, touchSession } from "./sessions";

/** How long a replayed Idempotency-Key returns the first answer. */
export const idempotencyTtlSeconds = 24 * 3600;
/** Past this many remembered keys the progress item forgets them (their answers are stored anyway). */
const maxInflightKeys = 100;

const idempotencyKey = (userId: string, key: string) => ({
  pk: `IDEMPOTENCY#${userId}#${key}`,
  sk: "RESULT",
});

// --- Reading ---------------------------------------------------------------------------------

/** Everything of one learner's in one Query: progress items and day activity share a partition. */
export async function readProgress(userId: string): Promise<ProgressResponse> {
  const progress: ProgressItem[] = [];
  const days: { day: string; verifications: number }[] = [];
  const pages = paginateQuery(
    { client: db },
    {
      TableName: Resource.Progress.name,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `USER#${userId}` },
      // Everything but the remembered idempotency keys, which only the verify path reads.
      ProjectionExpression:
        "sk, exerciseId, exerciseVersion, attempts, firstAttemptAt, lastAttemptAt, completedAt, checks, verifications",
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const sk = String(item.sk);
      if (sk.startsWith("EXERCISE#")) progress.push(toProgressItem(item));
      else if (sk.startsWith("DAY#"))
        days.push({ day: sk.slice(4), verifications: Number(item.verifications ?? 0) });
    }
  }
  days.sort((a, b) => (a.day < b.day ? 1 : -1));
  return {
    progress,
    streak: streak(
      days.map((d) => d.day),
      clock.now(),
    ),
    activity: days.slice(0, 30),
  };
}

const toProgressItem = (item: Record<string, unknown>): ProgressItem => ({
  exerciseId: String(item.exerciseId),
  exerciseVersion: Number(item.exerciseVersion ?? 0),
  attempts: Number(item.attempts ?? 0),
  firstAttemptAt: String(item.firstAttemptAt),
  lastAttemptAt: String(item.lastAttemptAt),
  completedAt: (item.completedAt as string | undefined) ?? null,
  checks: (item.checks as CheckResult[] | undefined) ?? [],
});

// --- Recording -------------------------------------------------------------------------------

/** The body must describe exactly this exercise, as the catalog has it now. */
export function checkAgainstCatalog(exercise: Exercise, body: VerifyRequest): void {
  if (body.exerciseVersion !== exercise.version) {
    throw new HttpError(
      409,
      "exercise_version_mismatch",
      `${exercise.id} is at version ${exercise.version}, the result is for version ${body.exerciseVersion}: update infra-learn`,
    );
  }
  const expected = exercise.checks.map((c) => c.id).sort();
  const given = body.checks.map((c) => c.id).sort();
  if (expected.length !== given.length || expected.some((id, i) => id !== given[i])) {
    throw new HttpError(
      400,
      "invalid_checks",
      `checks must be exactly ${exercise.id}'s checks: ${exercise.checks.map((c) => c.id).join(", ")}`,
    );
  }
}

interface StoredAnswer {
  requestHash: string;
  response: VerifyResponse;
}

export async function recordVerification(input: {
  userId: string;
  exercise: Exercise;
  body: VerifyRequest;
  key: string;
  session: () => Promise<SessionRecord>;
}): Promise<VerifyResponse> {
  const { userId, exercise, body, key } = input;
  checkAgainstCatalog(exercise, body);
  const requestHash = hashRequest(exercise.id, body);

  // One round trip: the session's liveness and an earlier answer for this key, read together.
  const [session, stored] = await Promise.all([input.session(), readAnswer(userId, key)]);
  if (stored) return replayed(stored, requestHash);

  const now = clock.now();
  const passed = body.checks.every((c) => c.passed);
  const updated = await updateProgress(userId, exercise, body, key, passed, now);
  if (!updated) return replayed(await waitForAnswer(userId, key), requestHash);

  const response: VerifyResponse = {
    exerciseId: exercise.id,
    passed,
    attempts: Number(updated.attempts),
    completedAt: (updated.completedAt as string | undefined) ?? null,
    firstCompletion: passed && updated.completedBy === key,
    checks: body.checks,
  };
  await Promise.all([
    storeAnswer(userId, key, { requestHash, response }, now),
    touchSession(session),
    addDayActivity(userId, now),
    response.firstCompletion ? addCompletion(exercise.id) : undefined,
    ((updated.inflight as Set<string> | undefined)?.size ?? 0) > maxInflightKeys
      ? forgetInflight(userId, exercise.id, updated.inflight as Set<string>, key)
      : undefined,
  ]);
  return response;
}

const hashRequest = (exerciseId: string, body: VerifyRequest) =>
  createHash("sha256")
    .update(JSON.stringify([exerciseId, body]))
    .digest("hex");

function replayed(stored: StoredAnswer, requestHash: string): VerifyResponse {
  if (stored.requestHash !== requestHash) {
    throw new HttpError(
      422,
      "idempotency_key_reused",
      "this Idempotency-Key was used for a different result: send a new key for a new result",
    );
  }
  return stored.response;
}

/** The update that counts the attempt, or undefined when this key was already counted. */
async function updateProgress(
  userId: string,
  exercise: Exercise,
  body: VerifyRequest,
  key: string,
  passed: boolean,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  const set = [
    "exerciseId = :id",
    "exerciseVersion = :version",
    "lastAttemptAt = :now",
    "firstAttemptAt = if_not_exists(firstAttemptAt, :now)",
    "checks = :checks",
  ];
  const values: Record<string, unknown> = {
    ":id": exercise.id,
    ":version": body.exerciseVersion,
    ":now": now.toISOString(),
    ":checks": body.checks,
    ":one": 1,
    ":key": key,
    ":keys": new Set([key]),
  };
  if (body.cliVersion) {
    set.push("cliVersion = :cli");
    values[":cli"] = body.cliVersion;
  }
  if (passed) {
    set.push(
      "completedAt = if_not_exists(completedAt, :now)",
      "completedBy = if_not_exists(completedBy, :key)",
      "gsi1pk = :gsi1pk",
      "gsi1sk = if_not_exists(gsi1sk, :gsi1sk)",
    );
    values[":gsi1pk"] = `EXERCISE#${exercise.id}`;
    values[":gsi1sk"] = `COMPLETED#${now.toISOString()}`;
  }
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: Resource.Progress.name,
        Key: keys.userProgress(userId, exercise.id),
        UpdateExpression: `SET ${set.join(", ")} ADD attempts :one, inflight :keys`,
        ConditionExpression: "attribute_not_exists(inflight) OR NOT contains(inflight, :key)",
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return undefined;
    throw error;
  }
}

async function readAnswer(userId: string, key: string): Promise<StoredAnswer | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: Resource.Progress.name,
      Key: idempotencyKey(userId, key),
      ConsistentRead: true,
    }),
  );
  if (!Item || isExpired(Item, clock.now())) return undefined;
  return { requestHash: String(Item.requestHash), response: Item.response as VerifyResponse };
}

/** A concurrent request with the same key is counting it: wait (briefly) for its answer. */
async function waitForAnswer(userId: string, key: string): Promise<StoredAnswer> {
  const deadline = Date.now() + 5_000;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    const stored = await readAnswer(userId, key);
    if (stored) return stored;
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new HttpError(
    409,
    "request_in_progress",
    "a request with this Idempotency-Key is still being processed: retry",
  );
}

async function storeAnswer(userId: string, key: string, answer: StoredAnswer, now: Date) {
  await db.send(
    new PutCommand({
      TableName: Resource.Progress.name,
      Item: {
        ...idempotencyKey(userId, key),
        ...answer,
        expiresAt: epochSeconds(now) + idempotencyTtlSeconds,
      },
    }),
  );
}

async function addDayActivity(userId: string, now: Date) {
  await db.send(
    new UpdateCommand({
      TableName: Resource.Progress.name,
      Key: keys.userDay(userId, utcDay(now)),
      UpdateExpression: "ADD verifications :one",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );
}

async function addCompletion(exerciseId: string) {
  await db.send(
    new UpdateCommand({
      TableName: Resource.Progress.name,
      Key: keys.exerciseStats(exerciseId),
      UpdateExpression: "ADD completions :one",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );
}

/** Drops the keys this item remembers (all but the newest); their answers are stored already. */
async function forgetInflight(userId: string, exerciseId: string, inflight: Set<string>, keep: string) {
  const old = new Set([...inflight].filter((k) => k !== keep));
  if (old.size === 0) return;
  await db.send(
    new UpdateCommand({
      TableName: Resource.Progress.name,
      Key: keys.userProgress(userId, exerciseId),
      UpdateExpression: "DELETE inflight :old",
      ExpressionAttributeValues: { ":old": old },
    }),
  );
}
