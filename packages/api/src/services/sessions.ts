/**
 * Sessions: a random secret the token carries (`sid`), stored only as its SHA-256, which is also
 * the session's public id. Every check is a consistent read by primary key and compares
 * `expiresAt` itself, because TTL deletes late (and DynamoDB Local never does).
 */
import { createHash, randomBytes } from "node:crypto";
import type { SessionKind, SessionSummary } from "@akasha/core/api";
import { isExpired, keys } from "@akasha/core/tables";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock, epochSeconds } from "../lib/clock";
import { db } from "../lib/db";
import { HttpError } from "../lib/errors";
import { sign } from "../lib/jwt";

export const sessionTtlSeconds: Record<SessionKind, number> = { web: 30 * 86_400, cli: 90 * 86_400 };
/** lastSeenAt is refreshed at most this often, so reads rarely cost a write. */
const touchEverySeconds = 300;

export interface SessionClaims {
  sub: string;
  sid: string;
  kind: SessionKind;
}

export interface SessionRecord {
  pk: string;
  sk: string;
  userId: string;
  kind: SessionKind;
  label: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: number;
}

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

const invalidSession = () => new HttpError(401, "invalid_session", "this session has ended: sign in again");

export async function createSession(userId: string, kind: SessionKind, label: string) {
  const secret = randomBytes(32).toString("base64url");
  const id = hashSecret(secret);
  const now = clock.now();
  const ttl = sessionTtlSeconds[kind];
  const item: SessionRecord & Record<string, unknown> = {
    ...keys.session(id, userId),
    gsi1pk: `USER#${userId}`,
    gsi1sk: `SESSION#${now.toISOString()}`,
    userId,
    kind,
    label: label.slice(0, 120),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: epochSeconds(now) + ttl,
  };
  await db.send(
    new PutCommand({
      TableName: Resource.Sessions.name,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  const token = sign("session", { sub: userId, sid: secret, kind }, ttl);
  return { id, token, expiresAt: item.expiresAt, ttlSeconds: ttl };
}

/** The live session behind verified token claims, or a 401. One consistent GetItem. */
export async function loadSession(claims: SessionClaims): Promise<SessionRecord> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: Resource.Sessions.name,
      Key: keys.session(hashSecret(claims.sid), claims.sub),
      ConsistentRead: true,
    }),
  );
  const session = Item as SessionRecord | undefined;
  if (!session || isExpired(session, clock.now())) throw invalidSession();
  return session;
}

/** Refreshes lastSeenAt when it is older than a few minutes; a session deleted meanwhile stays deleted. */
export async function touchSession(session: SessionRecord): Promise<void> {
  const now = clock.now();
  if (Date.parse(session.lastSeenAt) > now.getTime() - touchEverySeconds * 1000) return;
  await db
    .send(
      new UpdateCommand({
        TableName: Resource.Sessions.name,
        Key: { pk: session.pk, sk: session.sk },
        UpdateExpression: "SET lastSeenAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": now.toISOString() },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== "ConditionalCheckFailedException") throw error;
    });
}

/** Ends the session the token names, at once, wherever the token is held. */
export async function endSession(claims: SessionClaims): Promise<void> {
  await db.send(
    new DeleteCommand({
      TableName: Resource.Sessions.name,
      Key: keys.session(hashSecret(claims.sid), claims.sub),
    }),
  );
}

/**
 * Revokes one of the caller's own sessions by id, in one round trip: a transaction that also
 * checks the caller's session is still live. Another user's session id is a 404, like a missing one.
 */
export async function revokeSession(claims: SessionClaims, id: string): Promise<void> {
  // A transaction may not name one item twice: revoking the current session is signing out.
  if (id === hashSecret(claims.sid)) return endSession(claims);
  const nowSeconds = epochSeconds(clock.now());
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: Resource.Sessions.name,
              Key: keys.session(hashSecret(claims.sid), claims.sub),
              ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
              ExpressionAttributeValues: { ":now": nowSeconds },
            },
          },
          {
            Delete: {
              TableName: Resource.Sessions.name,
              Key: keys.session(id, claims.sub),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [own, target] = error.CancellationReasons ?? [];
    if (own?.Code === "ConditionalCheckFailed") throw invalidSession();
    if (target?.Code === "ConditionalCheckFailed") throw new HttpError(404, "not_found", "no such session");
    throw error;
  }
}

/** The user's live sessions, newest first. Reads the gsi1 index, so a session made a moment ago may lag. */
export async function listSessions(userId: string, currentId: string | undefined): Promise<SessionSummary[]> {
  const now = clock.now();
  const sessions: SessionSummary[] = [];
  const pages = paginateQuery(
    { client: db },
    {
      TableName: Resource.Sessions.name,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :user AND begins_with(gsi1sk, :prefix)",
      ExpressionAttributeValues: { ":user": `USER#${userId}`, ":prefix": "SESSION#" },
      ScanIndexForward: false,
    },
  );
  for await (const page of pages) {
    for (const item of (page.Items ?? []) as SessionRecord[]) {
      if (isExpired(item, now)) continue;
      const id = item.pk.slice("SESSION#".length);
      sessions.push({
        id,
        kind: item.kind,
        label: item.label,
        createdAt: item.createdAt,
        lastSeenAt: item.lastSeenAt,
        expiresAt: new Date(item.expiresAt * 1000).toISOString(),
        current: id === currentId,
      });
    }
  }
  return sessions;
}
