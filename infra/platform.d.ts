/**
 * Type-checking stand-in for `.sst/platform/config.d.ts`, which declares the globals SST gives
 * `sst.config.ts` and `infra/*` (`sst`, `aws`, `$config`, `$app`, `$dev`, `$interpolate`, `$util`). That
 * file is written by `sst install` into the gitignored `.sst/`, so a fresh checkout, or CI without
 * AWS, has no types for the infra. This declares only what the infra uses, with the argument types
 * of SST 3.19.3's components.
 *
 * Only `tsc` reads this file: SST bundles `sst.config.ts` with esbuild and never type-checks it,
 * and `infra/infra.test.ts` installs runtime stand-ins for the same globals.
 *
 * Once `sst install` has run, the reference below loads the real file before this one and the
 * real declarations win whole: `sst`, `aws` and `$util` are import aliases here as there (two aliases
 * never merge), and the `$` constants are declared first there. What is left of this file is
 * duplicate declarations between declaration files, which `skipLibCheck` (root tsconfig) does
 * not report.
 */
// @ts-ignore: absent until `sst install` (skipLibCheck hides it too).
/// <reference path="../.sst/platform/config.d.ts" />

type Transform<T> = Partial<T> | ((args: T, opts: unknown, name: string) => undefined);

/** `${number} ${unit}` strings, as SST's `duration.ts` and `size.ts` spell them. */
type DurationMinutes = `${number} ${"second" | "seconds" | "minute" | "minutes"}`;
type Duration =
  `${number} ${"second" | "seconds" | "minute" | "minutes" | "hour" | "hours" | "day" | "days"}`;
type Size = `${number} ${"MB" | "GB"}`;
/** How long CloudWatch keeps logs: the keys of SST's `RETENTION` (`logging.ts`). */
type Retention =
  | "1 day"
  | "3 days"
  | "5 days"
  | "1 week"
  | "2 weeks"
  | "1 month"
  | "2 months"
  | "3 months"
  | "4 months"
  | "5 months"
  | "6 months"
  | "1 year"
  | "13 months"
  | "18 months"
  | "2 years"
  | "3 years"
  | "5 years"
  | "6 years"
  | "7 years"
  | "8 years"
  | "9 years"
  | "10 years"
  | "forever";
type CorsMethod = "*" | "DELETE" | "GET" | "HEAD" | "OPTIONS" | "PATCH" | "POST" | "PUT";

/** `sst.config.ts`'s shape: https://sst.dev/docs/reference/config/ */
interface AppInput {
  stage: string;
}

interface App {
  name: string;
  removal?: "remove" | "retain" | "retain-all";
  protect?: boolean;
  home: "aws" | "cloudflare" | "local";
  providers?: Record<string, unknown>;
}

interface Config {
  app(input: AppInput): App | Promise<App>;
  run(): Promise<Record<string, unknown> | undefined>;
}

interface DynamoIndex {
  hashKey: $util.Input<string>;
  rangeKey?: $util.Input<string>;
}

/** The members of Pulumi's `dynamodb.TableArgs` that the infra transforms. */
interface DynamoTableArgs {
  pointInTimeRecovery?: $util.Input<{ enabled: $util.Input<boolean> }>;
}

/** The subset of `@pulumi/pulumi` the infra touches (SST exposes the module as `$util`). */
declare namespace pulumi {
  interface Output<T> {
    apply<U>(func: (value: T) => Input<U>): Output<U>;
  }
  type Input<T> = T | Promise<T> | Output<T>;
  function output<T>(value: Input<T>): Output<T>;
}

/** The `sst` namespace: only the components, arguments and members the infra uses. */
declare namespace components {
  class Secret {
    constructor(name: string, placeholder?: $util.Input<string>);
    readonly value: $util.Output<string>;
  }

  namespace aws {
    interface DynamoArgs {
      fields: $util.Input<Record<string, "string" | "number" | "binary">>;
      primaryIndex: $util.Input<DynamoIndex>;
      globalIndexes?: $util.Input<Record<string, $util.Input<DynamoIndex>>>;
      ttl?: $util.Input<string>;
      deletionProtection?: $util.Input<boolean>;
      transform?: { table?: Transform<DynamoTableArgs> };
    }

    class Dynamo {
      constructor(name: string, args: DynamoArgs);
      readonly name: $util.Output<string>;
    }

    interface FunctionArgs {
      handler: $util.Input<string>;
      runtime?: $util.Input<"nodejs18.x" | "nodejs20.x" | "nodejs22.x">;
      architecture?: $util.Input<"x86_64" | "arm64">;
      memory?: $util.Input<Size>;
      timeout?: $util.Input<DurationMinutes>;
      link?: $util.Input<unknown[]>;
      environment?: $util.Input<Record<string, $util.Input<string>>>;
      nodejs?: $util.Input<{ format?: $util.Input<"cjs" | "esm"> }>;
      /** The function's log group; SST's default retention is `1 month`. */
      logging?: $util.Input<false | { retention?: $util.Input<Retention> }>;
    }

    /** The members of Pulumi's `apigatewayv2.StageArgs` that the infra transforms. */
    interface ApiGatewayV2StageArgs {
      defaultRouteSettings?: $util.Input<{
        throttlingBurstLimit?: $util.Input<number>;
        throttlingRateLimit?: $util.Input<number>;
      }>;
    }

