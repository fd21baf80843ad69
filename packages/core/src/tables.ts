/**
 * The DynamoDB table specs: one source of truth for `infra/database.ts` (sst.aws.Dynamo) and the
 * local stack's table bootstrap. The shape mirrors the Dynamo component's arguments so infra can
 * pass it through unchanged.
 *
 * Every table uses the same generic layout: `pk`/`sk` strings, one overloaded index `gsi1`
 * (`gsi1pk`/`gsi1sk`), and — where items expire — `expiresAt` in epoch seconds. DynamoDB TTL
 * deletes late and DynamoDB Local never does, so every read of an expiring item checks
 * `expiresAt` itself.
 *
 * Item types and their key shapes (the key builders below build them):
 *
 * Users
 *   profile           pk=USER#<githubId>            sk=PROFILE
 *                     gsi1pk=EMAIL#<email>          gsi1sk=USER#<githubId>   (only with a verified email)
 *
 * Progress
 *   progress          pk=USER#<githubId>            sk=EXERCISE#<exerciseId>
 *                     gsi1pk=EXERCISE#<exerciseId>  gsi1sk=COMPLETED#<iso>   (sparse: set on first completion)
 *   day activity      pk=USER#<githubId>            sk=DAY#<yyyy-mm-dd>      (streaks)
 *   completion count  pk=STATS#EXERCISES            sk=EXERCISE#<exerciseId> (`completions`, changed with ADD)
 *   idempotency       pk=IDEMPOTENCY#<userId>#<key> sk=RESULT                (expiresAt; the first answer, replayed)
 *
 * Sessions
 *   session           pk=SESSION#<sha256(secret)>   sk=USER#<githubId>       (expiresAt)
 *                     gsi1pk=USER#<githubId>        gsi1sk=SESSION#<createdAt>
 *   used OAuth state  pk=OAUTHSTATE#<sha256(state)> sk=STATE                 (expiresAt: a callback is single-use)
 *   device grant      pk=DEVICE#<sha256(device code)> sk=GRANT               (expiresAt; RFC 8628)
 *                     status pending → approved | denied (approve) → consumed (token, once);
 *                     clientId, label, userCodeHash, interval (s), lastPolledAt (epoch ms),
 *                     userId + decidedAt once decided, consumedAt once a token was issued
 *   user code         pk=USERCODE#<sha256(8 letters)> sk=GRANT               (expiresAt; same as its grant)
 *                     deviceCodeHash: the grant it names (the pk of that grant without DEVICE#)
 *   rate limit        pk=RATE#<action>#<userId>     sk=FAILURES              (expiresAt)
 *                     failures: epoch ms of the last 5 failures, oldest first; version (conditional writes)
 */

export type TableName = "Users" | "Progress" | "Sessions";

export interface IndexSpec {
  readonly hashKey: string;
  readonly rangeKey: string;
}

export interface TableSpec {
  /** Attribute types of every key attribute (table and index keys). */
  readonly fields: Readonly<Record<string, "string" | "number">>;
  readonly primaryIndex: IndexSpec;
  readonly globalIndexes: Readonly<Record<string, IndexSpec>>;
  /** The TTL attribute (epoch seconds), for tables whose items expire. */
  readonly ttl?: string;
}

const genericFields = { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" } as const;
const primaryIndex = { hashKey: "pk", rangeKey: "sk" } as const;
const gsi1 = { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } } as const;

export const tables: Readonly<Record<TableName, TableSpec>> = {
  Users: { fields: genericFields, primaryIndex, globalIndexes: gsi1 },
  Progress: { fields: genericFields, primaryIndex, globalIndexes: gsi1, ttl: "expiresAt" },
  Sessions: { fields: genericFields, primaryIndex, globalIndexes: gsi1, ttl: "expiresAt" },
};

export const tableNames = Object.keys(tables) as TableName[];

export interface Key {
  pk: string;
  sk: string;
}

/** Key builders: each says which item it addresses. */
export const keys = {
  userProfile: (userId: string): Key => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  userProgress: (userId: string, exerciseId: string): Key => ({
    pk: `USER#${userId}`,
    sk: `EXERCISE#${exerciseId}`,
  }),
  userDay: (userId: string, day: string): Key => ({ pk: `USER#${userId}`, sk: `DAY#${day}` }),
  exerciseStats: (exerciseId: string): Key => ({
    pk: keyPrefixes.exerciseStats,
    sk: `EXERCISE#${exerciseId}`,
  }),
  session: (secretHash: string, userId: string): Key => ({
    pk: `SESSION#${secretHash}`,
    sk: `USER#${userId}`,
  }),
  deviceGrant: (deviceCodeHash: string): Key => ({ pk: `DEVICE#${deviceCodeHash}`, sk: "GRANT" }),
  userCode: (userCodeHash: string): Key => ({ pk: `USERCODE#${userCodeHash}`, sk: "GRANT" }),
  rateLimit: (action: string, userId: string): Key => ({ pk: `RATE#${action}#${userId}`, sk: "FAILURES" }),
};

export const keyPrefixes = {
  exerciseStats: "STATS#EXERCISES",
  exercise: "EXERCISE#",
} as const;

/** Epoch seconds, the unit DynamoDB TTL reads. */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** True when an item carrying `expiresAt` has expired at `now` (TTL may not have deleted it yet). */
export const isExpired = (item: { expiresAt?: number }, now: Date): boolean =>
  item.expiresAt !== undefined && item.expiresAt <= epochSeconds(now);
