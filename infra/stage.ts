/**
 * Stage rules in one place. `prod` and `preview` are the shared stages; `dev` and every other
 * name (a personal stage such as `alice`) get the dev rules, so an unknown stage can never pick
 * up production settings. The functions take the stage name so they can be tested for any stage;
 * the values at the bottom are the rules for the stage being deployed (`$app.stage`).
 */

import { siteOrigins } from "../packages/api/src/routes";

export type StageKind = "dev" | "preview" | "prod";

/** How long CloudWatch keeps logs, spelled as SST's `retention` options spell it. */
export type LogRetention = "2 weeks" | "1 month";

export interface StageRules {
  kind: StageKind;
  isProd: boolean;
  /** The site's origin: where sign-in redirects go, and the only origin CORS allows. */
  siteOrigin: string;
  /** The site's custom domain; none for dev and personal stages (the CloudFront URL is used). */
  siteDomain: string | undefined;
  /** The API's custom domain; none for dev and personal stages (the API Gateway URL is used). */
  apiDomain: string | undefined;
  /** Origins allowed to call the API with credentials. */
  corsOrigins: string[];
  /** How long every Lambda's log group and the API's access log keep their logs. */
  logRetention: LogRetention;
  /**
   * API Gateway throttling, applied to each route of the API's `$default` stage: `rate` requests
   * per second sustained, bursts of up to `burst`. Callers over it get a 429 from API Gateway.
   */
  throttle: { burst: number; rate: number };
  /** Whether CloudWatch alarms, and the SNS topic they notify, exist (`infra/monitoring.ts`). */
  alarms: boolean;
}

const localSite = "http://localhost:4321";

const rules: Record<StageKind, StageRules> = {
  prod: {
    kind: "prod",
    isProd: true,
    siteOrigin: "https://works-on-my.cloud",
    siteDomain: "works-on-my.cloud",
    apiDomain: "api.works-on-my.cloud",
    corsOrigins: ["https://works-on-my.cloud"],
    logRetention: "1 month",
    throttle: { burst: 200, rate: 100 },
    alarms: true,
  },
  preview: {
    kind: "preview",
    isProd: false,
    siteOrigin: "https://preview.works-on-my.cloud",
    siteDomain: "preview.works-on-my.cloud",
    apiDomain: "api.preview.works-on-my.cloud",
    corsOrigins: ["https://preview.works-on-my.cloud"],
    logRetention: "2 weeks",
    // Reviewers and CI at once; a runaway script here should not run up a bill.
    throttle: { burst: 50, rate: 25 },
    alarms: false,
  },
  dev: {
    kind: "dev",
    isProd: false,
    siteOrigin: localSite,
    siteDomain: undefined,
    apiDomain: undefined,
    corsOrigins: siteOrigins(localSite),
    logRetention: "2 weeks",
    // One developer's browser and CLI.
    throttle: { burst: 20, rate: 10 },
    alarms: false,
  },
};

export const stageKind = (stage: string): StageKind =>
  stage === "prod" || stage === "preview" ? stage : "dev";

export const stageRules = (stage: string): StageRules => rules[stageKind(stage)];

export const {
  isProd,
  siteOrigin: frontendUrl,
  siteDomain,
  apiDomain,
  corsOrigins,
  logRetention,
  throttle,
  alarms,
} = stageRules($app.stage);
