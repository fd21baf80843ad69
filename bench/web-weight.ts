/**
 * The JavaScript every page of the site loads, raw and gzipped, from a fresh static build, and
 * whether each exercise page stays within its budget (20 KB gzipped). Prints figures; exits 1 when
 * an exercise page is over budget, so the number is hard to miss.
 *
 *   pnpm bench:web
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "@akasha/local/site";
import { exerciseJsBudget, type PageWeight, pageWeights } from "../apps/web/page-weight";

const apiUrl = process.env.PUBLIC_LABS_API_URL ?? "https://api.example.test";

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), "akasha-web-weight-"));
  try {
    const started = performance.now();
    await buildSite(apiUrl, outDir);
    const buildMs = performance.now() - started;
    report(pageWeights(outDir), buildMs);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const isExercise = (w: PageWeight) => w.page.startsWith("/labs/exercises/");
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function report(weights: PageWeight[], buildMs: number): void {
  const table = [
    ["page", "files", "raw KB", "gzip KB"],
    ...weights.map((w) => [w.page, String(w.scripts.length), kb(w.rawBytes), kb(w.gzipBytes)]),
  ];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");

  console.log(
    `\nJS per page, static build (${(buildMs / 1000).toFixed(1)} s), Node ${process.versions.node}`,
  );
  console.log("every file a page loads, following imports, counted once; gzip level 9 per file\n");
  console.log(line(table[0] ?? []));
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const row of table.slice(1)) console.log(line(row));

  const exercises = weights.filter(isExercise);
  const over = exercises.filter((w) => w.gzipBytes > exerciseJsBudget);
  const heaviest = Math.max(0, ...exercises.map((w) => w.gzipBytes));
  if (exercises.length === 0) {
    console.error("\nno /labs/exercises/<id>/ page was built: nothing to hold to the budget");
    process.exitCode = 1;
  } else if (over.length > 0) {
    console.error(
      `\nover budget: ${over.map((w) => `${w.page} ${kb(w.gzipBytes)} KB`).join(", ")} (budget ${kb(exerciseJsBudget)} KB gzipped)`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `\nexercise pages: within budget, heaviest ${kb(heaviest)} KB of ${kb(exerciseJsBudget)} KB gzipped (${exercises.length} pages)\n`,
    );
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