    interface ApiGatewayV2Args {
      cors?: $util.Input<
        | boolean
        | {
            allowCredentials?: $util.Input<boolean>;
            allowHeaders?: $util.Input<$util.Input<string>[]>;
            allowMethods?: $util.Input<$util.Input<CorsMethod>[]>;
            allowOrigins?: $util.Input<$util.Input<string>[]>;
            exposeHeaders?: $util.Input<$util.Input<string>[]>;
            maxAge?: $util.Input<Duration>;
          }
      >;
      domain?: $util.Input<string | { name?: $util.Input<string>; path?: $util.Input<string> }>;
      /** The access log group; SST keeps it `forever` by default. */
      accessLog?: $util.Input<{ retention?: $util.Input<Retention> }>;
      transform?: { stage?: Transform<ApiGatewayV2StageArgs> };
    }

    class ApiGatewayV2LambdaRoute {
      readonly nodes: {
        /** Pulumi's `aws.lambda.Function`. */
        function: $util.Output<{ readonly name: $util.Output<string> }>;
      };
    }

    class ApiGatewayV2 {
      constructor(name: string, args?: ApiGatewayV2Args);
      /** The custom domain's URL when `domain` is set, else the API Gateway endpoint. */
      readonly url: $util.Output<string>;
      route(rawRoute: string, handler: $util.Input<string | FunctionArgs>): ApiGatewayV2LambdaRoute;
      readonly nodes: {
        /** Pulumi's `aws.apigatewayv2.Api`. */
        api: { readonly id: $util.Output<string> };
      };
    }

    class SnsTopic {
      constructor(name: string, args?: { fifo?: $util.Input<boolean> });
      readonly arn: $util.Output<string>;
      readonly name: $util.Output<string>;
    }

    interface StaticSiteArgs {
      path?: $util.Input<string>;
      build?: $util.Input<{ command: $util.Input<string>; output: $util.Input<string> }>;
      /** Set while `build.command` runs and for `dev.command` in `sst dev`. */
      environment?: $util.Input<Record<string, $util.Input<string>>>;
      domain?: $util.Input<string | { name: $util.Input<string> }>;
      /** What `sst dev` runs instead of deploying the site; `false` turns dev mode off. */
      dev?:
        | false
        | {
            command?: $util.Input<string>;
            url?: $util.Input<string>;
            directory?: $util.Input<string>;
          };
      errorPage?: $util.Input<string>;
      edge?: $util.Input<{
        /**
         * A CloudFront Function (cloudfront-js-2.0) built as
         * `async function handler(event) { <injection> return event.response; }`.
         */
        viewerResponse?: $util.Input<{ injection: $util.Input<string> }>;
      }>;
    }

    class StaticSite {
      constructor(name: string, args?: StaticSiteArgs);
      /** The custom domain's URL when `domain` is set, else the CloudFront URL. */
      readonly url: $util.Output<string>;
    }
  }
}

/** The subset of `@pulumi/aws` the infra touches (SST exposes the module as `aws`). */
declare namespace pulumiAws {
  namespace cloudwatch {
    interface MetricAlarmMetric {
      namespace: $util.Input<string>;
      metricName: $util.Input<string>;
      dimensions?: $util.Input<Record<string, $util.Input<string>>>;
      /** Seconds. */
      period: $util.Input<number>;
      stat: $util.Input<string>;
    }

    interface MetricAlarmQuery {
      /** Starts with a lower-case letter; expressions name the queries they use by it. */
      id: $util.Input<string>;
      expression?: $util.Input<string>;
      metric?: $util.Input<MetricAlarmMetric>;
      label?: $util.Input<string>;
      /** Exactly one query of an alarm returns data: the one the alarm compares. */
      returnData?: $util.Input<boolean>;
    }

    interface MetricAlarmArgs {
      alarmName?: $util.Input<string>;
      alarmDescription?: $util.Input<string>;
      comparisonOperator: $util.Input<
        | "GreaterThanOrEqualToThreshold"
        | "GreaterThanThreshold"
        | "LessThanThreshold"
        | "LessThanOrEqualToThreshold"
      >;
      evaluationPeriods: $util.Input<number>;
      datapointsToAlarm?: $util.Input<number>;
      threshold?: $util.Input<number>;
      /** A single metric: `namespace`, `metricName`, `dimensions`, `period` and a statistic. */
      namespace?: $util.Input<string>;
      metricName?: $util.Input<string>;
      dimensions?: $util.Input<Record<string, $util.Input<string>>>;
      period?: $util.Input<number>;
      statistic?: $util.Input<"SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum">;
      /** A percentile such as `p99`, instead of `statistic`. */
      extendedStatistic?: $util.Input<string>;
      /** Metric math, instead of a single metric. */
      metricQueries?: $util.Input<$util.Input<MetricAlarmQuery>[]>;
      treatMissingData?: $util.Input<"missing" | "ignore" | "breaching" | "notBreaching">;
      alarmActions?: $util.Input<$util.Input<string>[]>;
      okActions?: $util.Input<$util.Input<string>[]>;
    }

    class MetricAlarm {
      constructor(name: string, args: MetricAlarmArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }
  }
}

declare global {
  export import sst = components;
  export import aws = pulumiAws;
  export import $util = pulumi;

  const $config: (input: Config) => Config;
  const $app: Readonly<{ name: string; stage: string }>;
  const $dev: boolean;
  const $interpolate: (
    literals: TemplateStringsArray,
    ...placeholders: $util.Input<unknown>[]
  ) => $util.Output<string>;
}

export {};
