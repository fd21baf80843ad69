/**
 * Warm, in-process latency of the two routes the CLI and the dashboard call most — `GET /progress`
 * and `POST /exercises/{id}/verify` — on DynamoDB Local, next to one raw consistent GetItem of the
 * caller's session measured in the same run, plus how many DynamoDB calls each request makes and
 * how many of them are sequential (round trips of latency). Prints figures; asserts nothing.
 *
 * The handlers run through the local API Gateway's `invoke` (no HTTP for measured requests), with
 * the environment the local stack gives them. Sign-in goes once over HTTP through the GitHub
 * emulator; its session cookie then serves as the Bearer token.
 *
 *   pnpm bench                                       300 measured requests per operation
 *   BENCH_REQUESTS=1000 BENCH_WARMUP=100 pnpm bench
 */

import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { routes } from "@akasha/api/routes";
import { catalog, type Exercise, getExercise } from "@akasha/core/catalog";
import { keys } from "@akasha/core/tables";
import { handlerEnvironment, loadConfig, repoRoot } from "@akasha/local/config";
import { corsFor } from "@akasha/local/cors";
import { freePort, localClient, startDynamoLocal } from "@akasha/local/dynamodb";
import { createGateway, type GatewayRequest, invoke, startGateway } from "@akasha/local/gateway";
import { startGithubEmulator } from "@akasha/local/github-emulator";
import { ensureTables, physicalNames } from "@akasha/local/tables";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

// Types only: bench/ has no dependencies of its own, so the SDK is loaded from where the API gets it.

const measured = positiveInt(process.env.BENCH_REQUESTS, 300);
const warmup = positiveInt(process.env.BENCH_WARMUP, 50);
const exerciseId = "linux-01";
const tablePrefix = "bench";

type Stop = () => Promise<unknown>;
const stops: Stop[] = [];
const stopAll = async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
};

async function main(): Promise<void> {
  // --- The local stack, in memory ------------------------------------------------------------
  const config = loadConfig({
    LOCAL_ENV_FILE: "none",
    STAGE: "bench",
    TABLE_PREFIX: tablePrefix,
    API_PORT: String(await freePort(0)),
    GITHUB_EMULATOR_PORT: String(await freePort(0)),
  });
  const dynamoLocal = await startDynamoLocal({ port: 0 });
  stops.push(() => dynamoLocal.stop());
  const admin = localClient(dynamoLocal.endpoint);
  try {
    await ensureTables(admin, config.tablePrefix);
  } finally {
    admin.destroy();
  }
  const github = await startGithubEmulator({
    clientId: config.github.clientId,
    clientSecret: config.github.clientSecret,
    callbackUrl: `${config.apiUrl}/auth/github/callback`,
    port: config.githubEmulatorPort,
  });
  stops.push(() => github.close());

  const env = { ...handlerEnvironment(config, dynamoLocal.endpoint), POWERTOOLS_LOG_LEVEL: "SILENT" };
  const handlersDir = resolve(repoRoot, "packages/api/src");
  const gatewayOptions = { routes, handlersDir, env, cors: corsFor(config.frontendUrl), log: () => {} };
  // The gateway applies this before it imports a handler; doing it first lets the bench import the
  // handlers' own DynamoDB client (it reads DYNAMODB_ENDPOINT when its module loads).
  Object.assign(process.env, env);

  // Same file, same module instance as the handlers' `../../lib/db` imports.
  const { db, dynamo } = await import("../packages/api/src/lib/db");
  const { hashSecret } = await import("../packages/api/src/services/sessions");
  stops.push(async () => dynamo.destroy());
  const recorder = recordCalls(dynamo, `${config.tablePrefix}-`);

  // --- Sign in once over HTTP, like a browser -------------------------------------------------
  const http = await startGateway({ ...gatewayOptions, port: config.apiPort });
  stops.push(() => http.close());
  const token = await signIn(config.apiUrl, "octocat");
  await stops.pop()?.(); // closes the HTTP gateway: measured requests go through `invoke`
  const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
    sub: string;
    sid: string;
  };
  const names = physicalNames(config.tablePrefix);
  const sessionKey = keys.session(hashSecret(claims.sid), claims.sub);

  // --- The operations measured ------------------------------------------------------------------
  const gateway = createGateway(gatewayOptions);
  const host = new URL(config.apiUrl).host;
  const call = async (req: Omit<GatewayRequest, "sourceIp" | "host">, expected: number) => {
    const response = await invoke(gateway, { ...req, sourceIp: "127.0.0.1", host });
    if (response.statusCode !== expected) {
      throw new Error(
        `${req.method} ${req.url} answered ${response.statusCode}, not ${expected}: ${response.body}`,
      );
    }
  };
  const bearer = { authorization: `Bearer ${token}` };
  /** Posts a result with a fresh Idempotency-Key: every check passed, or all but the last. */
  const verify = (exercise: Exercise, allPassed: boolean) =>
    call(
      {
        method: "POST",
        url: `/exercises/${exercise.id}/verify`,
        headers: { ...bearer, "content-type": "application/json", "idempotency-key": randomUUID() },
        body: Buffer.from(
          JSON.stringify({
            exerciseVersion: exercise.version,
            checks: exercise.checks.map((c, i) => ({
              id: c.id,
              passed: allPassed || i < exercise.checks.length - 1,
            })),
            cliVersion: "bench",
          }),
        ),
      },
      200,
    );

  const exercise = getExercise(exerciseId);
  if (!exercise) throw new Error(`the catalog has no ${exerciseId}`);
  let verifications = 0;
  const operations: Operation[] = [
    {
      name: "GetItem Sessions (raw, consistent)",
      run: () =>
        db.send(new GetCommand({ TableName: names.Sessions, Key: sessionKey, ConsistentRead: true })),
    },
    {
      name: "GET /progress",
      run: () => call({ method: "GET", url: "/progress", headers: bearer, body: Buffer.alloc(0) }, 200),
    },
    {
      name: `POST /exercises/${exerciseId}/verify`,
      // Alternating pass and fail keeps both update shapes (completion, attempt only) in the sample.
      run: () => verify(exercise, verifications++ % 2 === 0),
    },
  ];

  // Some progress to read: every exercise attempted once, half of them completed.
  for (const [i, e] of catalog.exercises.entries()) await verify(e, i % 2 === 0);
  recorder.take();
  await operations[1]?.run();
  if (recorder.take().length === 0) {
    throw new Error("no DynamoDB call was recorded: the bench's db.ts is not the handlers' instance");
  }

  // --- Warm up, then measure, interleaved so every operation sees the same conditions -----------
  const samples = new Map(operations.map((op) => [op.name, [] as Sample[]]));
  for (let round = 0; round < warmup + measured; round++) {
    for (let k = 0; k < operations.length; k++) {
      const op = operations[(round + k) % operations.length] as Operation;
      recorder.take();
      const started = performance.now();
      await op.run();
      const ms = performance.now() - started;
      const calls = recorder.take();
      if (round >= warmup) samples.get(op.name)?.push({ ms, calls });
    }
  }

  // A session last seen over 5 minutes ago is touched (lastSeenAt) on its next request: once per
  // session every 5 minutes, so outside the timed sample, but its call sequence is worth seeing.
  const staleSession = async () => {
    const oneHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: names.Sessions,
        Key: sessionKey,
        UpdateExpression: "SET lastSeenAt = :t",
        ExpressionAttributeValues: { ":t": oneHourAgo },
      }),
    );
    recorder.take();
  };
  const probes: Probe[] = [];
  for (const op of operations.slice(1)) {
    await staleSession();
    const started = performance.now();
    await op.run();
    const ms = performance.now() - started;
    probes.push({ name: `${op.name} (session last seen > 5 min ago)`, ms, calls: recorder.take() });
  }

  report(operations, samples, probes, dynamoLocal.endpoint);
}

