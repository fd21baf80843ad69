import { DeviceTokenRequest } from "@akasha/core/api";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { pollDeviceToken } from "../../services/device";

/** RFC 8628 §3.4–3.5: the terminal polls; once the learner approved, it gets a CLI session token. */
export const handler = route(
  { body: DeviceTokenRequest, bodyType: "form", errors: "oauth" },
  async ({ body }) =>
    json(
      200,
      await pollDeviceToken({
        grantType: body.grant_type,
        deviceCode: body.device_code,
        clientId: body.client_id,
      }),
    ),
);
