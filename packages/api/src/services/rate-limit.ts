/**
 * Failure limits: at most `max` failures in any `windowSeconds`, per learner and action. One item
 * keeps the times of the last `max` failures. An attempt reserves a failure *before* it is judged,
 * with a conditional write, so concurrent attempts cannot all slip under the limit; an attempt
 * that turns out not to be a failure gives its reservation back.
 */
import { isExpired, keys } from "@akasha/core/tables";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock, epochSeconds } from "../lib/clock";
import { db } from "../lib/db";
import { HttpError } from "../lib/errors";
import { logger } from "../lib/logger";

export interface FailureLimit {
  /** Names the limit in its key, e.g. `device-approve`. */
  action: string;
  max: number;
  windowSeconds: number;
}

export interface Reservation {
  limit: FailureLimit;
  userId: string;
  /** Epoch ms of the reserved failure. */
  at: number;
}

interface RateItem {
  failures?: number[];
  version?: number;
  expiresAt?: number;
}

/** Writers racing for one item retry this often before giving up (every retry means another write won). */
const maxWrites = 16;

/** Reserves one failure, or refuses with a 429 when `max` failures already fall in the window. */
export async function reserveFailure(limit: FailureLimit, userId: string): Promise<Reservation> {
  let at = 0;
  let retryAfterMs = limit.windowSeconds * 1000;
  const written = await rewrite(limit, userId, (failures, now) => {
    const oldest = failures[failures.length - limit.max];
    if (oldest !== undefined) {
      retryAfterMs = oldest + limit.windowSeconds * 1000 - now;
      return undefined;
    }
    at = now;
    return [...failures, now].sort((a, b) => a - b);
  });
  if (!written) {
    const minutes = Math.ceil(retryAfterMs / 60_000);
    throw new HttpError(429, "rate_limited", `too many wrong codes: try again in ${minutes} minute(s)`, {
      "retry-after": String(Math.ceil(retryAfterMs / 1000)),
    });
  }
  return { limit, userId, at };
}

/** Gives a reservation back: the attempt was not a failure. */
export async function releaseFailure({ limit, userId, at }: Reservation): Promise<void> {
  const written = await rewrite(limit, userId, (failures) => {
    const index = failures.indexOf(at);
    return index < 0 ? undefined : failures.toSpliced(index, 1);
  });
  if (!written) logger.warn("a rate-limit reservation was not released", { action: limit.action, userId });
}

/**
 * Reads the item, lets `change` compute the failures to keep from those inside the window (or
 * decline with undefined), and writes them back if nobody wrote in between; retries otherwise.
 */
async function rewrite(
  limit: FailureLimit,
  userId: string,
  change: (failures: number[], now: number) => number[] | undefined,
): Promise<boolean> {
  const key = keys.rateLimit(limit.action, userId);
  for (let attempt = 0; attempt < maxWrites; attempt++) {
    const { Item } = await db.send(
      new GetCommand({ TableName: Resource.Sessions.name, Key: key, ConsistentRead: true }),
    );
    const item = Item as RateItem | undefined;
    const now = clock.now();
    const since = now.getTime() - limit.windowSeconds * 1000;
    const live = item && !isExpired(item, now) ? (item.failures ?? []) : [];
    const failures = change(
      live.filter((at) => at > since),
      now.getTime(),
    );
    if (!failures) return false;
    const newest = Math.max(now.getTime(), ...failures);
    try {
      await db.send(
        new PutCommand({
          TableName: Resource.Sessions.name,
          Item: {
            ...key,
            failures,
            version: (item?.version ?? 0) + 1,
            expiresAt: epochSeconds(new Date(newest)) + limit.windowSeconds + 1,
          },
          ...(item
            ? {
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": item.version },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
    }
  }
  return false;
}
