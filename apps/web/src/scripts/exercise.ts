/** An exercise page's personal part: its status and the latest result of each check. */
import { formatTime } from "../lib/time";
import { currentProgress } from "./session";

const article = document.querySelector<HTMLElement>("[data-exercise-page]");
const status = document.getElementById("exercise-status") as HTMLElement;
const exerciseId = article?.dataset.exercisePage ?? "";
const version = Number(article?.dataset.version);

currentProgress().then(
  (progress) => {
    if (!progress) return;
    const item = progress.progress.find((p) => p.exerciseId === exerciseId);
    if (!item) {
      status.textContent = "Not attempted yet. Run the command below when you are ready.";
      return;
    }
    const tries = `${item.attempts} ${item.attempts === 1 ? "attempt" : "attempts"}`;
    status.textContent = item.completedAt
      ? `✓ Completed on ${formatTime(item.completedAt)} (${tries}).`
      : `Not passed yet: ${tries}, the last on ${formatTime(item.lastAttemptAt)}.`;
    if (item.exerciseVersion !== version)
      status.textContent += ` Your latest result is for version ${item.exerciseVersion}; the checks have changed since.`;

    const results = new Map(item.checks.map((c) => [c.id, c]));
    let hinted = false;
    for (const row of document.querySelectorAll<HTMLElement>("[data-check]")) {
      const result = results.get(row.dataset.check ?? "");
      const slot = row.querySelector("[data-check-result]") as HTMLElement;
      if (!result) {
        slot.textContent = "— not run";
        continue;
      }
      slot.textContent = result.passed ? "✓ passed" : "✗ failed";
      slot.className = `result ${result.passed ? "passed" : "failed"}`;
      if (!result.passed && !hinted) {
        (row.querySelector("[data-check-hint]") as HTMLElement).hidden = false;
        hinted = true;
      }
    }
  },
  () => {
    // The header already explains an unreachable API; the static page stays useful.
  },
);
