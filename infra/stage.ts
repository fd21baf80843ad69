/**
 * Stage rules in one place. `prod` and `preview` are the shared stages; `dev` and every other
 * name (a personal stage such as `alice`) get the dev rules, so an unknown stage can never pick
 * up production settings. The functions take the stage name so they can be tested for any stage;
 * the values at the bottom are the rules for the stage being deployed (`$app.stage`).
 */

import { siteOrigins } from "../packages/api/src/routes";

export type StageKind = "dev" | "preview" | "prod";

export interface StageRules {
  kind: StageKind;
  isProd: boolean;
  /** The site's origin: where sign-in redirects go, and the only origin CORS allows. */
  siteOrigin: string;
  /** The API's custom domain; none for dev and personal stages (the API Gateway URL is used). */
  apiDomain: string | undefined;
  /** Origins allowed to call the API with credentials. */
  corsOrigins: string[];
}

const localSite = "http://localhost:4321";

const rules: Record<StageKind, StageRules> = {
  prod: {
    kind: "prod",
    isProd: true,
    siteOrigin: "https://works-on-my.cloud",
    apiDomain: "api.works-on-my.cloud",
    corsOrigins: ["https://works-on-my.cloud"],
  },
  preview: {
    kind: "preview",
    isProd: false,
    siteOrigin: "https://preview.works-on-my.cloud",
    apiDomain: "api.preview.works-on-my.cloud",
    corsOrigins: ["https://preview.works-on-my.cloud"],
  },
  dev: {
    kind: "dev",
    isProd: false,
    siteOrigin: localSite,
    apiDomain: undefined,
    corsOrigins: siteOrigins(localSite),
  },
};

export const stageKind = (stage: string): StageKind =>
  stage === "prod" || stage === "preview" ? stage : "dev";

export const stageRules = (stage: string): StageRules => rules[stageKind(stage)];

export const { isProd, siteOrigin: frontendUrl, apiDomain, corsOrigins } = stageRules($app.stage);
