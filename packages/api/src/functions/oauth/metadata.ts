import { DeviceGrantType } from "@akasha/core/api";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { urls } from "../../lib/urls";

/**
 * RFC 8414 authorization server metadata, so standard OAuth clients find the device grant. The
 * issuer is the API's base URL, exactly. There is no authorization endpoint, so no response type
 * is supported: `response_types_supported` is required, and empty is the truthful value.
 */
export const handler = route({}, async () =>
  json(
    200,
    {
      issuer: urls.api,
      device_authorization_endpoint: `${urls.api}/auth/device/code`,
      token_endpoint: `${urls.api}/auth/device/token`,
      grant_types_supported: [DeviceGrantType],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ["none"],
      service_documentation: `${urls.frontend}/labs/setup`,
    },
    { "cache-control": "public, max-age=300" },
  ),
);
