/**
 * Nothing in the repo holds a secret. Every file git would commit (tracked, or new and not
 * ignored) is scanned for the shapes real credentials have. The few secret-shaped values that are
 * obviously fake are allow-listed below, each with the reason; fixtures that look like secrets
 * (the forged session tokens in packages/api/test, the samples here) are built at run time, so
 * their text never has the shape. Findings name the file, line and kind, never the value.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

interface SecretShape {
  kind: string;
  /** Global; for an assignment, group 1 is the value assigned. */
  pattern: RegExp;
}

const secretShapes: SecretShape[] = [
  // AKIA: a long-lived access key id; ASIA: a temporary one, still usable until it expires.
  { kind: "AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  // ~/.aws/credentials, .env, YAML and shell spell it like this...
  { kind: "AWS secret access key", pattern: /\baws_secret_access_key\b["']?\s*[:=]\s*["']?([^\s"',;]+)/gi },
  // ...and the AWS SDK's credentials object like this.
  { kind: "AWS secret access key", pattern: /\bsecretAccessKey\s*:\s*["'`]([^"'`]+)["'`]/g },
  { kind: "private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { kind: "Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/g },
  { kind: "JWT", pattern: /\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g },
];

interface Allowed {
  kind: string;
  value: string;
  why: string;
}

/** Secret-shaped values that are not secrets. Each entry must still be needed (a test says so). */
const allowList: Allowed[] = [
  {
    kind: "AWS secret access key",
    value: "local",
    why:
      "DynamoDB Local's credentials (docker-compose.yml, packages/local, packages/api/src/lib/db.ts): " +
      "it accepts any, but the AWS SDK will not sign a request without one",
  },
];

interface Finding {
  file: string;
  line: number;
  kind: string;
  value: string;
}

/** A value that names a secret kept elsewhere (`$VAR`, `${VAR}`, `${{ secrets.X }}`) is not one. */
const isReference = (value: string) => value.startsWith("$");

function findSecrets(text: string, file: string, allowed: readonly Allowed[] = allowList): Finding[] {
  const findings: Finding[] = [];
  for (const { kind, pattern } of secretShapes) {
    for (const match of text.matchAll(pattern)) {
      const value = match[1] ?? match[0];
      if (isReference(value) || allowed.some((entry) => entry.kind === kind && entry.value === value))
        continue;
      const line = text.slice(0, match.index).split("\n").length;
      findings.push({ file, line, kind, value });
    }
  }
  return findings;
}

/** Where a finding is and what it looks like, without printing the secret. */
const describeFinding = ({ file, line, kind, value }: Finding) =>
  `${file}:${line}: ${kind} (${value.slice(0, 4)}… ${value.length} characters)`;

/** Every file `git add -A` would commit: tracked ones still present, and untracked ones not ignored. */
function committableFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\0").filter(Boolean))].filter((file) => existsSync(`${root}${file}`));
}

/** A regular file's text; undefined for binaries, symlinks (git stores the link, not what it points to) and submodules. */
function textOf(file: string): string | undefined {
  if (!lstatSync(`${root}${file}`).isFile()) return undefined;
  const bytes = readFileSync(`${root}${file}`);
  return bytes.subarray(0, 8000).includes(0) ? undefined : bytes.toString("utf8");
}

function scanRepo(allowed: readonly Allowed[] = allowList): { files: string[]; findings: Finding[] } {
  const files = committableFiles();
  const findings = files.flatMap((file) => {
    const text = textOf(file);
    return text === undefined ? [] : findSecrets(text, file, allowed);
  });
  return { files, findings };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the secret scanner", () => {
  // Built here so that this file's own text never has a secret's shape.
  const samples: [kind: string, text: string][] = [
    ["AWS access key id", `aws_access_key_id = ${["AKIA", "QWERTYUIOPASDFGH"].join("")}`],
    ["AWS access key id", `key: ${["ASIA", "ZXCVBNMLKJHGFDSA"].join("")}`],
    [
      "AWS secret access key",
      `${["aws", "secret", "access", "key"].join("_")} = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzz`,
    ],
    ["AWS secret access key", `export ${["AWS", "SECRET", "ACCESS", "KEY"].join("_")}="abc123"`],
    ["AWS secret access key", `credentials: { ${["secret", "AccessKey"].join("")}: "abc123" }`],
    ["private key", ["-----BEGIN", "RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----"].join(" ")],
    ["private key", ["-----BEGIN", "OPENSSH PRIVATE KEY-----"].join(" ")],
    ["GitHub token", `token=${["ghp", "A".repeat(36)].join("_")}`],
    ["GitHub token", `token=${["github", "pat", "11ABCDEFG0123456789abcdefghijk"].join("_")}`],
    ["Slack token", ["xoxb", "123456789012-abcdefghijkl"].join("-")],
    [
      "JWT",
      `Bearer ${[base64url({ alg: "HS256" }), base64url({ sub: "octocat" }), "c2lnbmF0dXJl"].join(".")}`,
    ],
    ["JWT", `${[base64url({ alg: "none" }), base64url({ sub: "octocat" }), ""].join(".")}`],
  ];

  it.each(samples)("finds a %s", (kind, text) => {
    expect(findSecrets(text, "sample").map((finding) => finding.kind)).toEqual([kind]);
  });

  it("reports where a secret is without printing it", () => {
    const secret = ["ghp", "B".repeat(36)].join("_");
    const [finding] = findSecrets(`one\ntwo ${secret}\n`, "sample.txt");
    expect(finding && describeFinding(finding)).toBe("sample.txt:2: GitHub token (ghp_… 40 characters)");
  });

  it("lets through references to secrets kept elsewhere, and the allow-listed fakes", () => {
    const key = ["AWS", "SECRET", "ACCESS", "KEY"].join("_");
    expect(findSecrets(`${key}=$${key}\n${key.toLowerCase()}: \${{ secrets.KEY }}`, "sample")).toEqual([]);
    expect(findSecrets(`${key}: local`, "sample")).toEqual([]);
    expect(findSecrets(`${key}: local`, "sample", [])).toHaveLength(1);
  });
});

describe("the repository", () => {
  it("holds no secret in any file git would commit", () => {
    const { files, findings } = scanRepo();
    expect(files).toEqual(expect.arrayContaining(["package.json", ".env.example", "infra/secrets.test.ts"]));
    expect(findings.map(describeFinding)).toEqual([]);
  });

  it.each(allowList)("still needs the allow-list entry for $kind `$value`", (entry) => {
    const { findings } = scanRepo([]);
    expect(findings.some((finding) => finding.kind === entry.kind && finding.value === entry.value)).toBe(
      true,
    );
  });

  it("ignores .env files, and commits none", () => {
    for (const path of [".env", ".env.local", "packages/local/.env"]) {
      const ignored = spawnSync("git", ["check-ignore", "--quiet", path], { cwd: root });
      expect(ignored.status, `${path} is not ignored by git`).toBe(0);
    }
    const envFiles = committableFiles().filter((file) => /(^|\/)\.env(\.[^/]*)?$/.test(file));
    expect(envFiles).toEqual([".env.example"]);
  });

  it(".env.example holds only local-only placeholders for secrets", () => {
    const text = readFileSync(`${root}.env.example`, "utf8");
    // Commented-out assignments too: uncommenting one must not put a real secret in use.
    const assignments = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(
      ([, name = "", value = ""]) => ({
        name,
        value: value.trim(),
      }),
    );
    const secrets = assignments.filter(({ name }) =>
      /SECRET|TOKEN|PASSWORD|PRIVATE|CLIENT_ID|_KEY$/.test(name),
    );
    expect(secrets.map(({ name }) => name)).toEqual(
      expect.arrayContaining(["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "JWT_SECRET"]),
    );
    for (const { name, value } of secrets) expect(value, name).toMatch(/^local-/);
    expect(secrets.find(({ name }) => name === "JWT_SECRET")?.value).toMatch(/^local-only-/);
  });
});
