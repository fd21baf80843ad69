/**
 * The one wrapper every handler goes through: it validates input with core's zod schemas, turns
 * `HttpError`s into `{error, code}` JSON, turns anything unexpected into a 500 with the request id
 * and no internals, and logs one structured line per request (route, status, latency).
 */
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { z } from "zod";
import { HttpError } from "./errors";
import { errorResponse, type Response } from "./http";
import { logger } from "./logger";

export interface RouteOptions<P extends z.ZodType, Q extends z.ZodType> {
  /** Schema for `pathParameters`; a mismatch is a 400 (or `paramsStatus`). */
  params?: P;
  query?: Q;
  /** Status for a path parameter that fails validation: 404 suits ids, since no such thing exists. */
  paramsStatus?: 400 | 404;
}

export interface RouteInput<P, Q> {
  event: APIGatewayProxyEventV2;
  params: P;
  query: Q;
  requestId: string;
}

export type Handler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<Response>;

export function route<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  options: RouteOptions<P, Q>,
  fn: (input: RouteInput<z.infer<P>, z.infer<Q>>) => Promise<Response>,
): Handler {
  return async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? "unknown";
    let response: Response;
    try {
      const params = parse(options.params, event.pathParameters ?? {}, options.paramsStatus ?? 400, "path");
      const query = parse(options.query, event.queryStringParameters ?? {}, 400, "query");
      response = await fn({ event, params, query, requestId });
    } catch (error) {
      response = toErrorResponse(error, requestId);
    }
    logger.info("request", {
      requestId,
      route: event.routeKey,
      status: response.statusCode,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, status: number, where: string) {
  if (!schema) return value as never;
  const result = schema.safeParse(value);
  if (result.success) return result.data as never;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || where;
  throw status === 404
    ? new HttpError(404, "not_found", `no such ${field}`)
    : new HttpError(
        400,
        "invalid_request",
        `invalid ${where} parameter ${field}: ${issue?.message ?? "invalid"}`,
      );
}

function toErrorResponse(error: unknown, requestId: string): Response {
  if (error instanceof HttpError) {
    return errorResponse(error.status, error.code, error.message, requestId, error.headers);
  }
  logger.error("unhandled error", { requestId, error: error as Error });
  if (isUnavailable(error)) {
    return errorResponse(
      503,
      "unavailable",
      "a backing service is unavailable, try again shortly",
      requestId,
    );
  }
  return errorResponse(500, "internal", "something went wrong on our side", requestId);
}

/** Network-level failures reaching DynamoDB (down, timed out) are a 503, not a bug. */
function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: unknown } | undefined;
  const names = [
    "TimeoutError",
    "RequestTimeout",
    "ECONNREFUSED",
    "ECONNRESET",
    "ProvisionedThroughputExceededException",
  ];
  return names.includes(e?.name ?? "") || names.includes(e?.code ?? "");
}
