/**
 * The API's wire shapes (DESIGN.md §5), as zod schemas shared by handlers, the web and the CLI.
 * Requests are validated with them; `GET /openapi.json` is generated from them.
 */
import { z } from "zod";
import { Id, Module } from "./catalog/schema";

export const ErrorResponse = z.object({
  error: z.string(),
  code: z.string(),
  requestId: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const ExercisePathParams = z.object({ id: Id });

export const CheckSummary = z.object({ id: z.string(), title: z.string() });

export const ExerciseSummary = z.object({
  id: z.string(),
  moduleId: z.string(),
  title: z.string(),
  summary: z.string(),
  difficulty: z.string(),
  minutes: z.number(),
  version: z.number(),
  prerequisites: z.array(z.string()),
  checks: z.array(CheckSummary),
  completions: z.number().int().nonnegative(),
});
export type ExerciseSummary = z.infer<typeof ExerciseSummary>;

export const ExerciseDetail = ExerciseSummary.extend({
  instructions: z.string(),
  hints: z.array(z.string()),
  checks: z.array(CheckSummary.extend({ hint: z.string() })),
});
export type ExerciseDetail = z.infer<typeof ExerciseDetail>;

export const ExerciseList = z.object({ modules: z.array(Module), exercises: z.array(ExerciseSummary) });
export type ExerciseList = z.infer<typeof ExerciseList>;

export const HealthResponse = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.object({ dynamodb: z.enum(["ok", "unreachable"]) }),
  stage: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// --- Auth and users -------------------------------------------------------------------------

/** GitHub logins: 1–39 characters, letters, digits and single inner dashes. */
export const GithubLogin = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/);

export const SignInQuery = z.object({
  /** Where to land after sign-in: a path on the site, or an absolute URL on the site's origin. */
  returnTo: z.string().max(2048).optional(),
  /** Passed to GitHub as the `login` hint. */
  login: GithubLogin.optional(),
});

export const CallbackQuery = z.object({
  code: z.string().max(512).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(1024).optional(),
  error_uri: z.string().max(2048).optional(),
});

export const User = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  email: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const UserResponse = z.object({ user: User });

export const SessionKind = z.enum(["web", "cli"]);
export type SessionKind = z.infer<typeof SessionKind>;

export const SessionSummary = z.object({
  id: z.string(),
  kind: SessionKind,
  label: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionsResponse = z.object({ sessions: z.array(SessionSummary) });

export const AuthVerifyResponse = z.object({
  valid: z.literal(true),
  user: User,
  session: SessionSummary.pick({ id: true, kind: true, expiresAt: true }),
});

export const SessionPathParams = z.object({ id: z.string().regex(/^[a-f0-9]{64}$/) });

// --- Progress -------------------------------------------------------------------------------

export const CheckResult = z
  .object({
    id: Id,
    passed: z.boolean(),
    /** What the check printed, trimmed by the CLI; kept for the latest attempt only. */
    output: z.string().max(4096).optional(),
  })
  .strict();
export type CheckResult = z.infer<typeof CheckResult>;

export const VerifyRequest = z
  .object({
    exerciseVersion: z.number().int().positive(),
    checks: z.array(CheckResult).min(1).max(50),
    cliVersion: z.string().max(40).optional(),
  })
  .strict();
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const IdempotencyKey = z.uuid();

export const VerifyResponse = z.object({
  exerciseId: z.string(),
  passed: z.boolean(),
  attempts: z.number().int(),
  completedAt: z.string().nullable(),
  firstCompletion: z.boolean(),
  checks: z.array(CheckResult),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;

export const ProgressItem = z.object({
  exerciseId: z.string(),
  exerciseVersion: z.number().int(),
  attempts: z.number().int(),
  firstAttemptAt: z.string(),
  lastAttemptAt: z.string(),
  completedAt: z.string().nullable(),
  checks: z.array(CheckResult),
});
export type ProgressItem = z.infer<typeof ProgressItem>;

export const Streak = z.object({ current: z.number().int(), longest: z.number().int() });
export type Streak = z.infer<typeof Streak>;

export const DayActivity = z.object({ day: z.string(), verifications: z.number().int() });

export const ProgressResponse = z.object({
  progress: z.array(ProgressItem),
  streak: Streak,
  /** Days with at least one verification, newest first (the last 30 at most). */
  activity: z.array(DayActivity),
});
export type ProgressResponse = z.infer<typeof ProgressResponse>;

// --- CLI sign-in: OAuth 2.0 Device Authorization Grant (RFC 8628) ----------------------------
// The OAuth endpoints take form bodies and answer with their RFCs' snake_case field names.

/** The one client of the device grant: the public `infra-learn` CLI, with no secret. */
export const DeviceClientId = "infra-learn";
export const DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";

/** Form fields of `POST /auth/device/code`. Unknown fields are ignored (RFC 6749 §3.2). */
export const DeviceCodeRequest = z.object({
  /** Must be `infra-learn`; checked by the endpoint (a wrong one is `invalid_client`, not a 400). */
  client_id: z.string().max(200).optional(),
  /** Accepted and ignored: a CLI session is not scoped. */
  scope: z.string().max(1000).optional(),
  /** Our extension: how the CLI session is listed on the web, e.g. `infra-learn on laptop`. */
  device_label: z
    .string()
    .max(100)
    .regex(/^[^\p{C}]*$/u, "must be printable characters")
    .optional(),
});

export const DeviceCodeResponse = z.object({
  device_code: z.string(),
  /** `XXXX-XXXX`, 8 letters of `BCDFGHJKLMNPQRSTVWXZ`. */
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number().int(),
  interval: z.number().int(),
});
export type DeviceCodeResponse = z.infer<typeof DeviceCodeResponse>;

/** Form fields of `POST /auth/device/token`; which are missing or wrong decides the OAuth error. */
export const DeviceTokenRequest = z.object({
  grant_type: z.string().max(200).optional(),
  device_code: z.string().max(200).optional(),
  client_id: z.string().max(200).optional(),
});

export const DeviceTokenResponse = z.object({
  /** A CLI session token: send it as `Authorization: Bearer`. */
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
});
export type DeviceTokenResponse = z.infer<typeof DeviceTokenResponse>;

/** The error shape of the OAuth endpoints (RFC 6749 §5.2, RFC 8628 §3.5). */
export const OAuthErrorResponse = z.object({
  error: z.enum([
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unsupported_grant_type",
    "authorization_pending",
    "slow_down",
    "access_denied",
    "expired_token",
    "server_error",
    "temporarily_unavailable",
  ]),
  error_description: z.string().optional(),
  requestId: z.string().optional(),
});
export type OAuthErrorResponse = z.infer<typeof OAuthErrorResponse>;

/** `POST /auth/device/approve`: the signed-in learner's decision on a code shown by a terminal. */
export const DeviceApproveRequest = z
  .object({
    /** As typed: case, spaces and dashes do not matter. */
    userCode: z.string().max(64),
    decision: z.enum(["approve", "deny"]),
  })
  .strict();
export type DeviceApproveRequest = z.infer<typeof DeviceApproveRequest>;

export const DeviceApproveResponse = z.object({ status: z.enum(["approved", "denied"]) });
export type DeviceApproveResponse = z.infer<typeof DeviceApproveResponse>;

/** RFC 8414 authorization server metadata, as `GET /.well-known/oauth-authorization-server` serves it. */
export const AuthorizationServerMetadata = z.object({
  issuer: z.string(),
  device_authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  grant_types_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  service_documentation: z.string(),
});
export type AuthorizationServerMetadata = z.infer<typeof AuthorizationServerMetadata>;
