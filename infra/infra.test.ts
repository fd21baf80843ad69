/**
 * `sst.config.ts` and `infra/*` run here under recording stand-ins for SST's globals (`sst`, `aws`,
 * `$app`, `$config`, `$dev`, `$interpolate`, `$util`). Every component records the kind and name it
 * was constructed with and its arguments; the API also records its `route()` calls; outputs are fake
 * strings that stand for their resolved values, so `$util.output(x).apply(f)` is just `f(x)`. Each
 * stage is deployed afresh (the infra reads `$app` at import) and what it would create is checked
 * against the route table, the table specs and the site's security headers, whose CloudFront code
 * is run here as CloudFront would run it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defaultTimeoutSeconds, lambdaHandler, type RouteSpec, routes } from "../packages/api/src/routes";
import { securityHeaders } from "../packages/core/src/security-headers";
import { tableNames, tables as tableSpecs } from "../packages/core/src/tables";

const routeTable: readonly RouteSpec[] = routes;

interface RouteFunctionArgs {
  handler: string;
  runtime?: string;
  architecture?: string;
  memory?: string;
  timeout?: string;
  link?: unknown[];
  environment?: Record<string, unknown>;
  nodejs?: { format?: string; banner?: string };
  logging?: false | { retention?: string };
}

interface Component {
  kind: string;
  constructorName: string;
  args: Record<string, unknown>;
}

interface RouteCall {
  route: string;
  handler: RouteFunctionArgs;
  /** The stand-in name of the Lambda function `route()` created. */
  functionName: string;
}

/** The members of a CloudWatch alarm's arguments (Pulumi's `MetricAlarmArgs`) the tests read. */
interface AlarmMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  period: number;
}

interface AlarmQuery {
  id: string;
  expression?: string;
  metric?: AlarmMetric & { stat: string };
  returnData?: boolean;
}

interface AlarmArgs extends Partial<AlarmMetric> {
  alarmName: string;
  alarmDescription: string;
  comparisonOperator: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  statistic?: string;
  extendedStatistic?: string;
  metricQueries?: AlarmQuery[];
  treatMissingData: string;
  alarmActions: unknown[];
  okActions: unknown[];
}

/** What a CloudFront viewer-response function sees and returns: headers by lower-case name. */
interface ViewerResponseEvent {
  response: { headers: Record<string, { value: string }> };
}

interface Recording {
  components: Component[];
  routes: RouteCall[];
}

function installStandIns(stage: string, recording: Recording) {
  class Recorded implements Component {
    constructor(
      readonly kind: string,
      readonly constructorName: string,
      readonly args: Record<string, unknown>,
    ) {
      recording.components.push(this);
    }
  }

  class Dynamo extends Recorded {
    readonly name: string;
    constructor(name: string, args: Record<string, unknown>) {
      super("sst.aws.Dynamo", name, args);
      this.name = `fake-output:${name}.name`;
    }
  }

  class Secret extends Recorded {
    readonly value: string;
    constructor(name: string, placeholder?: string) {
      super("sst.Secret", name, { placeholder });
      this.value = `fake-output:${name}.value`;
    }
  }

  class ApiGatewayV2 extends Recorded {
    readonly url: string;
    readonly nodes: { api: { id: string } };
    constructor(name: string, args: Record<string, unknown> = {}) {
      super("sst.aws.ApiGatewayV2", name, args);
      // URL-shaped, as the real one is: the site's CSP is built from its origin.
      this.url = `https://fake-output-${name.toLowerCase()}.execute-api.ap-south-1.amazonaws.com`;
      this.nodes = { api: { id: `fake-output:${name}.nodes.api.id` } };
    }
    route(route: string, handler: RouteFunctionArgs) {
      const functionName = `fake-output:${route}.nodes.function.name`;
      recording.routes.push({ route, handler, functionName });
      return { nodes: { function: { name: functionName } } };
    }
  }

  class StaticSite extends Recorded {
    readonly url: string;
    constructor(name: string, args: Record<string, unknown> = {}) {
      super("sst.aws.StaticSite", name, args);
      this.url = `fake-output:${name}.url`;
    }
  }

  class SnsTopic extends Recorded {
    readonly arn: string;
    constructor(name: string, args: Record<string, unknown> = {}) {
      super("sst.aws.SnsTopic", name, args);
      this.arn = `fake-output:${name}.arn`;
    }
  }

  class MetricAlarm extends Recorded {
    constructor(name: string, args: Record<string, unknown>) {
      super("aws.cloudwatch.MetricAlarm", name, args);
    }
  }

  Object.assign(globalThis, {
    sst: { aws: { Dynamo, ApiGatewayV2, StaticSite, SnsTopic }, Secret },
    aws: { cloudwatch: { MetricAlarm } },
    $app: { name: "akasha-labs", stage },
    $config: (config: unknown) => config,
    $dev: false,
    $interpolate: (literals: TemplateStringsArray, ...values: unknown[]) =>
      String.raw({ raw: literals }, ...values),
    $util: { output: (value: unknown) => ({ apply: (func: (v: unknown) => unknown) => func(value) }) },
  });
}

