/**
 * Exercise versions are bumped whenever checks change, so results recorded against old checks are
 * told apart. `versions.lock.json` records, per exercise, its version and a fingerprint of its
 * checks; a test compares the catalog with it, and `pnpm catalog:lock` refreshes it, refusing an
 * exercise whose checks changed while its version did not. Node-only (hashing): not for the web.
 */
import { createHash } from "node:crypto";
import type { Catalog, Check } from "./schema";

export type VersionLock = Record<string, { version: number; checks: string }>;

/** sha256 of the checks as canonical JSON (object keys sorted), so formatting never matters. */
export function checksFingerprint(checks: readonly Check[]): string {
  return createHash("sha256").update(canonical(checks)).digest("hex").slice(0, 16);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** What is wrong between the catalog and the lock; empty when they agree. */
export function lockProblems(catalog: Catalog, lock: VersionLock): string[] {
  const problems: string[] = [];
  for (const exercise of catalog.exercises) {
    const locked = lock[exercise.id];
    const fingerprint = checksFingerprint(exercise.checks);
    if (!locked) problems.push(`${exercise.id} is not in the lock: run \`pnpm catalog:lock\``);
    else if (locked.checks !== fingerprint && locked.version === exercise.version)
      problems.push(
        `${exercise.id}'s checks changed but its version is still ${exercise.version}: bump it, then run \`pnpm catalog:lock\``,
      );
    else if (exercise.version < locked.version)
      problems.push(`${exercise.id}'s version went back from ${locked.version} to ${exercise.version}`);
    else if (locked.checks !== fingerprint || locked.version !== exercise.version)
      problems.push(`${exercise.id} changed (version ${exercise.version}): run \`pnpm catalog:lock\``);
  }
  for (const id of Object.keys(lock))
    if (!catalog.exercises.some((e) => e.id === id))
      problems.push(`${id} is in the lock but not in the catalog`);
  return problems;
}

/** The lock brought up to date, except for exercises whose checks changed without a version bump. */
export function refreshLock(catalog: Catalog, lock: VersionLock): { lock: VersionLock; refused: string[] } {
  const next: VersionLock = {};
  const refused: string[] = [];
  for (const exercise of catalog.exercises) {
    const locked = lock[exercise.id];
    const fingerprint = checksFingerprint(exercise.checks);
    if (locked && locked.checks !== fingerprint && locked.version >= exercise.version) {
      refused.push(`${exercise.id}: its checks changed, so its version must go above ${locked.version}`);
      next[exercise.id] = locked;
    } else next[exercise.id] = { version: exercise.version, checks: fingerprint };
  }
  return { lock: next, refused };
}
