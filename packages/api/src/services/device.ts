/**
 * CLI sign-in: the OAuth 2.0 Device Authorization Grant (RFC 8628). A terminal asks for a pair of
 * codes; the learner, signed in on the site, approves the short user code; the terminal polls
 * with the long device code and, once approved, receives a CLI session token exactly once.
 *
 * Both codes are stored only as SHA-256 hashes, in two items written in one transaction: the
 * grant, keyed by the device code, and a pointer to it keyed by the user code. Every state change
 * is a conditional write (pending → approved | denied → consumed), and every read checks
 * `expiresAt`. Nothing here logs a code or a token.
 */

import { randomBytes, randomInt } from "node:crypto";
import {
  DeviceClientId,
  type DeviceCodeResponse,
  DeviceGrantType,
  type DeviceTokenResponse,
} from "@akasha/core/api";
import { isExpired, type Key, keys } from "@akasha/core/tables";
import { formatUserCode, userCodeAlphabet, userCodeLetters } from "@akasha/core/user-code";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock, epochSeconds } from "../lib/clock";
import { db } from "../lib/db";
import { HttpError } from "../lib/errors";
import { logger } from "../lib/logger";
import { urls } from "../lib/urls";
import { type FailureLimit, releaseFailure, reserveFailure } from "./rate-limit";
import { createSession, hashSecret } from "./sessions";

export const deviceCodeTtlSeconds = 900;
export const defaultDeviceLabel = "infra-learn CLI";
/** RFC 8628 §3.5: each `slow_down` adds 5 seconds to the interval, for good. */
const slowDownSeconds = 5;
/** A poll this much early still counts as on time: timers and networks jitter. */
const pollJitterMs = 500;
/** Wrong user codes a learner may enter: 5 in any 15 minutes. */
export const wrongCodeLimit: FailureLimit = { action: "device-approve", max: 5, windowSeconds: 900 };

/** Seconds between polls: 5, or `DEVICE_POLL_INTERVAL_SECONDS` (tests use 1). */
export function pollIntervalSeconds(): number {
  const configured = Number(process.env.DEVICE_POLL_INTERVAL_SECONDS);
  return Number.isInteger(configured) && configured > 0 ? configured : 5;
}

type GrantStatus = "pending" | "approved" | "denied" | "consumed";

interface DeviceGrant {
  pk: string;
  sk: string;
  status: GrantStatus;
  clientId: string;
  label: string;
  userCodeHash: string;
  /** Seconds the client must wait between polls; grows with every `slow_down`. */
  interval: number;
  /** Epoch ms of the last poll while pending. */
  lastPolledAt?: number;
  userId?: string;
  decidedAt?: string;
  consumedAt?: string;
  createdAt: string;
  expiresAt: number;
}

interface UserCodeItem {
  deviceCodeHash: string;
  expiresAt: number;
}

const newUserCode = () =>
  Array.from({ length: 8 }, () => userCodeAlphabet[randomInt(userCodeAlphabet.length)]).join("");

const oauth = (error: string, description: string) => new HttpError(400, error, description);

function checkClient(clientId: string | undefined): void {
  if (clientId === DeviceClientId) return;
  throw new HttpError(
    401,
    "invalid_client",
    clientId ? "unknown client_id" : "client_id is required (this server knows one client: infra-learn)",
  );
}