async function deploy(stage: string) {
  const recording: Recording = { components: [], routes: [] };
  vi.resetModules();
  installStandIns(stage, recording);

  const { default: config } = await import("../sst.config");
  const app = await config.app({ stage });
  const outputs = await config.run();

  // The same module instances `run()` created its resources in (the cache is reset per deploy).
  const { tables } = await import("./database");
  const { secrets } = await import("./auth");
  const { api } = await import("./api");
  const { web } = await import("./web");
  const monitoring = await import("./monitoring");
  return {
    app,
    outputs,
    recording,
    tables,
    secrets,
    api,
    web,
    monitoring,
    resources: { ...tables, ...secrets },
  };
}

type Deployment = Awaited<ReturnType<typeof deploy>>;

/**
 * Evaluates an alarm's metric math for one period, as CloudWatch would: `measured` gives each
 * metric query's value in that period (`undefined`: no data), and the query the alarm compares
 * (`returnData`) is computed from them. Knows the functions the infra's expressions use.
 */
function evaluateMetricMath(queries: AlarmQuery[], measured: (metric: AlarmMetric) => number | undefined) {
  const metrics = queries.filter((query) => query.metric);
  const values = metrics.map((query) => measured(query.metric as AlarmMetric));
  const compared = queries.filter((query) => query.returnData);
  expect(compared).toHaveLength(1);
  const FILL = (value: unknown, fill: number) =>
    Array.isArray(value) ? value.map((v) => v ?? fill) : (value ?? fill);
  const SUM = (series: number[]) => series.reduce((sum, v) => sum + v, 0);
  const METRICS = () => values;
  return new Function(
    "FILL",
    "SUM",
    "METRICS",
    ...metrics.map((query) => query.id),
    `"use strict"; return ${compared[0]?.expression};`,
  )(FILL, SUM, METRICS, ...values) as number;
}

/**
 * Everything wrong with the registered routes, compared with the route table: a route missing,
 * registered twice or not in the table, and any route whose links are not exactly the declared
 * resources its spec names (by identity, so a look-alike resource counts as wrong).
 */
function routeProblems(calls: readonly RouteCall[], resources: Deployment["resources"]): string[] {
  const problems: string[] = [];
  const nameOf = (resource: unknown) =>
    Object.entries(resources).find(([, declared]) => declared === resource)?.[0] ??
    "<not a declared resource>";

  for (const spec of routeTable) {
    const registered = calls.filter((call) => call.route === spec.route);
    if (registered.length !== 1) {
      problems.push(`${spec.route} is registered ${registered.length} times`);
      continue;
    }
    const linked = (registered[0]?.handler.link ?? []).map(nameOf);
    if (JSON.stringify(linked) !== JSON.stringify(spec.link)) {
      problems.push(
        `${spec.route} links [${linked.join(", ")}], the route table says [${spec.link.join(", ")}]`,
      );
    }
  }
  for (const call of calls) {
    if (!routeTable.some((spec) => spec.route === call.route))
      problems.push(`${call.route} is not in the route table`);
  }
  return problems;
}

