/**
 * Type-checking stand-in for `.sst/platform/config.d.ts`, which declares the globals SST gives
 * `sst.config.ts` and `infra/*` (`sst`, `$config`, `$app`, `$dev`, `$interpolate`, `$util`). That
 * file is written by `sst install` into the gitignored `.sst/`, so a fresh checkout, or CI without
 * AWS, has no types for the infra. This declares only what the infra uses, with the argument types
 * of SST 3.19.3's components.
 *
 * Only `tsc` reads this file: SST bundles `sst.config.ts` with esbuild and never type-checks it,
 * and `infra/infra.test.ts` installs runtime stand-ins for the same globals.
 *
 * Once `sst install` has run, the reference below loads the real file before this one and the
 * real declarations win whole: `sst` and `$util` are import aliases here as there (two aliases
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
    }

    class ApiGatewayV2 {
      constructor(name: string, args?: ApiGatewayV2Args);
      /** The custom domain's URL when `domain` is set, else the API Gateway endpoint. */
      readonly url: $util.Output<string>;
      route(rawRoute: string, handler: $util.Input<string | FunctionArgs>): unknown;
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

declare global {
  export import sst = components;
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
