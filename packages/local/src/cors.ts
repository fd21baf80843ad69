import { corsPolicy, siteOrigins } from "@akasha/api/routes";

/** CORS for the local stage: the site's origins, with credentials. */
export const corsFor = (frontendUrl: string) => ({ ...corsPolicy, allowOrigins: siteOrigins(frontendUrl) });
