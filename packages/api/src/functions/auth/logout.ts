import { clearCookie, cookieNames } from "../../lib/cookies";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { secureCookies } from "../../lib/urls";
import { endSession } from "../../services/sessions";

/** Ends the session at once for every holder of the token; signing out twice is not an error. */
export const handler = route(
  { auth: "session", sessionCheck: "handler" },
  async ({ auth, requestId, sourceIp }) => {
    await endSession(auth.claims);
    audit("sign_out", { requestId, sourceIp, userId: auth.userId, sessionKind: auth.kind });
    return {
      statusCode: 204,
      headers: { "cache-control": "no-store" },
      cookies: auth.via === "cookie" ? [clearCookie(cookieNames.session, { secure: secureCookies })] : [],
    };
  },
);
