import { SessionPathParams } from "@akasha/core/api";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { revokeSession } from "../../services/sessions";

export const handler = route(
  { auth: "cookie", sessionCheck: "handler", params: SessionPathParams, paramsStatus: 404 },
  async ({ auth, params, requestId, sourceIp }) => {
    await revokeSession(auth.claims, params.id);
    audit("session_revoked", {
      requestId,
      sourceIp,
      userId: auth.userId,
      current: params.id === auth.sessionId,
    });
    return { statusCode: 204, headers: { "cache-control": "no-store" } };
  },
);
