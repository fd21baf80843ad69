/**
 * What infra-learn keeps on disk, under `$XDG_CONFIG_HOME/infra-learn/` (or the platform's config
 * directory): `config.json` with one sign-in per API URL, so a local stack's token is never sent
 * to production, and the `outbox/` of results not yet accepted by the API. Directories are 0700
 * and files 0600; files are replaced atomically (write, then rename).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";
import { configError } from "./errors";

export const productionApiUrl = "https://api.works-on-my.cloud";

export interface Account {
  token: string;
  login: string;
  /** The session's id, as `GET /sessions` lists it. */
  sessionId?: string;
  signedInAt: string;
}

export interface Config {
  accounts: Record<string, Account>;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "infra-learn");
  return envPaths("infra-learn", { suffix: "" }).config;
}

/** Where exercises are done: `$INFRA_LEARN_HOME/<exercise>`, by default `~/infra-learn/<exercise>`. */
export function labDir(exerciseId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.INFRA_LEARN_HOME || join(homedir(), "infra-learn"), exerciseId);
}

/** `--api-url`, then `INFRA_LEARN_API_URL`, then production; without a trailing slash. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = flag || env.INFRA_LEARN_API_URL || productionApiUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`The API URL "${raw}" is not a URL (check --api-url or INFRA_LEARN_API_URL).`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw configError(`The API URL "${raw}" must start with https:// (or http:// for a local stack).`);
  return raw.replace(/\/+$/, "");
}

export function ensurePrivateDir(path: string) {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Writes a file readable only by its owner, replacing any previous version atomically. */
export function writePrivateFile(path: string, content: string) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export class ConfigStore {
  readonly dir: string;
  readonly file: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.dir = configDir(env);
    this.file = join(this.dir, "config.json");
  }

  read(): Config {
    if (!existsSync(this.file)) return { accounts: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (error) {
      throw configError(
        `The config file ${this.file} is not valid JSON (${(error as Error).message}). ` +
          "Delete it and run `infra-learn login` again.",
      );
    }
    if (!isConfig(parsed))
      throw configError(
        `The config file ${this.file} is not an infra-learn config. Delete it and run \`infra-learn login\` again.`,
      );
    return parsed;
  }

  account(apiUrl: string): Account | undefined {
    return this.read().accounts[apiUrl];
  }

  saveAccount(apiUrl: string, account: Account) {
    const config = this.read();
    config.accounts[apiUrl] = account;
    this.write(config);
  }

  removeAccount(apiUrl: string) {
    const config = this.read();
    delete config.accounts[apiUrl];
    this.write(config);
  }

  private write(config: Config) {
    try {
      ensurePrivateDir(this.dir);
      writePrivateFile(this.file, `${JSON.stringify(config, null, 2)}\n`);
    } catch (error) {
      throw configError(`Could not write ${this.file}: ${(error as Error).message}`);
    }
  }
}

function isConfig(value: unknown): value is Config {
  if (typeof value !== "object" || value === null) return false;
  const accounts = (value as { accounts?: unknown }).accounts;
  if (typeof accounts !== "object" || accounts === null || Array.isArray(accounts)) return false;
  return Object.values(accounts).every(
    (a) =>
      typeof a === "object" &&
      a !== null &&
      typeof (a as Account).token === "string" &&
      typeof (a as Account).login === "string",
  );
}
