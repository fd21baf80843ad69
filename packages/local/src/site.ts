/**
 * The labs site's Astro, run from Node: where its CLI is, and `astro build` with the API URL the
 * browser code will call. The local stack (`WEB_MODE=preview`), the site's build test and
 * `pnpm bench:web` all build through here.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { repoRoot } from "./config";

export const webDir = resolve(repoRoot, "apps/web");

/** `astro`'s CLI entry, as the site's own dependency resolves it. */
export const astroBin = resolve(
  dirname(createRequire(resolve(webDir, "package.json")).resolve("astro/package.json")),
  "bin/astro.mjs",
);

/** The environment Astro runs in: the API URL baked into the browser code, no telemetry. */
export const siteEnv = (apiUrl: string): NodeJS.ProcessEnv => ({
  ...process.env,
  PUBLIC_LABS_API_URL: apiUrl,
  ASTRO_TELEMETRY_DISABLED: "1",
});

/** `astro build` into `outDir` (default `apps/web/dist`); the tail of its output if it fails. */
export async function buildSite(apiUrl: string, outDir?: string): Promise<void> {
  const args = [astroBin, "build", ...(outDir ? ["--outDir", outDir] : [])];
  const child = spawn(process.execPath, args, {
    cwd: webDir,
    env: siteEnv(apiUrl),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("close", done);
  });
  if (code !== 0) throw new Error(`astro build failed (exit ${code}):\n${output.slice(-3000)}`);
}
