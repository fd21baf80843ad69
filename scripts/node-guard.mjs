// Fails loudly when a script would run on a Node older than the one this repo pins (24, via the
// `node` devDependency). pnpm puts node_modules/.bin first on PATH, so `node` here is that one
// unless the install did not fetch it.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `✗ Node ${process.versions.node} is too old: this repo needs Node 24 (>= 22).\n` +
      "  Run `pnpm install` so the pinned `node` devDependency is fetched, then run scripts through pnpm.",
  );
  process.exit(1);
}
