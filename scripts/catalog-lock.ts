/** `pnpm catalog:lock`: records each exercise's version and checks fingerprint (see catalog/versions.ts). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { catalog } from "../packages/core/src/catalog";
import { refreshLock, type VersionLock } from "../packages/core/src/catalog/versions";

const file = resolve(import.meta.dirname, "../packages/core/src/catalog/versions.lock.json");
const current = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as VersionLock) : {};
const { lock, refused } = refreshLock(catalog, current);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
if (refused.length > 0) {
  console.error(`✗ not updated:\n${refused.map((r) => `  ${r}`).join("\n")}`);
  process.exit(1);
}
console.log(`✓ ${Object.keys(lock).length} exercises locked in ${file}`);
