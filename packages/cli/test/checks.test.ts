/** How one check is run and judged: the table of outcomes `verify` can show. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Check } from "@akasha/core/catalog";
import { describe, expect, it } from "vitest";
import { missingTools, runCheck } from "../src/checks";

const lab = mkdtempSync(join(tmpdir(), "checks-"));
const check = (run: string, expect: Check["expect"]): Check => ({
  id: "c",
  title: "c",
  run,
  expect,
  hint: "h",
});

describe("a check", () => {
  it.each([
    ["exit code as expected", check("true", { exitCode: 0 }), "passed", undefined],
    ["another exit code", check("exit 3", { exitCode: 0 }), "failed", "exited with 3, expected 0"],
    [
      "stdout containing the text",
      check("echo hello world", { stdoutIncludes: "lo wo" }),
      "passed",
      undefined,
    ],
    [
      "stdout missing the text",
      check("echo hello", { stdoutIncludes: "bye" }),
      "failed",
      'output does not contain "bye"',
    ],
    [
      "stdout matching, line by line",
      check("printf 'a\\n600\\n'", { stdoutMatches: "^600$" }),
      "passed",
      undefined,
    ],
    [
      "stdout not matching",
      check("echo 644", { stdoutMatches: "^600$" }),
      "failed",
      "output does not match /^600$/",
    ],
    [
      "exit code right, text wrong",
      check("echo x", { exitCode: 0, stdoutIncludes: "y" }),
      "failed",
      'output does not contain "y"',
    ],
    [
      "a command that is not installed",
      check("no-such-tool-xyz --version", { exitCode: 0 }),
      "missing-tool",
      "`no-such-tool-xyz` is not installed (or not on PATH)",
    ],
    [
      "a command that runs in the lab directory",
      check(`test "$(pwd)" = "${lab}"`, { exitCode: 0 }),
      "passed",
      undefined,
    ],
  ])("%s → %s", async (_name, c, status, reason) => {
    const outcome = await runCheck(c, lab, 5_000);
    expect(outcome.status).toBe(status);
    expect(outcome.passed).toBe(status === "passed");
    expect(outcome.reason).toBe(reason);
  });

  it("that hangs is killed at its timeout, with whatever it started", async () => {
    const started = Date.now();
    const outcome = await runCheck(check("sleep 30 & sleep 30", { exitCode: 0 }), lab, 500);
    expect(outcome).toMatchObject({
      status: "timeout",
      passed: false,
      reason: "did not finish within 0.5 s",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps long output short enough to post", async () => {
    const outcome = await runCheck(check("yes | head -c 20000", { exitCode: 0 }), lab, 5_000);
    expect(outcome.output.length).toBeLessThanOrEqual(4096);
  });
});

describe("required tools", () => {
  it("lists only the ones this machine lacks", async () => {
    expect(await missingTools(["sh", "no-such-tool-xyz", "tar"])).toEqual(["no-such-tool-xyz"]);
  });
});
