import { corsPolicy } from "@akasha/api/routes";

/** CORS for the local stage: the site's origin (and its 127.0.0.1 twin), with credentials. */
export function corsFor(frontendUrl: string) {
  const origins = new Set([frontendUrl, frontendUrl.replace("//localhost", "//127.0.0.1")]);
  return { ...corsPolicy, allowOrigins: [...origins] };
}