/** What dev and every personal stage get. */
const devRules = {
  isProd: false,
  logRetention: "2 weeks",
  throttle: { burst: 20, rate: 10 },
  alarms: false,
  site: "http://localhost:4321",
  corsOrigins: ["http://localhost:4321", "http://127.0.0.1:4321"],
  apiDomain: undefined,
  /** No custom domain: the site is served on its CloudFront URL. */
  siteDomain: undefined,
  /** No custom domain: the API's public URL is the API Gateway URL (`api.url`). */
  publicApiUrl: undefined,
};

const stages = [
  { stage: "dev", ...devRules },
  { stage: "alice", ...devRules },
  {
    stage: "preview",
    isProd: false,
    logRetention: "2 weeks",
    throttle: { burst: 50, rate: 25 },
    alarms: false,
    site: "https://preview.works-on-my.cloud",
    corsOrigins: ["https://preview.works-on-my.cloud"],
    apiDomain: "api.preview.works-on-my.cloud",
    siteDomain: "preview.works-on-my.cloud",
    publicApiUrl: "https://api.preview.works-on-my.cloud",
  },
  {
    stage: "prod",
    isProd: true,
    logRetention: "1 month",
    throttle: { burst: 200, rate: 100 },
    alarms: true,
    site: "https://works-on-my.cloud",
    corsOrigins: ["https://works-on-my.cloud"],
    apiDomain: "api.works-on-my.cloud",
    siteDomain: "works-on-my.cloud",
    publicApiUrl: "https://api.works-on-my.cloud",
  },
];

afterAll(() => {
  for (const name of ["sst", "aws", "$app", "$config", "$dev", "$interpolate", "$util"])
    Reflect.deleteProperty(globalThis, name);
});

