/**
 * The built infra-learn binary against the local API (real handlers, DynamoDB Local, the GitHub
 * emulator for the web session that approves the device code).
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../../api/test/support/api";
import { sameSite } from "../../api/test/support/browser";
import { binary, buildCli, type Learner, learner, loginThroughWeb } from "./support/cli";
import { type Relay, startRelay } from "./support/proxy";

let api: TestApi;

beforeAll(async () => {
  buildCli();
  api = await startTestApi("cli", { env: { DEVICE_POLL_INTERVAL_SECONDS: "1" } });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const configFile = (machine: Learner) => join(machine.env.XDG_CONFIG_HOME, "infra-learn", "config.json");
const outboxFiles = (machine: Learner) => {
  const dir = join(machine.env.XDG_CONFIG_HOME, "infra-learn", "outbox");
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")) : [];
};
const tokenOf = (machine: Learner) => {
  const config = JSON.parse(readFileSync(configFile(machine), "utf8")) as {
    accounts: Record<string, { token: string }>;
  };
  return Object.values(config.accounts)[0]?.token ?? "";
};
const progressOf = async (token: string, exerciseId: string) => {
  const response = await fetch(`${api.url}/progress`, { headers: { authorization: `Bearer ${token}` } });
  const { progress } = (await response.json()) as {
    progress: { exerciseId: string; attempts: number; completedAt: string | null }[];
  };
  return progress.find((p) => p.exerciseId === exerciseId);
};
/** linux-01 done right in the learner's lab directory. */
const solveLinux01 = (machine: Learner) => {
  const lab = join(machine.env.INFRA_LEARN_HOME, "linux-01");
  mkdirSync(join(lab, "notes"), { recursive: true });
  writeFileSync(join(lab, "notes/todo.txt"), "learn linux\n");
};

