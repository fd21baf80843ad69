import { DeviceCodeRequest } from "@akasha/core/api";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { startDeviceAuthorization } from "../../services/device";

/** RFC 8628 §3.1–3.2: a terminal asks for a device code and a user code to show. */
export const handler = route(
  { body: DeviceCodeRequest, bodyType: "form", errors: "oauth" },
  async ({ body }) =>
    json(200, await startDeviceAuthorization({ clientId: body.client_id, label: body.device_label })),
);
