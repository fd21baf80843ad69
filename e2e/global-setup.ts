/**
 * Starts the local stack the way `pnpm dev` does (DynamoDB Local, GitHub emulator, API gateway)
 * on free ports with a throw-away data directory, and stops it with SIGINT afterwards. The site is
 * the static build served with the production security headers (`WEB_MODE=preview`), so the
 * tests run what CloudFront will serve, under the same CSP.
 * Tests find it through E2E_WEB_URL / E2E_API_URL / E2E_GITHUB_URL.
 */
import { startDev } from "../packages/local/test/support/dev-process";

export default async function globalSetup() {
  const dev = await startDev("all", { WEB_MODE: "preview" });
  try {
    await dev.ready;
  } catch (error) {
    await dev.interrupt();
    throw error;
  }
  process.env.E2E_WEB_URL = `http://localhost:${dev.ports.web}`;
  process.env.E2E_API_URL = `http://localhost:${dev.ports.api}`;
  process.env.E2E_GITHUB_URL = `http://localhost:${dev.ports.github}`;
  return async () => {
    const code = await dev.interrupt();
    if (code !== 0)
      throw new Error(`the dev stack exited with ${code} on Ctrl-C:\n${dev.output().slice(-2000)}`);
  };
}
