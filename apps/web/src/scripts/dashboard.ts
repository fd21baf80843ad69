/** Fills the dashboard from `GET /progress` and the catalog slice embedded in the page. */
import { type CatalogView, moduleTotals, nextStep, recentActivity } from "@akasha/core/progress";
import { formatTime } from "../lib/time";
import { currentProgress, explain } from "./session";

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const catalog = JSON.parse(byId("catalog-view").textContent ?? "{}") as CatalogView;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function link(href: string, text: string) {
  const a = element("a", text);
  a.href = href;
  return a;
}

currentProgress().then(
  (data) => {
    byId("dashboard-loading").hidden = true;
    if (!data) {
      byId("dashboard-signed-out").hidden = false;
      return;
    }
    const { progress, streak } = data;

    const next = nextStep(catalog, progress);
    const nextSlot = byId("next-step");
    if (next.kind === "all-done") nextSlot.textContent = "You have completed every exercise. Well done!";
    else {
      const moduleTitle = catalog.modules.find((m) => m.id === next.exercise.moduleId)?.title ?? "";
      nextSlot.append(
        next.kind === "start" ? "Nothing verified yet. Start with " : "Next up: ",
        link(`/labs/exercises/${next.exercise.id}`, next.exercise.title),
        ` in ${moduleTitle}.`,
      );
    }

    byId("streak-current").textContent = String(streak.current);
    byId("streak-unit").textContent = streak.current === 1 ? "day" : "days";
    byId("streak-longest").textContent = String(streak.longest);

    const totals = moduleTotals(catalog, progress);
    byId("completed-count").textContent = String(totals.reduce((sum, t) => sum + t.completed, 0));
    const rows = byId("module-rows");
    for (const { module, completed, total } of totals) {
      const row = element("tr");
      row.dataset.module = module.id;
      const name = element("td");
      name.append(link(`/labs/modules/${module.id}`, module.title));
      const bar = element("progress");
      bar.max = total;
      bar.value = completed;
      bar.setAttribute("aria-label", `${module.title}: ${completed} of ${total} completed`);
      const barCell = element("td");
      barCell.append(bar);
      row.append(name, element("td", `${completed} / ${total}`), barCell);
      rows.append(row);
    }

    const activity = recentActivity(catalog, progress);
    byId("activity-empty").hidden = activity.length > 0;
    const list = byId("activity");
    for (const entry of activity) {
      const item = element("li");
      item.dataset.activity = entry.exerciseId;
      const state = entry.completed ? "✓ completed" : entry.passedLast ? "passed" : "not passed yet";
      item.append(
        link(`/labs/exercises/${entry.exerciseId}`, entry.title),
        element("span", state, `status ${entry.completed ? "done" : "tried"}`),
        element(
          "span",
          `${entry.attempts} ${entry.attempts === 1 ? "attempt" : "attempts"}, last ${formatTime(entry.at)}`,
          "muted",
        ),
      );
      list.append(item);
    }
    byId("dashboard").hidden = false;
  },
  (error) => {
    byId("dashboard-loading").textContent = "Your progress could not be loaded.";
    explain(error);
  },
);
