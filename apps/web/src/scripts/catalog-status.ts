/**
 * Catalog pages (/labs, /labs/modules/<id>): once signed in, each exercise shows "Done" or
 * "Tried N times" and each module a progress bar. Signed out, the static page is the whole page.
 */
import { completedIds } from "@akasha/core/progress";
import { currentProgress, explain } from "./session";

currentProgress().then((progress) => {
  if (!progress) return;
  const done = completedIds(progress.progress);
  const byId = new Map(progress.progress.map((p) => [p.exerciseId, p]));
  for (const slot of document.querySelectorAll<HTMLElement>("[data-exercise-status]")) {
    const item = byId.get(slot.dataset.exerciseStatus ?? "");
    if (!item) slot.textContent = "";
    else if (item.completedAt) {
      slot.textContent = "✓ Done";
      slot.className = "status done";
    } else {
      slot.textContent = `Tried ${item.attempts} ${item.attempts === 1 ? "time" : "times"}`;
      slot.className = "status tried";
    }
  }
  for (const row of document.querySelectorAll<HTMLElement>("[data-module-progress]")) {
    const ids = (row.dataset.exercises ?? "").split(" ").filter(Boolean);
    const count = ids.filter((id) => done.has(id)).length;
    const bar = row.querySelector("progress") as HTMLProgressElement;
    bar.value = count;
    (row.querySelector(".progress-text") as HTMLElement).textContent = `${count} of ${ids.length} done`;
    row.hidden = false;
  }
}, explain);
