import {
  corsPolicy,
  defaultTimeoutSeconds,
  type Link,
  lambdaHandler,
  type RouteSpec,
  routes,
} from "../packages/api/src/routes";
import { secrets } from "./auth";
import { tables } from "./database";
import { apiDomain, corsOrigins, frontendUrl, logRetention, throttle } from "./stage";

/** Everything a route may link, under the name the route table uses. */
const linkable: Record<Link, sst.aws.Dynamo | sst.Secret> = { ...tables, ...secrets };

/** No `link` here: a link on the API would reach every route. Routes link one by one below. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: corsOrigins,
    allowCredentials: true,
    allowHeaders: corsPolicy.allowHeaders,
    allowMethods: corsPolicy.allowMethods,
    exposeHeaders: corsPolicy.exposeHeaders,
    maxAge: `${corsPolicy.maxAge} seconds`,
  },
  domain: apiDomain,
  accessLog: { retention: logRetention },
  transform: {
    // The stage's throttling, for every route (HTTP APIs have no usage plans).
    stage: (args) => {
      args.defaultRouteSettings = {
        throttlingBurstLimit: throttle.burst,
        throttlingRateLimit: throttle.rate,
      };
    },
  },
});

const routeTable: readonly RouteSpec[] = routes;

/** Every route with the Lambda function that serves it (`infra/monitoring.ts` alarms on each). */
export const routeFunctions = routeTable.map((spec) => ({
  spec,
  function: api.route(spec.route, {
    handler: lambdaHandler(spec),
    runtime: "nodejs22.x",
    architecture: "arm64",
    memory: "512 MB",
    timeout: `${spec.timeout ?? defaultTimeoutSeconds} seconds`,
    link: spec.link.map((name) => linkable[name]),
    environment: { FRONTEND_URL: frontendUrl, API_URL: api.url },
    // SST's ESM build already starts every bundle with `const require = createRequire(...)`
    // (plus __filename/__dirname) and appends `banner` after it, so a banner declaring
    // `require` again would be a SyntaxError at cold start.
    nodejs: { format: "esm" },
    logging: { retention: logRetention },
  }).nodes.function,
}));
