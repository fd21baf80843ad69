/**
 * Results not yet accepted by the API, one JSON file each under `<config dir>/outbox/`. A result
 * is written here *before* it is posted and removed only once the API has answered, so a crash,
 * a dropped connection or an expired sign-in never loses it; resending uses the same
 * Idempotency-Key, so the API counts it once however many times it arrives.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { VerifyRequest } from "@akasha/core/api";
import { configDir, ensurePrivateDir, writePrivateFile } from "./config";
import { configError } from "./errors";

export interface PendingResult {
  idempotencyKey: string;
  apiUrl: string;
  exerciseId: string;
  request: VerifyRequest;
  createdAt: string;
}

export class Outbox {
  readonly dir: string;
  readonly rejectedDir: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.dir = join(configDir(env), "outbox");
    this.rejectedDir = join(this.dir, "rejected");
  }

  add(apiUrl: string, exerciseId: string, request: VerifyRequest): PendingResult {
    const pending: PendingResult = {
      idempotencyKey: randomUUID(),
      apiUrl,
      exerciseId,
      request,
      createdAt: new Date().toISOString(),
    };
    try {
      ensurePrivateDir(this.dir);
      writePrivateFile(this.path(pending.idempotencyKey), `${JSON.stringify(pending, null, 2)}\n`);
    } catch (error) {
      throw configError(`Could not save the result in ${this.dir}: ${(error as Error).message}`);
    }
    return pending;
  }

  /** Results waiting for `apiUrl`, oldest first. Unreadable files are set aside, not fatal. */
  pending(apiUrl: string): PendingResult[] {
    if (!existsSync(this.dir)) return [];
    const results: PendingResult[] = [];
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith(".json"))) {
      try {
        const item = JSON.parse(readFileSync(join(this.dir, name), "utf8")) as PendingResult;
        if (item.apiUrl === apiUrl) results.push(item);
      } catch {
        this.setAside(name.replace(/\.json$/, ""));
      }
    }
    return results.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  remove(key: string) {
    rmSync(this.path(key), { force: true });
  }

  /** The API refused it for good (not a network or sign-in problem): keep it for inspection. */
  setAside(key: string) {
    ensurePrivateDir(this.rejectedDir);
    const from = this.path(key);
    if (existsSync(from)) renameSync(from, join(this.rejectedDir, `${key}.json`));
  }

  private path(key: string) {
    return join(this.dir, `${key}.json`);
  }
}
