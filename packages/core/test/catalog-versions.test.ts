import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Catalog, catalog } from "../src/catalog";
import { lockProblems, refreshLock, type VersionLock } from "../src/catalog/versions";

const lock = JSON.parse(
  readFileSync(join(import.meta.dirname, "../src/catalog/versions.lock.json"), "utf8"),
) as VersionLock;

/** The shipped catalog with one exercise changed by `change`. */
function changed(
  id: string,
  change: (e: Catalog["exercises"][number]) => Catalog["exercises"][number],
): Catalog {
  return {
    ...catalog,
    exercises: catalog.exercises.map((e) => (e.id === id ? change(structuredClone(e)) : e)),
  };
}
const first = catalog.exercises[0]?.id ?? "";
const otherCommand = (e: Catalog["exercises"][number]) => ({
  ...e,
  checks: e.checks.map((c, i) => (i === 0 ? { ...c, run: `${c.run} && true` } : c)),
});

describe("exercise versions", () => {
  it("the shipped catalog matches versions.lock.json", () => {
    expect(lockProblems(catalog, lock)).toEqual([]);
  });

  it("changing a check's command without bumping the version fails", () => {
    expect(lockProblems(changed(first, otherCommand), lock)).toEqual([
      `${first}'s checks changed but its version is still ${catalog.exercises[0]?.version}: bump it, then run \`pnpm catalog:lock\``,
    ]);
  });

  it.each([
    [
      "an expectation",
      (e: Catalog["exercises"][number]) => ({
        ...e,
        checks: e.checks.map((c) => ({ ...c, expect: { exitCode: 1 } })),
      }),
    ],
    [
      "a check added",
      (e: Catalog["exercises"][number]) => ({
        ...e,
        checks: [...e.checks, { ...e.checks[0], id: "extra" } as never],
      }),
    ],
    ["a check removed", (e: Catalog["exercises"][number]) => ({ ...e, checks: e.checks.slice(1) })],
  ])("changing %s without a bump fails too", (_what, change) => {
    expect(lockProblems(changed(first, change), lock)).toHaveLength(1);
  });

  it("wording that is not a check (instructions, hints) needs no bump", () => {
    expect(
      lockProblems(
        changed(first, (e) => ({ ...e, instructions: `${e.instructions}\n\nMore.` })),
        lock,
      ),
    ).toEqual([]);
  });

  it("a bumped version with new checks asks for the lock to be refreshed, and refreshing accepts it", () => {
    const bumped = changed(first, (e) => ({ ...otherCommand(e), version: e.version + 1 }));
    expect(lockProblems(bumped, lock)).toEqual([
      `${first} changed (version ${(catalog.exercises[0]?.version ?? 0) + 1}): run \`pnpm catalog:lock\``,
    ]);
    const refreshed = refreshLock(bumped, lock);
    expect(refreshed.refused).toEqual([]);
    expect(lockProblems(bumped, refreshed.lock)).toEqual([]);
  });

  it("refreshing refuses checks changed without a bump, and keeps the old entry", () => {
    const { lock: next, refused } = refreshLock(changed(first, otherCommand), lock);
    expect(refused).toHaveLength(1);
    expect(next[first]).toEqual(lock[first]);
  });
});
