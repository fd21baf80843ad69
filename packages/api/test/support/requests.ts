/**
 * Requests as the failure tables send them: exact paths and headers over plain node:http (fetch
 * would normalize `..` away and add headers of its own), the error shape every 4xx shares, and
 * table snapshots that prove a refused request wrote nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { type IncomingHttpHeaders, request } from "node:http";
import { getExercise } from "@akasha/core/catalog";
import { keys } from "@akasha/core/tables";
import { type DynamoDBDocumentClient, PutCommand, paginateScan } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import type { TestApi } from "./api";

export interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export interface SendOptions {
  /** A header set to undefined is not sent. */
  headers?: Record<string, string | undefined>;
  body?: string | Buffer;
}

/**
 * One request, sent exactly as given: the path is not normalized, and only `host` (and
 * `content-length` with a body) is added.
 */
export function send(api: TestApi, method: string, path: string, options: SendOptions = {}): Promise<Sent> {
  const url = new URL(api.url);
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  // Framed explicitly: node:http would send a DELETE body unframed.
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The API's client-error shape: JSON `{error, code}` with this status and code. */
export function expectError(sent: Sent, status: number, code: string): void {
  expect({ status: sent.status, body: sent.body }).toEqual({
    status,
    body: expect.objectContaining({ error: expect.any(String), code }),
  });
  expect(sent.headers["content-type"]).toMatch(/^application\/json/);
}

/** Every item of a table as stable JSON lines, sorted: equal snapshots mean nothing was written. */
export async function tableSnapshot(doc: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: tableName, ConsistentRead: true })) {
    for (const item of page.Items ?? []) lines.push(stableJson(item));
  }
  return lines.sort();
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Set) return [...v].map(String).sort();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });

// --- Sessions ---------------------------------------------------------------------------------

/**
 * A session's public id from its secret: SHA-256 hex, as `hashSecret` in services/sessions.ts.
 * (Importing that module here would load the handlers' modules before the gateway sets their
 * environment.)
 */
export const sessionIdFor = (sid: string): string => createHash("sha256").update(sid).digest("hex");

/** The claims of a token, unverified. */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The public id of the session a token names. */
export const sessionIdOf = (token: string): string => sessionIdFor(String(tokenClaims(token).sid));

/** Puts a session item directly, as `createSession` would; returns its secret (`sid`). */
export async function putSession(
  doc: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
  options: { expiresAt?: number; kind?: "web" | "cli" } = {},
): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  const now = new Date();
  await doc.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.session(sessionIdFor(sid), userId),
        gsi1pk: `USER#${userId}`,
        gsi1sk: `SESSION#${now.toISOString()}`,
        userId,
        kind: options.kind ?? "web",
        label: "Made by a test",
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: options.expiresAt ?? Math.floor(now.getTime() / 1000) + 3600,
      },
    }),
  );
  return sid;
}

// --- Verify -----------------------------------------------------------------------------------

/** A body that `POST /exercises/{id}/verify` accepts for this exercise as the catalog has it. */
export function verifyBody(exerciseId: string, passed = true) {
  const exercise = getExercise(exerciseId);
  if (!exercise) throw new Error(`no exercise ${exerciseId} in the catalog`);
  return {
    exerciseVersion: exercise.version,
    checks: exercise.checks.map((c) => ({ id: c.id, passed })),
  };
}

/** `POST /exercises/{id}/verify` with a Bearer token, a JSON body and a fresh Idempotency-Key. */
export function postVerify(
  api: TestApi,
  token: string,
  options: {
    exerciseId?: string;
    /** Sent as JSON; `raw` is sent as it is instead. */
    body?: unknown;
    raw?: string | Buffer;
    /** Default: a fresh UUID. */
    key?: string;
    headers?: Record<string, string | undefined>;
  } = {},
): Promise<Sent> {
  const exerciseId = options.exerciseId ?? "linux-01";
  return send(api, "POST", `/exercises/${exerciseId}/verify`, {
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "idempotency-key": options.key ?? crypto.randomUUID(),
      ...options.headers,
    },
    body: options.raw ?? JSON.stringify(options.body ?? verifyBody(exerciseId)),
  });
}