// --- Recording DynamoDB calls --------------------------------------------------------------------

interface Call {
  command: string;
  table: string;
  start: number;
  end: number;
}

interface Sample {
  ms: number;
  calls: Call[];
}

interface Probe extends Sample {
  name: string;
}

interface Operation {
  name: string;
  run: () => Promise<unknown>;
}

type Dynamo = Awaited<typeof import("../packages/api/src/lib/db")>["dynamo"];

/**
 * Records every request the client puts on the wire. The deserialize step runs once per attempt,
 * right around the HTTP exchange, and the document client shares this middleware stack.
 */
function recordCalls(dynamo: Dynamo, tablePrefix: string) {
  let calls: Call[] = [];
  let inFlight = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string };
      const call: Call = {
        command: (context.commandName ?? "?").replace(/Command$/, ""),
        table: input.TableName?.replace(tablePrefix, "") ?? "",
        start: performance.now(),
        end: Number.NaN,
      };
      calls.push(call);
      inFlight++;
      try {
        return await next(args);
      } finally {
        call.end = performance.now();
        inFlight--;
      }
    },
    { step: "deserialize", name: "benchRecordCalls" },
  );
  return {
    /** The calls since the last take; throws if one is still on the wire (it would be misattributed). */
    take(): Call[] {
      if (inFlight > 0) throw new Error(`${inFlight} DynamoDB call(s) outlived the request that made them`);
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}

/**
 * Calls grouped into sequential waves: a call is in the wave after the latest wave among the calls
 * that had ended before it started. The number of waves is the round trips of latency a request
 * pays; calls in one wave overlap and cost one.
 */
function waves(calls: readonly Call[]): Call[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const waveOf = new Map<Call, number>();
  const grouped: Call[][] = [];
  for (const call of sorted) {
    let wave = 0;
    for (const before of sorted) {
      if (before.end <= call.start) wave = Math.max(wave, (waveOf.get(before) ?? 0) + 1);
    }
    waveOf.set(call, wave);
    grouped[wave] = [...(grouped[wave] ?? []), call];
  }
  return grouped;
}

/** Milliseconds with at least one call on the wire: the request's DynamoDB share of its latency. */
function wireTime(calls: readonly Call[]): number {
  let total = 0;
  let until = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    total += Math.max(0, call.end - Math.max(call.start, until));
    until = Math.max(until, call.end);
  }
  return total;
}

