import { errorResponse } from "../../lib/http";
import { route } from "../../lib/route";
import { routes } from "../../routes";

/** API Gateway's `$default`: a known path with another method is a 405, anything else a 404. */
export const handler = route({}, async ({ event, requestId }) => {
  const method = event.requestContext.http.method;
  const allowed = routes
    .filter((r) => r.route !== "$default" && pathMatches(r.route.split(" ")[1] ?? "", event.rawPath))
    .map((r) => r.route.split(" ")[0] ?? "");
  if (allowed.length > 0 && !allowed.includes(method)) {
    return errorResponse(
      405,
      "method_not_allowed",
      `${method} is not allowed here; use ${allowed.join(", ")}`,
      requestId,
      {
        allow: allowed.join(", "),
      },
    );
  }
  return errorResponse(404, "not_found", `no route for ${method} ${event.rawPath}`, requestId);
});

function pathMatches(pattern: string, path: string): boolean {
  const a = pattern.split("/");
  const b = path.split("/");
  return a.length === b.length && a.every((part, i) => part.startsWith("{") || part === b[i]);
}
