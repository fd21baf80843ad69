import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number };

/** A JSON response. API responses are personal or change often, so nothing is cached by default. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response => ({
  statusCode: status,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  body: JSON.stringify(body),
});

export const errorResponse = (
  status: number,
  code: string,
  error: string,
  requestId?: string,
  headers: Record<string, string> = {},
): Response => json(status, { error, code, ...(requestId ? { requestId } : {}) }, headers);
