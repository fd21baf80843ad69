/**
 * infra-learn: do an Akasha Labs exercise on your own Linux box, then `infra-learn verify <id>`.
 * Parses the command line (node:util parseArgs), runs one command, and turns every failure into
 * a message that says what to do and a documented exit code.
 */
import { parseArgs } from "node:util";
import { ApiRefusal, Unreachable } from "./api";
import { list } from "./commands/list";
import { login } from "./commands/login";
import { logout } from "./commands/logout";
import { show } from "./commands/show";
import { status } from "./commands/status";
import { sync } from "./commands/sync";
import { verify } from "./commands/verify";
import { Context, cliVersion } from "./context";
import { CliError, exitCodes, usageError } from "./errors";
import { color, note, out } from "./output";

const help = `infra-learn ${cliVersion}: verify Akasha Labs exercises and record your progress

Usage: infra-learn <command> [options]

Commands
  login               sign in with a one-time code approved on the web
  list                modules and exercises, with your status
  show <exercise>     what to do, the checks that will run, hints
  verify <exercise>   run the exercise's checks here and record the result
  status              progress per module, streak, what to do next
  sync                send results saved while offline
  logout              revoke this CLI session and forget it

Options
  --api-url <url>     the labs API (default: $INFRA_LEARN_API_URL, else https://api.works-on-my.cloud)
  --json              machine-readable output (list, show, status, verify, sync)
  --no-browser        login: print the approval link without opening a browser
  -h, --help          this help
  -v, --version       the version

Environment
  INFRA_LEARN_API_URL   the labs API, if --api-url is not given
  INFRA_LEARN_HOME      where lab directories live (default ~/infra-learn; one per exercise)
  XDG_CONFIG_HOME       config and saved results go in $XDG_CONFIG_HOME/infra-learn (mode 0600)
  INFRA_LEARN_CHECK_TIMEOUT_MS  how long one check may run (default 10000)
  NO_COLOR              plain output

Exit codes
  0  done (verify: every check passed)      1  verify: some checks failed
  2  usage: unknown command, exercise or option
  3  not signed in, or the sign-in expired, was revoked or denied
  4  the labs API could not be reached (results are kept and sent later)
  5  the config file or saved results cannot be read or written
  6  verify: a tool a check needs is not installed`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    note(`${color.red("✗")} ${(error as Error).message}\n`);
    note("Run `infra-learn --help` for the commands and options.");
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out(cliVersion);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(help);
    return command || values.help ? 0 : exitCodes.usage;
  }
  try {
    const ctx = new Context({
      json: values.json ?? false,
      browser: !values["no-browser"],
      ...(values["api-url"] ? { apiUrl: values["api-url"] } : {}),
    });
    const [arg, ...extra] = rest;
    if (extra.length > 0) throw usageError(`Unexpected arguments: ${extra.join(" ")}`);
    switch (command) {
      case "login":
        return await login(ctx);
      case "logout":
        return await logout(ctx);
      case "list":
        return await list(ctx);
      case "show":
        return await show(ctx, arg);
      case "verify":
        return await verify(ctx, arg);
      case "status":
        return await status(ctx);
      case "sync":
        return await sync(ctx);
      default:
        throw usageError(`Unknown command "${command}". Run \`infra-learn --help\` for the list.`);
    }
  } catch (error) {
    return fail(error);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      "api-url": { type: "string" },
      json: { type: "boolean" },
      "no-browser": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

function fail(error: unknown): number {
  if (error instanceof CliError) {
    note(`${color.red("✗")} ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof Unreachable) {
    note(`${color.red("✗")} ${error.message}. Check your connection (or --api-url) and try again.`);
    return exitCodes.network;
  }
  if (error instanceof ApiRefusal) {
    note(`${color.red("✗")} The labs API refused the request: ${error.message} (${error.code}).`);
    return error.status === 401 ? exitCodes.auth : exitCodes.network;
  }
  note(`${color.red("✗")} Unexpected error: ${(error as Error).message}`);
  note("Please report it, with the command you ran, at https://github.com/akasha-labs/akasha/issues");
  return 70;
}
