import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type DevProcess, startDev } from "./support/dev-process";

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

describe("the dev command (what `pnpm dev:api` runs)", () => {
  let dev: DevProcess | undefined;
  afterEach(async () => {
    await dev?.interrupt();
    dev = undefined;
  });

  it("starts DynamoDB Local, the emulators and every route, and Ctrl-C stops all of it", async () => {
    dev = await startDev("api");
    await dev.ready;
    const api = `http://127.0.0.1:${dev.ports.api}`;

    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", checks: { dynamodb: "ok" } });

    const exercises = (await (await fetch(`${api}/exercises`)).json()) as {
      exercises: { id: string; completions: number }[];
    };
    expect(exercises.exercises.find((e) => e.id === "linux-01")?.completions).toBe(1); // the seeded demo data

    const github = await fetch(`http://127.0.0.1:${dev.ports.github}/__emulator/health`);
    expect(github.status).toBe(200);

    for (const prefix of ["[db]", "[api]", "[github]", "[dev]"]) {
      await expect.poll(() => dev?.output(), { timeout: 5_000 }).toContain(prefix);
    }
    // Handlers' structured logs are prefixed too, so every line says where it came from.
    await expect.poll(() => dev?.output(), { timeout: 5_000 }).toMatch(/^\[api\] \{"level":"INFO"/m);
    expect(
      dev
        .output()
        .split("\n")
        .filter((l) => l && !/^\[(db|api|github|dev)\] /.test(l)),
    ).toEqual([]);

    expect(await dev.interrupt()).toBe(0);
    for (const port of Object.values(dev.ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);
  }, 60_000);

  it("refuses a taken port with one line saying what to do", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      dev = await startDev("api", { API_PORT: String(port) });
      expect(await dev.exited).toBe(1);
      expect(dev.output().trim()).toBe(
        `✗ API gateway: port ${port} is already in use — stop whatever holds it or set API_PORT`,
      );
    } finally {
      blocker.close();
    }
  }, 30_000);

  it("`pnpm dev` serves the site with Astro dev, calling this API under the dev CSP, and Ctrl-C stops it", async () => {
    dev = await startDev("all");
    await dev.ready;
    const web = `http://localhost:${dev.ports.web}`;

    const page = await fetch(`${web}/labs/exercises/linux-01`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("infra-learn verify linux-01");
    const csp = page.headers.get("content-security-policy") ?? "";
    // The API this stack runs is the one origin besides the site that pages may call; hot reload
    // needs its WebSocket and Vite's injected styles, and nothing more is relaxed.
    expect(csp).toContain(`connect-src 'self' http://localhost:${dev.ports.api} ws: wss:`);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    await expect.poll(() => dev?.output(), { timeout: 5_000 }).toContain("[web]");

    expect(await dev.interrupt()).toBe(0);
    for (const port of Object.values(dev.ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);
  }, 90_000);
});
