/**
 * The site as it ships: one real `astro build` into a temporary directory, then the HTML and JS it
 * produced. What the browser does with them is e2e's job; this is what must hold before any
 * browser sees a page.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "@akasha/core/catalog";
import { buildSite } from "@akasha/local/site";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exerciseJsBudget, type PageWeight, pageWeights } from "../page-weight";

const apiUrl = "https://api.example.test";
let dist = "";
let weights: PageWeight[] = [];

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "akasha-web-build-"));
  await buildSite(apiUrl, dist);
  weights = pageWeights(dist);
}, 120_000);

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** The built HTML of a site path: `/labs/exercises/linux-01/` → its `index.html`. */
const html = (path: string) =>
  readFileSync(join(dist, path.endsWith("/") ? `${path}index.html` : path), "utf8");

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** What a reader sees: tags dropped (block ones leave a space), entities decoded, whitespace collapsed. */
const textOf = (markup: string) =>
  squash(decode(markup.replace(/<\/?(?:a|code|em|strong|span)\b[^>]*>/g, "").replace(/<[^>]*>/g, " ")));
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * A markdown line as it reads once rendered: no heading or list markers, code spans as their
 * text, and emphasis marks dropped only outside code (`*-*-*` in code stays as it is).
 */
const plain = (line: string) =>
  squash(
    line
      .replace(/^\s*(?:#{1,6}|\d+\.|[-*+]|>)\s+/, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .split(/(`[^`]+`)/)
      .map((part) =>
        part.startsWith("`") && part.endsWith("`")
          ? part.slice(1, -1)
          : part.replace(/\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])/g, ""),
      )
      .join(""),
  );