const describeWaves = (calls: readonly Call[]) =>
  waves(calls)
    .map((wave, i) => `${i + 1}: ${wave.map((c) => `${c.command} ${c.table}`.trim()).join(" ∥ ")}`)
    .join("  →  ");

// --- Signing in --------------------------------------------------------------------------------

/** Follows the web sign-in through the GitHub emulator; returns the session cookie's value. */
async function signIn(apiUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = `${apiUrl}/auth/github?${new URLSearchParams({ login, returnTo: "/labs" })}`;
  for (let hop = 0; hop < 10; hop++) {
    const cookie = url.startsWith(apiUrl) ? [...jar].map(([n, v]) => `${n}=${v}`).join("; ") : "";
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";", 1);
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const session = jar.get("akasha_session");
    if (session) return session;
    const location = response.headers.get("location");
    if (!location) throw new Error(`sign-in as ${login} stopped at ${url} with ${response.status}`);
    url = new URL(location, url).toString();
  }
  throw new Error(`sign-in as ${login} took more than 10 redirects`);
}

// --- Reporting ---------------------------------------------------------------------------------

function report(
  operations: readonly Operation[],
  samples: Map<string, Sample[]>,
  probes: readonly Probe[],
  endpoint: string,
): void {
  const rows = operations.map((op) => {
    const all = samples.get(op.name) ?? [];
    const ms = all.map((s) => s.ms).sort((a, b) => a - b);
    const calls = all.map((s) => s.calls.length);
    const trips = all.map((s) => waves(s.calls).length);
    const onWire = all.map((s) => wireTime(s.calls)).sort((a, b) => a - b);
    return {
      op,
      all,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      mean: ms.reduce((sum, v) => sum + v, 0) / Math.max(1, ms.length),
      wire: percentile(onWire, 50),
      calls: spread(calls),
      trips: spread(trips),
    };
  });
  const base = rows[0]?.p50 ?? Number.NaN;
  const f = (n: number) => n.toFixed(2);
  const table = [
    [
      "operation",
      "n",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "mean ms",
      "p50 ÷ GetItem",
      "on wire p50",
      "calls",
      "round trips",
    ],
    ...rows.map((r) => [
      r.op.name,
      String(r.all.length),
      f(r.p50),
      f(r.p95),
      f(r.p99),
      f(r.mean),
      `${(r.p50 / base).toFixed(2)}×`,
      f(r.wire),
      r.calls,
      r.trips,
    ]),
  ];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");

  console.log(`\nAPI latency, warm, in process — DynamoDB Local ${endpoint}, Node ${process.versions.node}`);
  console.log(`${warmup} warm-up and ${measured} measured requests per operation, interleaved`);
  console.log("on wire: time with at least one DynamoDB call in flight; the rest of p50 is our code\n");
  console.log(line(table[0] ?? []));
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const row of table.slice(1)) console.log(line(row));

  console.log(
    "\nDynamoDB calls per request, by sequential wave (∥ = concurrent; most common sequence first):",
  );
  for (const r of rows) {
    const sequences = new Map<string, number>();
    for (const s of r.all) {
      const key = describeWaves(s.calls);
      sequences.set(key, (sequences.get(key) ?? 0) + 1);
    }
    console.log(`  ${r.op.name}`);
    for (const [sequence, count] of [...sequences].sort((a, b) => b[1] - a[1])) {
      console.log(`    ${String(count).padStart(4)} × ${sequence}`);
    }
  }
  console.log("\nOnce per session every 5 minutes (not in the timed sample):");
  for (const { name, ms, calls } of probes) {
    console.log(`  ${name}: ${waves(calls).length} round trips, ${ms.toFixed(2)} ms (one request)`);
    console.log(`    ${describeWaves(calls)}`);
  }
  const memory = process.memoryUsage();
  console.log(
    `\nmemory: rss ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} MB (this process; DynamoDB Local runs in its own JVM)\n`,
  );
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** `3`, or `5 (5–7)` when it varies: the most common value, then the range. */
function spread(values: readonly number[]): string {
  if (values.length === 0) return "–";
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const mode = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(mode) : `${mode} (${min}–${max})`;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function positiveInt(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${value}`);
  return n;
}

// --- Run ----------------------------------------------------------------------------------------

let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  void stopAll().finally(() => process.exit(130));
});

try {
  await main();
} catch (error) {
  if (!interrupted)
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
