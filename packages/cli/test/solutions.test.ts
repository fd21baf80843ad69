/**
 * Proof that every exercise's checks really verify the work: on a fresh lab directory the checks
 * fail; after the exercise's reference solution (a test fixture in `solutions/<id>.sh`, never shown
 * to learners) they all pass. The checks run through the CLI's own runner, as `verify` runs them.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog, type Exercise } from "@akasha/core/catalog";
import { afterAll, describe, expect, it } from "vitest";
import { runCheck } from "../src/checks";

const solutions = join(import.meta.dirname, "solutions");
const groups: number[] = [];

afterAll(() => {
  // Solutions may leave a server or a background job running: stop their whole process groups.
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {}
  }
});

/** Runs a solution with `sh` in the lab, in a process group of its own (stopped after the tests). */
function applySolution(exercise: Exercise, lab: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-eu", join(solutions, `${exercise.id}.sh`)], {
      cwd: lab,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LAB: lab },
    });
    if (child.pid) groups.push(child.pid);
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    // Resolve when the script itself exits; background jobs it started may keep the pipes open.
    child.once("exit", (code) => resolve({ code, output }));
  });
}

const runAll = async (exercise: Exercise, lab: string) => {
  const outcomes = [];
  for (const check of exercise.checks)
    outcomes.push(await runCheck(check, lab, (check.timeoutSeconds ?? 10) * 1000));
  return outcomes;
};

describe("every exercise has a reference solution, and only the tests have it", () => {
  it("one solution per exercise, no strays", () => {
    const files = readdirSync(solutions)
      .filter((f) => f.endsWith(".sh"))
      .map((f) => f.replace(/\.sh$/, ""));
    expect(files.sort()).toEqual(catalog.exercises.map((e) => e.id).sort());
  });

  it("the catalog the web and the CLI ship holds no solution", () => {
    const shipped = JSON.stringify(catalog);
    for (const e of catalog.exercises) {
      const solution = readFileSync(join(solutions, `${e.id}.sh`), "utf8");
      const marker = solution.match(/^# reference: (.+)$/m)?.[1];
      expect(marker, `${e.id}.sh needs a "# reference: <unique phrase>" line`).toBeTruthy();
      expect(shipped).not.toContain(marker);
    }
  });
});

describe.each(catalog.exercises.map((e) => [e.id, e] as const))("%s", (_id, exercise) => {
  it("fails on a fresh lab and passes after the reference solution", async () => {
    const lab = mkdtempSync(join(tmpdir(), `lab-${exercise.id}-`));
    try {
      const before = await runAll(exercise, lab);
      expect(before[0]?.passed, `${exercise.id}: the first check must fail on an empty lab`).toBe(false);
      expect(
        before.every((o) => o.status !== "missing-tool"),
        JSON.stringify(before),
      ).toBe(true);

      const applied = await applySolution(exercise, lab);
      expect(applied.code, applied.output).toBe(0);

      const after = await runAll(exercise, lab);
      expect(
        after.filter((o) => !o.passed).map((o) => `${o.id}: ${o.reason}\n${o.output}`),
        `${exercise.id} after its solution`,
      ).toEqual([]);
    } finally {
      if (existsSync(lab)) rmSync(lab, { recursive: true, force: true });
    }
  }, 60_000);
});
