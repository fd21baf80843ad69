import { SessionPathParams } from "@akasha/core/api";
import { clearCookie, cookieNames } from "../../lib/cookies";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { secureCookies } from "../../lib/urls";
import { revokeSession } from "../../services/sessions";

export const handler = route(
  { auth: "cookie", sessionCheck: "handler", params: SessionPathParams, paramsStatus: 404 },
  async ({ auth, params, requestId, sourceIp }) => {
    const current = params.id === auth.sessionId;
    await revokeSession(auth.claims, params.id);
    audit("session_revoked", { requestId, sourceIp, userId: auth.userId, current });
    return {
      statusCode: 204,
      headers: { "cache-control": "no-store" },
      cookies: current ? [clearCookie(cookieNames.session, { secure: secureCookies })] : [],
    };
  },
);
