/**
 * How infra-learn ends. Every failure a learner can meet is a `CliError` with a message that says
 * what happened and what to do; its exit code is one of these, documented in `--help`.
 */
export const exitCodes = {
  /** Done; for `verify`: every check passed. */
  ok: 0,
  /** `verify`: at least one check failed. */
  checksFailed: 1,
  /** A mistake on the command line: unknown command, exercise or option. */
  usage: 2,
  /** Not signed in, or the sign-in expired, was revoked or was denied. */
  auth: 3,
  /** The labs API could not be reached (results are kept and sent later). */
  network: 4,
  /** The config file or the outbox on disk cannot be read or written. */
  config: 5,
  /** `verify`: a tool a check needs is not installed (nothing was recorded). */
  missingTool: 6,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, exitCodes.usage);
export const authError = (message: string) => new CliError(message, exitCodes.auth);
export const networkError = (message: string) => new CliError(message, exitCodes.network);
export const configError = (message: string) => new CliError(message, exitCodes.config);

export const notSignedIn = (apiUrl: string) =>
  authError(`You are not signed in to ${apiUrl}. Run \`infra-learn login\` first.`);
export const signInEnded = () =>
  authError("Your sign-in has expired or was revoked. Run `infra-learn login` to sign in again.");
