import { beforeAll, describe, expect, it, vi } from "vitest";

// api.ts reads PUBLIC_LABS_API_URL once, when it loads; without it the site calls the local API.
let api: typeof import("../src/lib/api");
beforeAll(async () => {
  vi.stubEnv("PUBLIC_LABS_API_URL", undefined);
  api = await import("../src/lib/api");
  return () => vi.unstubAllEnvs();
});

describe("safePath", () => {
  it.each([
    ["a protocol-relative URL", "//evil.example"],
    ["a protocol-relative URL with a path", "//evil.example/labs"],
    ["an absolute URL", "https://evil.example"],
    ["backslashes, which browsers read as slashes", "\\\\evil"],
    ["a slash then a backslash", "/\\evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "labs/settings"],
    ["an empty string", ""],
    ["null", null],
    ["undefined", undefined],
  ])("sends %s to the dashboard", (_, value) => {
    expect(api.safePath(value)).toBe("/labs/dashboard");
  });

  it.each(["/labs/exercises/linux-01?x=1#y", "/labs", "/"])("keeps the same-site path %s", (path) => {
    expect(api.safePath(path)).toBe(path);
  });
});

describe("signInUrl", () => {
  it("sends the browser to the API's GitHub sign-in, coming back to the page it was on", () => {
    expect(api.signInUrl("/labs/exercises/linux-01?x=1#y")).toBe(
      "http://localhost:3000/auth/github?returnTo=%2Flabs%2Fexercises%2Flinux-01%3Fx%3D1%23y",
    );
  });

  it("comes back to the dashboard when asked to return to another site", () => {
    expect(api.signInUrl("//evil.example")).toBe(
      "http://localhost:3000/auth/github?returnTo=%2Flabs%2Fdashboard",
    );
  });
});