/** `POST /auth/device/code`: a fresh grant, pending for 15 minutes. */
export async function startDeviceAuthorization(input: {
  clientId?: string;
  label?: string;
}): Promise<DeviceCodeResponse> {
  checkClient(input.clientId);
  const deviceCode = randomBytes(32).toString("base64url");
  const deviceCodeHash = hashSecret(deviceCode);
  const now = clock.now();
  const expiresAt = epochSeconds(now) + deviceCodeTtlSeconds;
  const interval = pollIntervalSeconds();
  // 20^8 codes make a collision with a live one rare; a new code settles it.
  for (let attempt = 0; attempt < 5; attempt++) {
    const userCode = newUserCode();
    const userCodeHash = hashSecret(userCode);
    const grant: DeviceGrant = {
      ...keys.deviceGrant(deviceCodeHash),
      status: "pending",
      clientId: DeviceClientId,
      label: input.label?.trim() || defaultDeviceLabel,
      userCodeHash,
      interval,
      createdAt: now.toISOString(),
      expiresAt,
    };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: Resource.Sessions.name,
                Item: grant,
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: Resource.Sessions.name,
                Item: { ...keys.userCode(userCodeHash), deviceCodeHash, expiresAt },
                // An expired code that TTL has not deleted yet is free again.
                ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
                ExpressionAttributeValues: { ":now": epochSeconds(now) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const taken = error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code;
      if (taken === "ConditionalCheckFailed") continue;
      throw error;
    }
    const verificationUri = `${urls.frontend}/labs/device`;
    return {
      device_code: deviceCode,
      user_code: formatUserCode(userCode),
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${formatUserCode(userCode)}`,
      expires_in: deviceCodeTtlSeconds,
      interval,
    };
  }
  throw new Error("no free user code after 5 tries");
}

/**
 * `POST /auth/device/token`: the RFC 8628 §3.5 answer to one poll. A pending grant may be polled
 * once per interval (a poll sooner is `slow_down`, and the interval grows by 5 s); an approved
 * grant becomes a CLI session exactly once, however many polls race for it.
 */
export async function pollDeviceToken(input: {
  grantType?: string;
  deviceCode?: string;
  clientId?: string;
}): Promise<DeviceTokenResponse> {
  checkClient(input.clientId);
  if (!input.grantType) throw oauth("invalid_request", "grant_type is required");
  if (input.grantType !== DeviceGrantType) {
    throw oauth("unsupported_grant_type", `this endpoint grants ${DeviceGrantType} only`);
  }
  if (!input.deviceCode) throw oauth("invalid_request", "device_code is required");
  const key = keys.deviceGrant(hashSecret(input.deviceCode));
  // Each lost race means the grant changed under us: read it again and answer from its new state.
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await answerPoll(key, input.clientId as string);
    if (answer) return answer;
  }
  throw oauth("slow_down", "too many polls at once: poll less often");
}

/** The token, an OAuth error thrown, or undefined when a conditional write lost a race. */
async function answerPoll(key: Key, clientId: string): Promise<DeviceTokenResponse | undefined> {
  const grant = await readGrant(key);
  const now = clock.now();
  if (!grant || grant.clientId !== clientId) throw oauth("invalid_grant", "unknown device_code");
  if (grant.status === "consumed") throw oauth("invalid_grant", "this device_code was already used");
  if (isExpired(grant, now)) throw oauth("expired_token", "the device_code expired: start again");
  if (grant.status === "denied") throw oauth("access_denied", "the learner denied this sign-in");
  if (grant.status === "approved") return consume(grant);

  const { lastPolledAt, interval } = grant;
  if (lastPolledAt !== undefined && now.getTime() < lastPolledAt + interval * 1000 - pollJitterMs) {
    // Every early poll slows the client down, racing or not.
    const slowed = await conditionalUpdate({
      Key: key,
      UpdateExpression: "SET lastPolledAt = :now, #interval = #interval + :slower",
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: { "#status": "status", "#interval": "interval" },
      ExpressionAttributeValues: { ":now": now.getTime(), ":pending": "pending", ":slower": slowDownSeconds },
    });
    if (!slowed) return undefined;
    throw oauth("slow_down", `polled too soon: wait ${interval + slowDownSeconds} seconds between polls`);
  }
  // On time: of racing polls only the first counts, and the others find themselves early.
  const recorded = await conditionalUpdate({
    Key: key,
    UpdateExpression: "SET lastPolledAt = :now",
    ConditionExpression:
      lastPolledAt === undefined
        ? "#status = :pending AND attribute_not_exists(lastPolledAt)"
        : "#status = :pending AND lastPolledAt = :last",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":now": now.getTime(),
      ":pending": "pending",
      ...(lastPolledAt === undefined ? {} : { ":last": lastPolledAt }),
    },
  });
  if (!recorded) return undefined;
  throw oauth("authorization_pending", "waiting for the learner to approve the code");
}

/** Marks an approved grant consumed (only one poll can) and starts its CLI session. */
async function consume(grant: DeviceGrant): Promise<DeviceTokenResponse | undefined> {
  const now = clock.now();
  const key = { pk: grant.pk, sk: grant.sk };
  const consumed = await conditionalUpdate({
    Key: key,
    UpdateExpression: "SET #status = :consumed, consumedAt = :at",
    ConditionExpression: "#status = :approved AND expiresAt > :now",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":consumed": "consumed",
      ":approved": "approved",
      ":at": now.toISOString(),
      ":now": epochSeconds(now),
    },
  });
  if (!consumed) return undefined;
  try {
    const session = await createSession(grant.userId as string, "cli", grant.label);
    return { access_token: session.token, token_type: "Bearer", expires_in: session.ttlSeconds };
  } catch (error) {
    // No token was handed out: let the next poll try again rather than leave the grant spent.
    await conditionalUpdate({
      Key: key,
      UpdateExpression: "SET #status = :approved REMOVE consumedAt",
      ConditionExpression: "#status = :consumed AND consumedAt = :at",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":consumed": "consumed",
        ":approved": "approved",
        ":at": now.toISOString(),
      },
    }).catch((revert: Error) => logger.error("a consumed device grant was not restored", { error: revert }));
    throw error;
  }
}

/**
 * `POST /auth/device/approve`: the signed-in learner approves or denies the grant behind a user
 * code. A malformed, unknown or expired code counts against the learner's wrong-code limit; the
 * limit is checked before the code is looked up, so a right code is refused too once it is hit.
 */
export async function decideDeviceGrant(
  userId: string,
  userCode: string,
  decision: "approve" | "deny",
): Promise<{ status: "approved" | "denied"; label: string }> {
  const reservation = await reserveFailure(wrongCodeLimit, userId);
  const wrong = () =>
    new HttpError(
      400,
      "invalid_user_code",
      "that code is not valid or has expired: run infra-learn login again",
    );
  const letters = userCodeLetters(userCode);
  if (!letters) throw wrong();
  const userCodeHash = hashSecret(letters);
  const { Item } = await db.send(
    new GetCommand({
      TableName: Resource.Sessions.name,
      Key: keys.userCode(userCodeHash),
      ConsistentRead: true,
    }),
  );
  const pointer = Item as UserCodeItem | undefined;
  if (!pointer || isExpired(pointer, clock.now())) throw wrong();

  const key = keys.deviceGrant(pointer.deviceCodeHash);
  const status = decision === "approve" ? "approved" : "denied";
  const now = clock.now();
  const decided = await conditionalUpdate({
    Key: key,
    UpdateExpression: "SET #status = :decided, userId = :user, decidedAt = :at",
    ConditionExpression: "#status = :pending AND userCodeHash = :code AND expiresAt > :now",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":decided": status,
      ":pending": "pending",
      ":user": userId,
      ":at": now.toISOString(),
      ":code": userCodeHash,
      ":now": epochSeconds(now),
    },
    ReturnValues: "ALL_NEW",
  });
  if (!decided) {
    const grant = await readGrant(key);
    if (!grant || grant.userCodeHash !== userCodeHash || isExpired(grant, clock.now())) throw wrong();
    await releaseFailure(reservation);
    throw new HttpError(409, "already_decided", "that code was already approved or denied");
  }
  await releaseFailure(reservation);
  return { status, label: String(decided.label) };
}

async function readGrant(key: Key): Promise<DeviceGrant | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: Resource.Sessions.name, Key: key, ConsistentRead: true }),
  );
  return Item as DeviceGrant | undefined;
}

/** An UpdateItem on the Sessions table: the attributes it returns, or undefined when its condition failed. */
async function conditionalUpdate(
  command: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({ TableName: Resource.Sessions.name, ...command }),
    );
    return Attributes ?? {};
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return undefined;
    throw error;
  }
}
