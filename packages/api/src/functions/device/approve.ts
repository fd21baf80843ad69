import { DeviceApproveRequest } from "@akasha/core/api";
import { HttpError } from "../../lib/errors";
import { json } from "../../lib/http";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { decideDeviceGrant } from "../../services/device";

/** The learner, signed in on the site, approves or denies the code their terminal shows. */
export const handler = route(
  { auth: "cookie", body: DeviceApproveRequest, sessionCheck: "handler" },
  async ({ auth, body, requestId, sourceIp }) => {
    const who = { requestId, sourceIp, userId: auth.userId };
    await auth.session(); // a revoked session must not approve anything
    try {
      const { status, label } = await decideDeviceGrant(auth.userId, body.userCode, body.decision);
      audit(status === "approved" ? "device_code_approved" : "device_code_denied", { ...who, label });
      return json(200, { status });
    } catch (error) {
      if (error instanceof HttpError && error.code === "rate_limited") {
        audit("rate_limit_hit", { ...who, action: "device_approve" });
      }
      throw error;
    }
  },
);
