import { clock } from "@akasha/api/lib/clock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/api";
import { type CookieJar, sameSite, signIn } from "./support/browser";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi("sessions");
});
afterAll(() => api.close());
afterEach(() => clock.reset());

interface Listed {
  id: string;
  kind: string;
  label: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

async function list(jar: CookieJar): Promise<{ status: number; sessions: Listed[] }> {
  const url = `${api.url}/sessions`;
  const response = await fetch(url, { headers: { cookie: jar.header(url) ?? "" } });
  const body = (await response.json()) as { sessions?: Listed[] };
  return { status: response.status, sessions: body.sessions ?? [] };
}

const revoke = (jar: CookieJar, id: string) => {
  const url = `${api.url}/sessions/${id}`;
  return fetch(url, { method: "DELETE", headers: sameSite(jar, url) });
};

const me = (token: string) => fetch(`${api.url}/users/me`, { headers: { authorization: `Bearer ${token}` } });

describe("GET /sessions", () => {
  it("lists the learner's own sessions, newest first, marking the current one", async () => {
    const laptop = await signIn(api, "octocat");
    clock.advance(1000);
    const phone = await signIn(api, "octocat");
    await signIn(api, "hubot");
    const { status, sessions } = await list(phone.jar);
    expect(status).toBe(200);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions[0]).toMatchObject({ kind: "web", current: true });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
    const fromLaptop = await list(laptop.jar);
    expect(fromLaptop.sessions.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
    for (const s of sessions) expect(s.id).toMatch(/^[a-f0-9]{64}$/);
  });

  it("is cookie-only: a Bearer token is not enough", async () => {
    const { token } = await signIn(api, "octocat");
    const response = await fetch(`${api.url}/sessions`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it("leaves out sessions that expired but were not deleted yet", async () => {
    const old = await signIn(api, "unverified");
    clock.advance(29 * 86_400_000);
    const fresh = await signIn(api, "unverified");
    clock.advance(2 * 86_400_000); // the first is past its 30 days; TTL has not removed it
    const { sessions } = await list(fresh.jar);
    expect(sessions.map((s) => s.current)).toEqual([true]);
    expect((await me(old.token)).status).toBe(401);
  });
});

describe("DELETE /sessions/{id}", () => {
  it("revokes another of the learner's sessions, which is signed out at once", async () => {
    const laptop = await signIn(api, "octocat");
    const phone = await signIn(api, "octocat");
    const phoneId = (await list(phone.jar)).sessions.find((s) => s.current)?.id ?? "";
    const response = await revoke(laptop.jar, phoneId);
    expect(response.status).toBe(204);
    expect((await me(phone.token)).status).toBe(401);
    expect((await me(laptop.token)).status).toBe(200);
    expect((await list(laptop.jar)).sessions.map((s) => s.id)).not.toContain(phoneId);
  });

  it("can revoke the current session too", async () => {
    const { jar, token } = await signIn(api, "hubot");
    const id = (await list(jar)).sessions.find((s) => s.current)?.id ?? "";
    expect((await revoke(jar, id)).status).toBe(204);
    expect((await me(token)).status).toBe(401);
  });

  it("cannot touch another learner's session: 404, and it keeps working", async () => {
    const mine = await signIn(api, "octocat");
    const theirs = await signIn(api, "hubot");
    const theirId = (await list(theirs.jar)).sessions.find((s) => s.current)?.id ?? "";
    const response = await revoke(mine.jar, theirId);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
    expect((await me(theirs.token)).status).toBe(200);
  });

  it.each([
    ["an id that is not a session id", "not-an-id", 404, "not_found"],
    ["an unknown session id", "a".repeat(64), 404, "not_found"],
  ])("refuses %s", async (_name, id, status, code) => {
    const { jar } = await signIn(api, "octocat");
    const response = await revoke(jar, id);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
  });

  it("needs a live session itself", async () => {
    const a = await signIn(api, "octocat");
    const b = await signIn(api, "octocat");
    const bId = (await list(b.jar)).sessions.find((s) => s.current)?.id ?? "";
    await fetch(`${api.url}/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.token}` },
    });
    const response = await revoke(a.jar, bId);
    expect(response.status).toBe(401);
    expect((await me(b.token)).status).toBe(200);
  });
});

describe("lastSeenAt", () => {
  it("moves when the session is used after a few minutes, not on every request", async () => {
    const { jar, token } = await signIn(api, "octocat");
    const seen = async () => (await list(jar)).sessions.find((s) => s.current)?.lastSeenAt;
    const first = await seen();
    await me(token);
    expect(await seen()).toBe(first);
    clock.advance(10 * 60_000);
    await me(token);
    expect(Date.parse((await seen()) ?? "")).toBeGreaterThan(Date.parse(first ?? ""));
  });
});
