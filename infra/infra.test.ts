/**
 * `sst.config.ts` and `infra/*` run here under recording stand-ins for SST's globals (`sst`, `$app`,
 * `$config`, `$dev`, `$interpolate`, `$util`). Every component records the kind and name it was
 * constructed with and its arguments; the API also records its `route()` calls; outputs are fake
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
}

interface Component {
  kind: string;
  constructorName: string;
  args: Record<string, unknown>;
}

interface RouteCall {
  route: string;
  handler: RouteFunctionArgs;
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
    constructor(name: string, args: Record<string, unknown> = {}) {
      super("sst.aws.ApiGatewayV2", name, args);
      // URL-shaped, as the real one is: the site's CSP is built from its origin.
      this.url = `https://fake-output-${name.toLowerCase()}.execute-api.ap-south-1.amazonaws.com`;
    }
    route(route: string, handler: RouteFunctionArgs) {
      recording.routes.push({ route, handler });
    }
  }

  class StaticSite extends Recorded {
    readonly url: string;
    constructor(name: string, args: Record<string, unknown> = {}) {
      super("sst.aws.StaticSite", name, args);
      this.url = `fake-output:${name}.url`;
    }
  }

  Object.assign(globalThis, {
    sst: { aws: { Dynamo, ApiGatewayV2, StaticSite }, Secret },
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
  return { app, outputs, recording, tables, secrets, api, web, resources: { ...tables, ...secrets } };
}

type Deployment = Awaited<ReturnType<typeof deploy>>;

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
    site: "https://preview.works-on-my.cloud",
    corsOrigins: ["https://preview.works-on-my.cloud"],
    apiDomain: "api.preview.works-on-my.cloud",
    siteDomain: "preview.works-on-my.cloud",
    publicApiUrl: "https://api.preview.works-on-my.cloud",
  },
  {
    stage: "prod",
    isProd: true,
    site: "https://works-on-my.cloud",
    corsOrigins: ["https://works-on-my.cloud"],
    apiDomain: "api.works-on-my.cloud",
    siteDomain: "works-on-my.cloud",
    publicApiUrl: "https://api.works-on-my.cloud",
  },
];

afterAll(() => {
  for (const name of ["sst", "$app", "$config", "$dev", "$interpolate", "$util"])
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
      providers: { aws: { region: "ap-south-1" } },
    });
  });

  it("declares the three tables, the three secrets, one API and one site, and nothing else", () => {
    const declared = deployment.recording.components.map((c) => `${c.kind} ${c.constructorName}`).sort();
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
      ].sort(),
    );
  });

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
    expect(onlyApi().args).not.toHaveProperty("transform");
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

  it("outputs the API and site URLs and the table names", () => {
    expect(deployment.outputs).toEqual({
      api: deployment.api.url,
      web: deployment.web.url,
      usersTable: deployment.tables.Users.name,
      progressTable: deployment.tables.Progress.name,
      sessionsTable: deployment.tables.Sessions.name,
    });
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
        { route: "GET /nowhere", handler: { handler: "nowhere.handler" } },
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
  ])("$stage: prod=$isProd, site $site, API domain $apiDomain", (expected) => {
    expect(stageRules(expected.stage)).toMatchObject({
      isProd: expected.isProd,
      siteOrigin: expected.site,
      apiDomain: expected.apiDomain,
      corsOrigins: expected.corsOrigins,
    });
  });
});