/** Non-empty lines, with a line that leaves a code span open joined to the next (as markdown reads it). */
function logicalLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const line of markdown.split("\n")) {
    const last = lines.at(-1);
    if (last !== undefined && (last.match(/`/g)?.length ?? 0) % 2 === 1)
      lines[lines.length - 1] = `${last} ${line.trim()}`;
    else if (line.trim() !== "") lines.push(line);
  }
  return lines;
}

/** Markdown without its fenced code blocks, and the blocks' contents. */
function splitFences(markdown: string): { prose: string; blocks: string[] } {
  const blocks: string[] = [];
  const prose = markdown.replace(/^[ \t]*```[^\n]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm, (_, code: string) => {
    blocks.push(code);
    return "";
  });
  return { prose, blocks };
}

/** The contents of the element with this id (elements of its tag must not nest inside it). */
const contentOf = (page: string, id: string) => {
  const match = page.match(new RegExp(`<(\\w+)\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`));
  if (!match) throw new Error(`no element with id="${id}"`);
  return match[2] ?? "";
};

/**
 * Asserts markdown reached the page rendered: its text, its headings as `<hN>` elements (at its
 * level or deeper, as the page may nest them under its own headings), its code as `<code>`.
 */
function expectRendered(page: string, markdown: string, label: string) {
  const text = textOf(page);
  const headings = [...page.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map(([, level, inner]) => ({
    level: Number(level),
    text: textOf(inner ?? ""),
  }));
  const { prose, blocks } = splitFences(markdown);
  for (const block of blocks) {
    const lines = block
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    for (const line of lines) expect(decode(page), `${label}: code block line "${line}"`).toContain(line);
    expect(page, `${label}: a fenced block becomes <pre><code>`).toMatch(/<pre\b[^>]*><code\b/);
  }
  for (const line of logicalLines(prose)) {
    expect(text, `${label}: "${line}"`).toContain(plain(line));
    const level = line.match(/^(#{1,6})\s/)?.[1]?.length;
    if (level) {
      const rendered = headings.filter((h) => h.text === plain(line));
      expect(rendered, `${label}: "${line}" as a heading`).toEqual([
        { level: expect.toSatisfy((n: number) => n >= level), text: plain(line) },
      ]);
      expect(page, `${label}: raw markdown heading`).not.toContain(line);
    }
  }
  for (const [, code] of prose.matchAll(/`([^`]+)`/g)) {
    expect(squash(decode(page)), `${label}: \`${code}\``).toContain(`<code>${squash(code ?? "")}</code>`);
  }
}

describe("the static build", () => {
  it.each(catalog.modules.map((m) => ({ id: m.id, module: m })))(
    "gives module $id a page that lists its exercises",
    ({ module }) => {
      const page = html(`/labs/modules/${module.id}/`);
      expect(textOf(page)).toContain(module.title);
      for (const e of catalog.exercises.filter((e) => e.moduleId === module.id)) {
        expect(page).toContain(`href="/labs/exercises/${e.id}"`);
      }
    },
  );

  it("has the pages that are not in the catalog, including a 404 page for unknown addresses", () => {
    for (const path of [
      "/index.html",
      "/404.html",
      "/labs/",
      "/labs/login/",
      "/labs/dashboard/",
      "/labs/settings/",
      "/labs/device/",
      "/labs/setup/",
    ]) {
      expect(existsSync(join(dist, path.endsWith("/") ? `${path}index.html` : path)), path).toBe(true);
    }
    expect(textOf(html("/404.html"))).toMatch(/not found/i);
  });
});

describe.each(catalog.exercises.map((e) => ({ id: e.id, exercise: e })))(
  "the page of exercise $id",
  ({ exercise }) => {
    const page = () => html(`/labs/exercises/${exercise.id}/`);

    it("carries its title in the heading and the document title", () => {
      expect(textOf(page().match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? "")).toBe(exercise.title);
      expect(textOf(page().match(/<title>([\s\S]*?)<\/title>/)?.[1] ?? "")).toContain(exercise.title);
    });

    it("shows its instructions rendered from markdown, not as raw markdown", () => {
      expect(exercise.instructions).toMatch(/^#{1,6} /m); // the catalog has headings to render
      expectRendered(page(), exercise.instructions, "instructions");
      expect(page()).not.toMatch(/^\s*#{1,6} /m);
    });

    it("lists the title of every check the CLI will run", () => {
      const text = textOf(page());
      for (const check of exercise.checks) expect(text, check.id).toContain(check.title);
    });

    it("has every hint, rendered", () => {
      for (const [i, hint] of exercise.hints.entries()) expectRendered(page(), hint, `hint ${i + 1}`);
    });

    it(`shows \`infra-learn verify ${exercise.id}\` as a command block`, () => {
      const command = new RegExp(
        `<pre\\b[^>]*>\\s*<code\\b[^>]*>infra-learn verify ${exercise.id}</code>\\s*</pre>`,
      );
      expect(page()).toMatch(command);
    });
  },
);

describe("JavaScript weight", () => {
  it(`keeps every exercise page under ${exerciseJsBudget / 1024} KB of JS, gzipped`, () => {
    const exercisePages = weights.filter((w) => w.page.startsWith("/labs/exercises/"));
    console.log(
      [
        `JS per exercise page (budget ${(exerciseJsBudget / 1024).toFixed(1)} KB gzipped):`,
        ...exercisePages.map(
          (w) =>
            `  ${w.page.padEnd(32)} ${String(w.scripts.length).padStart(2)} files  ${(w.rawBytes / 1024).toFixed(1).padStart(6)} KB raw  ${(w.gzipBytes / 1024).toFixed(1).padStart(6)} KB gzip`,
        ),
      ].join("\n"),
    );

    expect(exercisePages.map((w) => w.page).sort()).toEqual(
      catalog.exercises.map((e) => `/labs/exercises/${e.id}/`).sort(),
    );
    for (const w of exercisePages) {
      expect(w.gzipBytes, w.page).toBeGreaterThan(0);
      expect(w.gzipBytes, w.page).toBeLessThan(exerciseJsBudget);
    }
  });

  it("counts the chunks a page's scripts import, not only the scripts in its HTML", () => {
    const first = catalog.exercises[0]?.id ?? "";
    const weight = weights.find((w) => w.page === `/labs/exercises/${first}/`);
    const tags = [...html(`/labs/exercises/${first}/`).matchAll(/<script\b[^>]*\bsrc=/g)].length;

    expect(weight?.scripts.length).toBeGreaterThan(tags);
    for (const script of weight?.scripts ?? []) expect(existsSync(join(dist, script)), script).toBe(true);
    expect(new Set(weight?.scripts).size).toBe(weight?.scripts.length);
  });
});

describe("the Content-Security-Policy without 'unsafe-inline'", () => {
  it("holds on every page: no inline script, no <style>, no style= or on*= attributes", () => {
    const pages = weights.map((w) => w.page);
    expect(pages.length).toBeGreaterThan(catalog.exercises.length);
    for (const path of pages) {
      const page = html(path);
      for (const [tag, attributes = ""] of page.matchAll(/<script\b([^>]*)>/gi)) {
        const dataOnly = /\btype\s*=\s*["']?application\/json\b/i.test(attributes);
        expect(/\bsrc\s*=/i.test(attributes) || dataOnly, `${path}: ${tag}`).toBe(true);
      }
      expect(page, path).not.toMatch(/<style[\s>]/i);
      for (const [tag] of page.matchAll(/<[a-z][^>]*>/gi)) {
        expect(tag, path).not.toMatch(/\sstyle\s*=/i);
        expect(tag, path).not.toMatch(/\son[a-z]+\s*=/i);
      }
    }
  });
});

describe("the API URL", () => {
  const scripts = () => readdirSync(join(dist, "_astro")).filter((f) => f.endsWith(".js"));
  const source = (file: string) => readFileSync(join(dist, "_astro", file), "utf8");

  it("is the one configured at build time, compiled into the JS", () => {
    expect(scripts().filter((f) => source(f).includes(apiUrl)).length).toBeGreaterThan(0);
  });

  it("is never the local default", () => {
    for (const file of scripts()) expect(source(file), file).not.toContain("http://localhost:3000");
  });
});

describe("the personal pages, as built", () => {
  it("embed the dashboard's catalog: every exercise with its prerequisites, and no progress", () => {
    const page = html("/labs/dashboard/");
    const view = JSON.parse(contentOf(page, "catalog-view")) as Record<string, unknown>;

    expect(Object.keys(view).sort()).toEqual(["exercises", "modules"]);
    expect(view.exercises).toEqual(
      catalog.exercises.map((e) =>
        expect.objectContaining({ id: e.id, moduleId: e.moduleId, prerequisites: e.prerequisites }),
      ),
    );
    expect(view.modules).toEqual(catalog.modules.map((m) => expect.objectContaining({ id: m.id })));
  });

  it.each([
    { path: "/labs/dashboard/", ids: ["next-step", "module-rows", "activity"] },
    { path: "/labs/settings/", ids: ["profile-login", "profile-name", "profile-email", "sessions"] },
    { path: "/labs/device/", ids: ["device-result"] },
  ])("leave $path's personal parts empty for the browser to fill: $ids", ({ path, ids }) => {
    const page = html(path);
    for (const id of [...ids, "account-login"]) expect(contentOf(page, id), `#${id}`).toBe("");
    expect(page).toMatch(/<img\b[^>]*\bid="avatar"/);
    expect(page).not.toMatch(/<img\b[^>]*\bid="avatar"[^>]*\ssrc=/);
    expect(page).not.toMatch(/"(?:completedAt|lastAttemptAt|attempts|login|email)"\s*:/);
  });

  it("leave the device code field empty: the code comes from the learner's terminal", () => {
    expect(html("/labs/device/")).not.toMatch(/<input\b[^>]*\bid="user-code"[^>]*\svalue=/);
  });
});