describe("the command line", () => {
  it.each([
    ["no command", 2, [], /Usage: infra-learn <command>/],
    ["an unknown command", 2, ["frobnicate"], /Unknown command "frobnicate"/],
    ["an unknown option", 2, ["list", "--colour"], /Unknown option '--colour'/],
    ["verify without an exercise", 2, ["verify"], /Which exercise\?/],
    [
      "an unknown exercise",
      2,
      ["verify", "linux-99"],
      /no exercise "linux-99"\. Did you mean linux-01, linux-02, linux-03\?/,
    ],
    ["show with extra arguments", 2, ["show", "linux-01", "now"], /Unexpected arguments: now/],
    ["an API URL that is not a URL", 5, ["list", "--api-url", "nope"], /"nope" is not a URL/],
  ])("%s → exit %i with a message saying what to do", async (_name, code, args, message) => {
    const machine = learner(api.url);
    const run = await machine.run(args);
    expect(run.code).toBe(code);
    expect(`${run.stdout}${run.stderr}`).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("--help documents the commands, the environment and the exit codes; --version prints it", async () => {
    const machine = learner(api.url);
    const help = await machine.run(["--help"]);
    expect(help.code).toBe(0);
    for (const text of [
      "login",
      "verify <exercise>",
      "INFRA_LEARN_API_URL",
      "XDG_CONFIG_HOME",
      "NO_COLOR",
      "Exit codes",
    ])
      expect(help.stdout).toContain(text);
    const version = await machine.run(["--version"]);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")).version,
    );
  });

  it("list and show work from the bundled catalog without signing in, and --json is parseable", async () => {
    const machine = learner(api.url);
    const listed = await machine.run(["list", "--json"]);
    expect(listed.code).toBe(0);
    const { modules, signedIn } = JSON.parse(listed.stdout);
    expect(signedIn).toBe(false);
    expect(modules[0].exercises.map((e: { id: string }) => e.id)).toEqual([
      "linux-01",
      "linux-02",
      "linux-03",
    ]);

    const shown = await machine.run(["show", "linux-02", "--json"]);
    const exercise = JSON.parse(shown.stdout);
    expect(exercise).toMatchObject({
      id: "linux-02",
      prerequisites: ["linux-01"],
      labDir: join(machine.env.INFRA_LEARN_HOME, "linux-02"),
    });
    expect(exercise.checks.map((c: { id: string }) => c.id)).toEqual(["script-runs", "secret-private"]);

    const human = await machine.run(["show", "linux-02"]);
    expect(human.stdout).toContain("infra-learn verify linux-02");
    expect(human.stdout).not.toContain("\u001b["); // NO_COLOR: no escape sequences
  });

  it.each([
    [
      "--api-url wins over INFRA_LEARN_API_URL",
      ["--api-url", "http://flag.example:3000/"],
      "http://env.example:3000",
      "http://flag.example:3000",
    ],
    ["INFRA_LEARN_API_URL when there is no flag", [], "http://env.example:3000", "http://env.example:3000"],
    ["production when neither is set", [], "", "https://api.works-on-my.cloud"],
  ])("the API is chosen by %s", async (_name, flags, envUrl, expected) => {
    const run = await learner(api.url).run(["status", ...flags], { INFRA_LEARN_API_URL: envUrl });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`You are not signed in to ${expected}.`);
  });

  it("the published package is one self-contained file that carries the catalog", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8"));
    expect(pkg.bin).toEqual({ "infra-learn": "dist/infra-learn.mjs" });
    expect(pkg.files).toEqual(["dist"]);
    expect(pkg.dependencies ?? {}).toEqual({});
    // Copied where no node_modules can help it, it still knows every exercise and its checks.
    const elsewhere = mkdtempSync(join(tmpdir(), "infra-learn-pack-"));
    copyFileSync(binary, join(elsewhere, "infra-learn.mjs"));
    const shown = execFileSync(
      process.execPath,
      [join(elsewhere, "infra-learn.mjs"), "show", "linux-03", "--json"],
      {
        cwd: elsewhere,
        env: { PATH: process.env.PATH ?? "", HOME: elsewhere, NO_COLOR: "1" },
      },
    ).toString();
    expect(JSON.parse(shown).checks).toContainEqual(
      expect.objectContaining({ run: "tar -tzf backup.tar.gz" }),
    );
  });

  it("a tool a check needs that is not installed is reported as missing, not as a failed check (exit 6)", async () => {
    const machine = learner(api.url);
    const bin = mkdtempSync(join(tmpdir(), "infra-learn-path-")); // a PATH with a shell and nothing else
    symlinkSync(execFileSync("sh", ["-c", "command -v sh"]).toString().trim(), join(bin, "sh"));
    const run = await machine.run(["verify", "linux-03"], { PATH: bin });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("linux-03 needs `tar`, `gzip`, which are not installed (or not on PATH).");
    expect(run.stderr).toContain("Nothing was checked or recorded.");
    expect(run.stdout).not.toContain("✗");
    expect(outboxFiles(machine)).toEqual([]);
  });

  it("status without signing in says to run login, exit 3", async () => {
    const run = await learner(api.url).run(["status"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Run `infra-learn login` first");
  });

  it.each([
    ["not JSON", "{ this is not json"],
    ["JSON of the wrong shape", JSON.stringify({ accounts: [1, 2] })],
    ["an account without a token", JSON.stringify({ accounts: { x: { login: "octocat" } } })],
  ])("a config file holding %s is reported, not a crash (exit 5)", async (_name, content) => {
    const machine = learner(api.url);
    mkdirSync(join(machine.env.XDG_CONFIG_HOME, "infra-learn"), { recursive: true });
    writeFileSync(configFile(machine), content);
    const run = await machine.run(["status"]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(configFile(machine));
    expect(run.stderr).toContain("Delete it and run `infra-learn login` again");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("signing in with a device code", () => {
  it("approved on the web: signed in, token kept 0600, a CLI session the web lists", async () => {
    const machine = learner(api.url);
    const { web, result } = await loginThroughWeb(api, machine);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /! First copy your one-time code: [BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}/,
    );
    expect(result.stdout).toContain("Open http://localhost:4321/labs/device to approve");
    expect(result.stdout).toContain("✓ Signed in as octocat");

    expect(statSync(configFile(machine)).mode & 0o777).toBe(0o600);
    expect(statSync(join(machine.env.XDG_CONFIG_HOME, "infra-learn")).mode & 0o777).toBe(0o700);
    const sessions = await fetch(`${api.url}/sessions`, {
      headers: { cookie: web.jar.header(`${api.url}/sessions`) ?? "" },
    });
    const { sessions: list } = (await sessions.json()) as { sessions: { kind: string; label: string }[] };
    expect(list).toContainEqual(
      expect.objectContaining({ kind: "cli", label: `infra-learn on ${hostname()}` }),
    );

    const status = await machine.run(["status", "--json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ login: "octocat", next: { id: expect.any(String) } });
  }, 30_000);

  it("denied on the web: not signed in, exit 3", async () => {
    const machine = learner(api.url);
    const { result } = await loginThroughWeb(api, machine, "hubot", "deny");
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("The sign-in was denied on the web");
    expect(existsSync(configFile(machine))).toBe(false);
  }, 30_000);
});

describe("verifying", () => {
  let machine: Learner;
  let token: string;
  beforeAll(async () => {
    machine = learner(api.url);
    expect((await loginThroughWeb(api, machine, "unverified")).result.code).toBe(0);
    token = tokenOf(machine);
  }, 30_000);

  it("an empty lab fails: ✗ per check, the first failure's hint, exit 1, the attempt recorded", async () => {
    const run = await machine.run(["verify", "linux-01"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`in ${join(machine.env.INFRA_LEARN_HOME, "linux-01")}`);
    expect(run.stdout).toMatch(/✗ notes\/ is a directory — exited with 1, expected 0/);
    expect(run.stdout).toMatch(/✗ notes\/todo.txt says what to learn/);
    expect(run.stdout).toContain("Hint: Create it with `mkdir notes`.");
    expect(run.stdout).toContain("2 of 2 checks failed.");
    expect(await progressOf(token, "linux-01")).toMatchObject({ attempts: 1, completedAt: null });
    expect(outboxFiles(machine)).toEqual([]);
  });

  it("the solved lab passes: ✓ per check, exit 0, completion recorded once", async () => {
    solveLinux01(machine);
    const run = await machine.run(["verify", "linux-01", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ exerciseId: "linux-01", passed: true, recorded: true });
    expect(result.checks.map((c: { status: string }) => c.status)).toEqual(["passed", "passed"]);
    expect(await progressOf(token, "linux-01")).toMatchObject({
      attempts: 2,
      completedAt: expect.any(String),
    });
  });

  it("a check that hangs is stopped by its timeout and reported as such", async () => {
    // linux-02's first check runs ./deploy.sh: make it hang.
    const lab = join(machine.env.INFRA_LEARN_HOME, "linux-02");
    mkdirSync(lab, { recursive: true });
    writeFileSync(join(lab, "deploy.sh"), "#!/bin/sh\nsleep 60\n", { mode: 0o755 });
    const started = Date.now();
    const run = await machine.run(["verify", "linux-02"], { INFRA_LEARN_CHECK_TIMEOUT_MS: "1000" });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ deploy.sh is executable and prints deployed — did not finish within 1 s/);
  }, 30_000);
});

describe("when the API is away", () => {
  let relay: Relay;
  let machine: Learner;
  let token: string;
  beforeAll(async () => {
    relay = await startRelay(api.url);
    machine = learner(relay.url);
    expect((await loginThroughWeb(api, machine, "hubot")).result.code).toBe(0);
    token = tokenOf(machine);
  }, 30_000);
  afterAll(async () => {
    await relay?.stop();
  });

  it("verify keeps the result in the outbox; sync sends it once the API is back; it counts once", async () => {
    solveLinux01(machine);
    const before = (await progressOf(token, "linux-01"))?.attempts ?? 0;

    await relay.stop();
    const offline = await machine.run(["verify", "linux-01"]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain("All 2 checks passed.");
    expect(offline.stderr).toContain("can't be reached right now. Your result is saved on this machine.");
    expect(outboxFiles(machine)).toHaveLength(1);

    const stillOffline = await machine.run(["sync"]);
    expect(stillOffline.code).toBe(4);
    expect(outboxFiles(machine)).toHaveLength(1);

    await relay.start();
    const synced = await machine.run(["sync"]);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain("Sent 1 saved result.");
    expect(outboxFiles(machine)).toEqual([]);
    expect((await progressOf(token, "linux-01"))?.attempts).toBe(before + 1);

    const again = await machine.run(["sync"]);
    expect(again.stdout).toContain("Nothing to send");
    expect((await progressOf(token, "linux-01"))?.attempts).toBe(before + 1);
  }, 30_000);

  it("a result sent but whose answer was lost is resent with the same key and still counts once", async () => {
    const before = (await progressOf(token, "linux-01"))?.attempts ?? 0;
    await relay.stop();
    await machine.run(["verify", "linux-01"]);
    const [file] = outboxFiles(machine);
    const pending = JSON.parse(
      readFileSync(join(machine.env.XDG_CONFIG_HOME, "infra-learn", "outbox", file ?? ""), "utf8"),
    );
    // The API got it (as if the answer had been lost on the way back)...
    const direct = await fetch(`${api.url}/exercises/linux-01/verify`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": pending.idempotencyKey,
      },
      body: JSON.stringify(pending.request),
    });
    expect(direct.status).toBe(200);
    await relay.start();
    // ...and any later command sends what is waiting, with the same Idempotency-Key.
    const listed = await machine.run(["list"]);
    expect(listed.stderr).toContain("Sent 1 saved result from earlier.");
    expect(outboxFiles(machine)).toEqual([]);
    expect((await progressOf(token, "linux-01"))?.attempts).toBe(before + 1);
  }, 30_000);
});

describe("signing out and revoked sessions", () => {
  it("logout revokes the CLI session on the server and forgets it here", async () => {
    const machine = learner(api.url);
    await loginThroughWeb(api, machine, "octocat");
    const token = tokenOf(machine);
    const run = await machine.run(["logout"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Signed out octocat; the CLI session is revoked.");
    expect(
      (await fetch(`${api.url}/users/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    expect(JSON.parse(readFileSync(configFile(machine), "utf8")).accounts).toEqual({});
  }, 30_000);

  it("a session revoked on the web: commands say to log in again (exit 3) and verify keeps the result", async () => {
    const machine = learner(api.url);
    const { web } = await loginThroughWeb(api, machine, "octocat");
    const config = JSON.parse(readFileSync(configFile(machine), "utf8"));
    const sessionId = Object.values(config.accounts as Record<string, { sessionId: string }>)[0]?.sessionId;
    const revoked = await fetch(`${api.url}/sessions/${sessionId}`, {
      method: "DELETE",
      headers: sameSite(web.jar, `${api.url}/sessions/${sessionId}`),
    });
    expect(revoked.ok).toBe(true);

    const status = await machine.run(["status"]);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain("expired or was revoked. Run `infra-learn login`");

    solveLinux01(machine);
    const verify = await machine.run(["verify", "linux-01"]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toContain(
      "Your result is saved on this machine. Run `infra-learn login`; it will be sent then.",
    );
    expect(outboxFiles(machine)).toHaveLength(1);

    // Signing in again sends what waited, once.
    const again = await loginThroughWeb(api, machine, "octocat");
    expect(again.result.code).toBe(0);
    expect(again.result.stderr).toContain("Sent 1 saved result from earlier.");
    expect(outboxFiles(machine)).toEqual([]);
  }, 30_000);
});
