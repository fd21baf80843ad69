/**
 * The JavaScript each built page makes the browser download, in bytes raw and gzipped. The JS of an
 * exercise page (`/labs/exercises/<id>/`, what learners open most, often on a phone) must stay under
 * 20 KB gzipped, with the figure printed per page: `test/build.test.ts` asserts and prints it,
 * `pnpm bench:web` (bench/web-weight.ts) prints it for every page.
 *
 * It reads `astro build` output: `<script src>` in each page, then the static and dynamic imports of
 * each script, transitively, each file counted once per page. gzip level 9 per file, as a CDN sends
 * them. Node only; not part of the site.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

/** The most JS, gzipped, an exercise page may load: 20 KB. */
export const exerciseJsBudget = 20 * 1024;

export interface PageWeight {
  /** The page's URL path: `/labs/exercises/linux-01/`, `/404.html`. */
  page: string;
  /** Every JS file the page loads, as site paths (`/_astro/session.B5AQczN5.js`). */
  scripts: string[];
  rawBytes: number;
  gzipBytes: number;
}

const scriptSrc = /<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi;
// `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"` and `import("./x.js")`.
const jsImport = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?\(?\s*["']([^"']+\.m?js)["']/g;

export function pageWeights(distDir: string): PageWeight[] {
  const root = resolve(distDir);
  const sizes = new Map<string, { raw: number; gzip: number; imports: string[] }>();

  const measure = (file: string) => {
    let known = sizes.get(file);
    if (!known) {
      const bytes = readFileSync(file);
      const imports = [...bytes.toString("utf8").matchAll(jsImport)].flatMap(([, spec]) =>
        local(root, dirname(file), spec ?? ""),
      );
      known = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, imports };
      sizes.set(file, known);
    }
    return known;
  };

  const weights = htmlFiles(root).map((html): PageWeight => {
    const entries = [...readFileSync(html, "utf8").matchAll(scriptSrc)].flatMap(([, src]) =>
      local(root, dirname(html), src ?? ""),
    );
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const next of measure(file).imports) visit(next);
    };
    for (const entry of entries) visit(entry);
    const files = [...loaded];
    return {
      page: urlPath(relative(root, html)),
      scripts: files.map((f) => `/${relative(root, f).split(sep).join("/")}`),
      rawBytes: files.reduce((sum, f) => sum + measure(f).raw, 0),
      gzipBytes: files.reduce((sum, f) => sum + measure(f).gzip, 0),
    };
  });
  return weights.sort((a, b) => a.page.localeCompare(b.page));
}

/** The file a same-site reference points at; none for another origin (the CSP refuses those). */
function local(root: string, from: string, ref: string): string[] {
  if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(ref)) return [];
  const path = ref.split(/[?#]/)[0] ?? "";
  return [path.startsWith("/") ? join(root, path) : resolve(from, path)];
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `labs/exercises/linux-01/index.html` → `/labs/exercises/linux-01/`. */
const urlPath = (file: string) => `/${file.split(sep).join("/")}`.replace(/(^|\/)index\.html$/, "$1");
