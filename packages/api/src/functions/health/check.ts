import type { HealthResponse } from "@akasha/core/api";
import { Resource } from "sst";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { dynamoReachable } from "../../services/health";

export const handler = route({}, async () => {
  const ready = await dynamoReachable();
  const body: HealthResponse = {
    status: ready ? "ok" : "unavailable",
    checks: { dynamodb: ready ? "ok" : "unreachable" },
    stage: Resource.App.stage,
  };
  return json(ready ? 200 : 503, body);
});