describe.each(stages)("deploying stage $stage", (expected) => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deploy(expected.stage);
  });

  const componentsOf = (kind: string) => deployment.recording.components.filter((c) => c.kind === kind);
  const onlyApi = () => {
    const [api, ...others] = componentsOf("sst.aws.ApiGatewayV2");
    expect(others).toEqual([]);
    return api as Component;
  };
  const onlySite = () => {
    const [site, ...others] = componentsOf("sst.aws.StaticSite");
    expect(others).toEqual([]);
    return site as Component;
  };
  /** The API's base URL as browsers reach it on this stage (the stand-in's `api.url` is a string). */
  const publicApiUrl = () => expected.publicApiUrl ?? String(deployment.api.url);
  /** Runs the site's viewer-response code as CloudFront does, on a response without headers. */
  const headersSentBySite = () => {
    const { edge } = onlySite().args as { edge: { viewerResponse: { injection: string } } };
    const viewerResponse = new Function(
      "event",
      `"use strict";\n${edge.viewerResponse.injection}\nreturn event.response;`,
    ) as (event: ViewerResponseEvent) => ViewerResponseEvent["response"];
    return viewerResponse({ response: { headers: {} } }).headers;
  };
  const registered = (spec: RouteSpec) => {
    const calls = deployment.recording.routes.filter((call) => call.route === spec.route);
    expect(calls).toHaveLength(1);
    return (calls[0] as RouteCall).handler;
  };

  it("sets up the akasha-labs app on AWS in ap-south-1, kept and protected only on prod", () => {
    expect(deployment.app).toEqual({
      name: "akasha-labs",
      removal: expected.isProd ? "retain" : "remove",
      protect: expected.isProd,
      home: "aws",
      providers: { aws: expect.objectContaining({ region: "ap-south-1" }) },
    });
  });

  it(`tags every AWS resource with app akasha-labs and stage ${expected.stage}`, () => {
    expect(deployment.app.providers?.aws).toMatchObject({
      defaultTags: { tags: { app: "akasha-labs", stage: expected.stage } },
    });
  });

  it(`declares the three tables, the three secrets, one API, one site${expected.alarms ? ", the alarms topic" : ""}, and nothing else but alarms`, () => {
    const declared = deployment.recording.components
      .filter((c) => c.kind !== "aws.cloudwatch.MetricAlarm")
      .map((c) => `${c.kind} ${c.constructorName}`)
      .sort();
    expect(declared).toEqual(
      [
        "sst.aws.ApiGatewayV2 Api",
        "sst.aws.StaticSite Web",
        "sst.aws.Dynamo Progress",
        "sst.aws.Dynamo Sessions",
        "sst.aws.Dynamo Users",
        "sst.Secret GithubClientId",
        "sst.Secret GithubClientSecret",
        "sst.Secret JwtSecret",
        ...(expected.alarms ? ["sst.aws.SnsTopic Alarms"] : []),
      ].sort(),
    );
  });

  it(
    expected.alarms
      ? "raises an alarm per route function, two for the API and one per table"
      : "has no alarms and no alarms topic",
    () => {
      const alarms = componentsOf("aws.cloudwatch.MetricAlarm");
      expect(alarms).toHaveLength(expected.alarms ? routeTable.length + 2 + tableNames.length : 0);
      expect(componentsOf("sst.aws.SnsTopic")).toHaveLength(expected.alarms ? 1 : 0);
      expect(deployment.monitoring.alarmsTopic === undefined).toBe(!expected.alarms);
    },
  );

  it.each(tableNames)(
    "creates %s from its spec: keys, gsi1, TTL; protected and recoverable only on prod",
    (name) => {
      const spec = tableSpecs[name];
      const table = componentsOf("sst.aws.Dynamo").find((c) => c.constructorName === name);
      expect(table?.args).toEqual({
        fields: spec.fields,
        primaryIndex: { hashKey: "pk", rangeKey: "sk" },
        globalIndexes: { gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
        ttl: spec.ttl,
        deletionProtection: expected.isProd,
        transform: { table: { pointInTimeRecovery: { enabled: expected.isProd } } },
      });
    },
  );

  it("expires Sessions through TTL on expiresAt", () => {
    const sessions = componentsOf("sst.aws.Dynamo").find((c) => c.constructorName === "Sessions");
    expect(sessions?.args.ttl).toBe("expiresAt");
  });

  it("allows exactly the stage's site origins, with credentials, the headers and every method the routes use", () => {
    const cors = onlyApi().args.cors as Record<string, unknown[] | unknown>;
    expect(cors.allowOrigins).toEqual(expected.corsOrigins);
    expect(cors.allowCredentials).toBe(true);
    expect(cors.allowHeaders).toEqual(
      expect.arrayContaining(["content-type", "authorization", "idempotency-key"]),
    );
    const methods = new Set(
      routeTable.filter((spec) => spec.route !== "$default").map((spec) => spec.route.split(" ")[0]),
    );
    expect(cors.allowMethods).toEqual(expect.arrayContaining([...methods]));
    expect(cors.maxAge).toMatch(/^\d+ seconds$/);
  });

  it(`serves the API on ${expected.apiDomain ?? "the API Gateway URL (no custom domain)"}`, () => {
    expect(onlyApi().args.domain).toBe(expected.apiDomain);
  });

  it("links nothing on the API itself, where a link would reach every route", () => {
    expect(onlyApi().args).not.toHaveProperty("link");
    // A route transform would reach every route too; only the stage is transformed.
    expect(Object.keys(onlyApi().args.transform ?? {})).toEqual(["stage"]);
  });

  it(`throttles every route at ${expected.throttle.rate} requests per second, bursts of ${expected.throttle.burst}`, () => {
    const { transform } = onlyApi().args as { transform: { stage: (args: object) => void } };
    const stageArgs: { defaultRouteSettings?: unknown } = {};
    transform.stage(stageArgs);
    expect(stageArgs.defaultRouteSettings).toEqual({
      throttlingBurstLimit: expected.throttle.burst,
      throttlingRateLimit: expected.throttle.rate,
    });
  });

  it(`keeps the API's access logs for ${expected.logRetention}`, () => {
    expect(onlyApi().args.accessLog).toEqual({ retention: expected.logRetention });
  });

  it("registers every route in the table once, each linking exactly what its spec lists", () => {
    expect(deployment.recording.routes.length).toBeGreaterThan(0);
    expect(routeProblems(deployment.recording.routes, deployment.resources)).toEqual([]);
  });

  it.each(routeTable.map((spec) => [spec.route, spec] as const))(
    "%s runs its handler on nodejs22.x arm64 as an ESM bundle, with its timeout and the stage's URLs",
    (_, spec) => {
      const fn = registered(spec);
      expect(fn).toMatchObject({
        handler: lambdaHandler(spec),
        runtime: "nodejs22.x",
        architecture: "arm64",
        timeout: `${spec.timeout ?? defaultTimeoutSeconds} seconds`,
        environment: { FRONTEND_URL: expected.site, API_URL: deployment.api.url },
      });
      expect(fn.memory).toMatch(/^\d+ MB$/);
      expect(fn.nodejs?.format).toBe("esm");
      // SST's ESM build already declares `require` at the top of the bundle; a second one would
      // be a SyntaxError at cold start.
      expect(fn.nodejs?.banner ?? "").not.toMatch(/\brequire\s*=/);
    },
  );

  it.each(routeTable.map((spec) => [spec.route, spec] as const))(
    `%s keeps its function's logs for ${expected.logRetention}`,
    (_, spec) => {
      expect(registered(spec).logging).toEqual({ retention: expected.logRetention });
    },
  );

  it("builds the static site in apps/web with pnpm, uploads dist and answers missing pages with 404.html", () => {
    expect(onlySite().args).toMatchObject({
      path: "apps/web",
      build: { command: "pnpm run build", output: "dist" },
      errorPage: "404.html",
    });
  });

  it("runs Astro's dev server on localhost:4321 under `sst dev` instead of deploying the site", () => {
    expect(onlySite().args.dev).toEqual({ command: "pnpm run dev", url: "http://localhost:4321" });
  });

  it(`serves the site on ${expected.siteDomain ?? "its CloudFront URL (no custom domain)"}`, () => {
    expect(onlySite().args.domain).toBe(expected.siteDomain);
  });

  it(`builds the site against the API's public URL (${expected.publicApiUrl ?? "the API Gateway URL"})`, () => {
    expect(onlySite().args.environment).toEqual({ PUBLIC_LABS_API_URL: publicApiUrl() });
  });

  it("sends the production CSP on every response: pages fetch only themselves and the API, and no one frames them", () => {
    const csp = headersSentBySite()["content-security-policy"]?.value;
    expect(csp).toContain(`connect-src 'self' ${new URL(publicApiUrl()).origin};`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-inline'");
  });

  it("sends HSTS, nosniff and a referrer policy on every response", () => {
    const headers = headersSentBySite();
    expect(headers["strict-transport-security"]?.value).toMatch(/^max-age=\d+/);
    expect(headers["x-content-type-options"]).toEqual({ value: "nosniff" });
    expect(headers["referrer-policy"]?.value).toBeTruthy();
  });

  it("sends exactly the headers of securityHeaders() for the API's public URL, under lower-case names", () => {
    const expectedHeaders = Object.fromEntries(
      Object.entries(securityHeaders({ apiUrl: publicApiUrl() })).map(([name, value]) => [
        name.toLowerCase(),
        { value },
      ]),
    );
    expect(headersSentBySite()).toEqual(expectedHeaders);
  });

  it(`outputs the API and site URLs and the table names${expected.alarms ? ", and the alarms topic" : ""}`, () => {
    expect(deployment.outputs).toStrictEqual({
      api: deployment.api.url,
      web: deployment.web.url,
      usersTable: deployment.tables.Users.name,
      progressTable: deployment.tables.Progress.name,
      sessionsTable: deployment.tables.Sessions.name,
      alarmsTopic: expected.alarms ? "fake-output:Alarms.arn" : undefined,
    });
  });
});

