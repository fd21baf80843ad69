/**
 * The learner's story in real Chromium against the whole local stack: sign in as octocat, an
 * empty dashboard, a verification posted the way the CLI posts it showing up on the exercise page,
 * the catalog and the dashboard, a streak of 1, revoking another session, signing out.
 */
import { api, expect, postVerification, screenshot, sessionToken, signIn, test, web } from "./support";

test("octocat signs in, verifies from the CLI, sees it everywhere, revokes a session and signs out", async ({
  page,
  browser,
}) => {
  await test.step("sign in through GitHub and land on an empty dashboard", async () => {
    await signIn(page, "octocat");
    await expect(page).toHaveURL(web("/labs/dashboard"));
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    await expect(page.locator("#streak-current")).toHaveText("0");
    await expect(page.locator("#completed-count")).toHaveText("0");
    await expect(page.locator("#next-step")).toHaveText(
      "Nothing verified yet. Start with Files and directories in Linux fundamentals.",
    );
    await expect(page.locator("#activity-empty")).toBeVisible();
    await expect(page.locator('tr[data-module="linux"]')).toContainText("0 / 3");
    await screenshot(page, "dashboard-empty");
  });

  const token = await sessionToken(page.context());

  await test.step("verifications posted with the session token as Bearer are recorded", async () => {
    const passed = await postVerification(token, "linux-01", [
      { id: "notes-dir", passed: true },
      { id: "todo-content", passed: true, output: "learn linux" },
    ]);
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ passed: true, firstCompletion: true });
    const failed = await postVerification(token, "linux-02", [
      { id: "script-runs", passed: true },
      { id: "secret-private", passed: false, output: "644" },
    ]);
    expect(failed.body).toMatchObject({ passed: false, completedAt: null });
  });

  await test.step("the exercise pages show each check's latest result", async () => {
    await page.goto(web("/labs/exercises/linux-01"));
    await expect(page.locator("#exercise-status")).toContainText("✓ Completed on");
    await expect(page.locator('[data-check="notes-dir"] [data-check-result]')).toHaveText("✓ passed");
    await expect(page.locator('[data-check="todo-content"] [data-check-result]')).toHaveText("✓ passed");
    await screenshot(page, "exercise-completed");

    await page.goto(web("/labs/exercises/linux-02"));
    await expect(page.locator("#exercise-status")).toContainText("Not passed yet: 1 attempt");
    await expect(page.locator('[data-check="script-runs"] [data-check-result]')).toHaveText("✓ passed");
    await expect(page.locator('[data-check="secret-private"] [data-check-result]')).toHaveText("✗ failed");
    await expect(page.locator('[data-check="secret-private"] [data-check-hint]')).toBeVisible();
    await expect(page.locator('[data-check="script-runs"] [data-check-hint]')).toBeHidden();
    await expect(page.locator('[data-exercise-status="linux-01"]')).toHaveText("✓ Done");
    await screenshot(page, "exercise-failed-check");
  });

  await test.step("the catalog shows status and module progress", async () => {
    await page.goto(web("/labs"));
    await expect(page.locator('[data-exercise-status="linux-01"]')).toHaveText("✓ Done");
    await expect(page.locator('[data-exercise-status="linux-02"]')).toHaveText("Tried 1 time");
    await expect(page.locator('[data-exercise-status="linux-03"]')).toHaveText("");
    await expect(page.locator('[data-module-progress="linux"]')).toContainText("1 of 3 done");
    await screenshot(page, "labs-signed-in");
    await page.goto(web("/labs/modules/linux"));
    await expect(page.locator('[data-module-progress="linux"]')).toContainText("1 of 3 done");
    await screenshot(page, "module");
  });

  await test.step("the dashboard shows completion, the streak, where to continue and recent activity", async () => {
    await page.goto(web("/labs/dashboard"));
    await expect(page.locator("#streak-current")).toHaveText("1");
    await expect(page.locator("#streak-unit")).toHaveText("day");
    await expect(page.locator("#completed-count")).toHaveText("1");
    await expect(page.locator('tr[data-module="linux"]')).toContainText("1 / 3");
    await expect(page.locator("#next-step")).toHaveText("Next up: Permissions in Linux fundamentals.");
    await expect(page.locator("[data-activity]")).toHaveCount(2);
    await expect(page.locator("[data-activity]").first()).toContainText("Permissions");
    await expect(page.locator('[data-activity="linux-01"]')).toContainText("✓ completed");
    await screenshot(page, "dashboard-progress");
  });

  await test.step("revoking another session in settings signs that session out", async () => {
    // octocat may hold sessions from other tests' sign-ins: count relative to what is there.
    await page.goto(web("/labs/settings"));
    const rows = page.locator("tr[data-session]");
    await expect(page.locator('tr[data-current="true"]')).toContainText("(this browser)");
    const before = await rows.count();

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, "octocat");
    const otherToken = await sessionToken(other);
    const whoami = await fetch(api("/auth/verify"), {
      method: "POST",
      headers: { authorization: `Bearer ${otherToken}` },
    });
    const otherSession = ((await whoami.json()) as { session: { id: string } }).session.id;

    await page.reload();
    await expect(page.locator("#profile-email")).toHaveText("octocat@github.com");
    await expect(rows).toHaveCount(before + 1);
    await screenshot(page, "settings");
    await page
      .locator(`tr[data-session="${otherSession}"]`)
      .getByRole("button", { name: /^Revoke/ })
      .click();
    await expect(page.locator("#sessions-status")).toContainText("Revoked");
    await expect(rows).toHaveCount(before);
    await expect(page.locator(`tr[data-session="${otherSession}"]`)).toHaveCount(0);

    const refused = await postVerification(otherToken, "linux-01", [
      { id: "notes-dir", passed: true },
      { id: "todo-content", passed: true },
    ]);
    expect(refused.status).toBe(401);
    await otherPage.reload();
    await expect(otherPage.getByRole("alert")).toContainText("Your session has ended");
    await expect(otherPage.getByRole("link", { name: "Sign in again" })).toBeVisible();
    await expect(otherPage.locator("#dashboard-signed-out")).toBeVisible();
    await expect(otherPage.locator("#sign-in")).toBeVisible();
    await screenshot(otherPage, "session-ended");
    await other.close();
  });

  await test.step("signing out ends the session on the server", async () => {
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(web("/labs"));
    await expect(page.locator("#sign-in")).toBeVisible();
    await expect(page.locator("#account")).toBeHidden();
    const me = await fetch(api("/users/me"), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });
});
