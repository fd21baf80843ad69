import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type RouteSpec, routes } from "../src/routes";

const srcDir = join(import.meta.dirname, "../src");

async function handlerFiles(): Promise<string[]> {
  const entries = await readdir(join(srcDir, "functions"), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(srcDir, join(e.parentPath, e.name)))
    .sort();
}

describe("the route table", () => {
  it("names every handler file under functions/, and only those", async () => {
    const inTable = routes.map((r: RouteSpec) => r.handler).sort();
    expect(inTable).toEqual(await handlerFiles());
  });

  it.each(routes.map((r) => [r.route, r] as const))(
    "%s has a module that exports a handler function",
    async (_, spec) => {
      const module = (await import(join(srcDir, spec.handler))) as { handler?: unknown };
      expect(typeof module.handler).toBe("function");
    },
  );

  it("lists each route key once", () => {
    const keys = routes.map((r) => r.route);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("uses API Gateway route keys: a method, a path, path parameters in braces", () => {
    for (const { route } of routes)
      expect(route).toMatch(/^\$default$|^(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9._{}+-]*)+$/);
  });
});
