import { Logger } from "@aws-lambda-powertools/logger";

/** One structured JSON logger for every handler. Never pass it a token, cookie, code or secret. */
export const logger = new Logger({ serviceName: "akasha-api" });

export type AuditEvent =
  | "sign_in"
  | "sign_in_refused"
  | "sign_out"
  | "session_revoked"
  | "csrf_refused"
  | "device_code_approved"
  | "device_code_denied"
  | "rate_limit_hit";

/** An audit record: who did what, from where, in which request. `who` is a user id, never a token. */
export function audit(
  event: AuditEvent,
  fields: { requestId: string; sourceIp?: string; userId?: string } & Record<string, unknown>,
) {
  logger.info("audit", { audit: event, ...fields });
}