describe("alarms on prod", () => {
  let deployment: Deployment;
  let alarms: AlarmArgs[];
  beforeAll(async () => {
    deployment = await deploy("prod");
    alarms = deployment.recording.components
      .filter((c) => c.kind === "aws.cloudwatch.MetricAlarm")
      .map((c) => c.args as unknown as AlarmArgs);
  });

  const queryMetrics = (alarm: AlarmArgs) =>
    (alarm.metricQueries ?? []).flatMap((query) => (query.metric ? [query.metric] : []));
  const apiAlarm = (metricName: string) => {
    const found = alarms.filter(
      (alarm) =>
        alarm.metricName === metricName || queryMetrics(alarm).some((m) => m.metricName === metricName),
    );
    expect(found).toHaveLength(1);
    return found[0] as AlarmArgs;
  };

  it("notifies the Alarms topic when each alarm fires and when it clears, and treats no data as fine", () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.alarmActions, alarm.alarmName).toEqual(["fake-output:Alarms.arn"]);
      expect(alarm.okActions, alarm.alarmName).toEqual(["fake-output:Alarms.arn"]);
      expect(alarm.treatMissingData, alarm.alarmName).toBe("notBreaching");
    }
  });

  it("names each alarm once, after the app and the stage, and says what it means", () => {
    const names = alarms.map((alarm) => alarm.alarmName);
    expect(new Set(names).size).toBe(names.length);
    for (const alarm of alarms) {
      expect(alarm.alarmName).toMatch(/^akasha-labs-prod-[a-z0-9-]+$/i);
      expect(alarm.alarmDescription).toBeTruthy();
    }
  });

  it("exports every alarm it raises, so each can be named in the docs", () => {
    const exported = deployment.monitoring.alarms;
    const flat = [
      ...Object.values(exported?.lambdaErrors ?? {}),
      exported?.api5xxRate,
      exported?.apiP99Latency,
      ...Object.values(exported?.dynamoThrottles ?? {}),
    ];
    const raised = deployment.recording.components.filter((c) => c.kind === "aws.cloudwatch.MetricAlarm");
    expect(new Set(flat)).toEqual(new Set(raised));
  });

  it("watches every route's function for Lambda errors: any error summed over 5 minutes fires", () => {
    const lambdaAlarms = alarms.filter((alarm) => alarm.namespace === "AWS/Lambda");
    expect(lambdaAlarms.map((alarm) => alarm.dimensions?.FunctionName).sort()).toEqual(
      deployment.recording.routes.map((call) => call.functionName).sort(),
    );
    for (const alarm of lambdaAlarms) {
      expect(alarm).toMatchObject({
        metricName: "Errors",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(alarm.alarmName).toMatch(/^akasha-labs-prod-lambda-errors-/);
    }
  });

  it("fires when more than 1% of the API's responses in 5 minutes are 5xx", () => {
    const alarm = apiAlarm("5xx");
    expect(alarm.alarmName).toBe("akasha-labs-prod-api-5xx-rate");
    const apiMetrics = queryMetrics(alarm);
    expect(apiMetrics.map((m) => [m.namespace, m.metricName, m.stat, m.period])).toEqual([
      ["AWS/ApiGateway", "5xx", "Sum", 300],
      ["AWS/ApiGateway", "Count", "Sum", 300],
    ]);
    for (const metric of apiMetrics)
      expect(metric.dimensions).toEqual({ ApiId: deployment.api.nodes.api.id });
    expect(alarm).toMatchObject({ threshold: 1, comparisonOperator: "GreaterThanThreshold" });
    expect(alarm.evaluationPeriods).toBe(1);

    const rate = (errors: number | undefined, requests: number) =>
      evaluateMetricMath(alarm.metricQueries ?? [], (m) => (m.metricName === "5xx" ? errors : requests));
    expect(rate(2, 100)).toBe(2);
    expect(rate(1, 100)).toBe(1);
    expect(rate(undefined, 100)).toBe(0);
  });

  it("fires when the API's p99 latency stays over 1000 ms for three 5-minute periods", () => {
    const alarm = apiAlarm("Latency");
    expect(alarm).toMatchObject({
      alarmName: "akasha-labs-prod-api-p99-latency",
      namespace: "AWS/ApiGateway",
      dimensions: { ApiId: deployment.api.nodes.api.id },
      extendedStatistic: "p99",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1000,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(alarm.statistic).toBeUndefined();
  });

  it.each(tableNames)("fires when DynamoDB throttles any read or write on %s or its indexes", (name) => {
    const alarm = alarms.find((a) =>
      queryMetrics(a).some((m) => m.dimensions.TableName === String(deployment.tables[name].name)),
    ) as AlarmArgs;
    expect(alarm.alarmName).toBe(`akasha-labs-prod-dynamodb-throttles-${name}`);
    expect(alarm).toMatchObject({ threshold: 0, comparisonOperator: "GreaterThanThreshold" });

    const metrics = queryMetrics(alarm);
    const scopes = [undefined, ...Object.keys(tableSpecs[name].globalIndexes)];
    expect(
      metrics.map((m) => [m.namespace, m.metricName, m.dimensions.GlobalSecondaryIndexName, m.stat]).sort(),
    ).toEqual(
      scopes
        .flatMap((index) => [
          ["AWS/DynamoDB", "ReadThrottleEvents", index, "Sum"],
          ["AWS/DynamoDB", "WriteThrottleEvents", index, "Sum"],
        ])
        .sort(),
    );
    for (const metric of metrics) expect(metric.dimensions.TableName).toBe(deployment.tables[name].name);

    const throttled = (metricName: string, index: string | undefined) =>
      evaluateMetricMath(alarm.metricQueries ?? [], (m) =>
        m.metricName === metricName && m.dimensions.GlobalSecondaryIndexName === index ? 3 : undefined,
      );
    for (const index of scopes) {
      expect(throttled("ReadThrottleEvents", index)).toBe(3);
      expect(throttled("WriteThrottleEvents", index)).toBe(3);
    }
    expect(evaluateMetricMath(alarm.metricQueries ?? [], () => undefined)).toBe(0);
  });
});

describe("the route check", () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deploy("dev");
  });

  const copy = (calls: readonly RouteCall[]) =>
    calls.map((call) => ({ ...call, handler: { ...call.handler, link: [...(call.handler.link ?? [])] } }));
  const first = routeTable[0] as RouteSpec;

  it.each([
    {
      mistake: "a route dropped",
      tamper: (calls: RouteCall[]) => calls.filter((call) => call.route !== first.route),
      problem: `${first.route} is registered 0 times`,
    },
    {
      mistake: "a route registered twice",
      tamper: (calls: RouteCall[]) => [...calls, ...calls.filter((call) => call.route === first.route)],
      problem: `${first.route} is registered 2 times`,
    },
    {
      mistake: "a route linking a resource its spec does not list",
      tamper: (calls: RouteCall[], d: Deployment) => {
        calls.find((call) => call.route === first.route)?.handler.link?.push(d.secrets.JwtSecret);
        return calls;
      },
      problem: `${first.route} links [${[...first.link, "JwtSecret"].join(", ")}], the route table says [${first.link.join(", ")}]`,
    },
    {
      mistake: "a route linking a look-alike instead of the declared resource",
      tamper: (calls: RouteCall[]) => {
        const call = calls.find((c) => c.route === first.route);
        if (call) call.handler.link = [{ name: first.link[0] }, ...first.link.slice(1)];
        return calls;
      },
      problem: `${first.route} links [<not a declared resource>${first.link
        .slice(1)
        .map(() => ", <not a declared resource>")
        .join("")}], the route table says [${first.link.join(", ")}]`,
    },
    {
      mistake: "a route that is not in the table",
      tamper: (calls: RouteCall[]) => [
        ...calls,
        { route: "GET /nowhere", handler: { handler: "nowhere.handler" }, functionName: "nowhere" },
      ],
      problem: "GET /nowhere is not in the route table",
    },
  ])("catches $mistake", ({ tamper, problem }) => {
    const calls = tamper(copy(deployment.recording.routes), deployment);
    expect(routeProblems(calls, deployment.resources)).toEqual([problem]);
  });
});

describe("stage rules", () => {
  let stageRules: typeof import("./stage").stageRules;
  beforeAll(async () => {
    vi.resetModules();
    installStandIns("dev", { components: [], routes: [] });
    ({ stageRules } = await import("./stage"));
  });

  it.each([
    ...stages,
    { stage: "pr-42", ...devRules },
    { stage: "production", ...devRules },
    { stage: "Prod", ...devRules },
  ])(
    "$stage: prod=$isProd, site $site, API domain $apiDomain, logs kept $logRetention, alarms $alarms",
    (expected) => {
      expect(stageRules(expected.stage)).toMatchObject({
        isProd: expected.isProd,
        siteOrigin: expected.site,
        siteDomain: expected.siteDomain,
        apiDomain: expected.apiDomain,
        corsOrigins: expected.corsOrigins,
        logRetention: expected.logRetention,
        throttle: expected.throttle,
        alarms: expected.alarms,
      });
    },
  );
});
