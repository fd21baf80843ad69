/**
 * Progress rules shared by the API, the web and the CLI: days are UTC, streaks count days with a
 * verification, and where to continue follows the catalog's order and prerequisites.
 */
import type { ProgressItem, Streak } from "./api";

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Current streak: consecutive UTC days with a verification, ending today (or yesterday, so a
 * streak is not lost before today's work). Longest: the longest such run ever.
 */
export function streak(days: readonly string[], now: Date): Streak {
  const sorted = [...new Set(days)].sort();
  let longest = 0;
  let run = 0;
  let previous: number | undefined;
  for (const day of sorted) {
    const n = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
    run = previous !== undefined && n === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = n;
  }
  const today = Math.floor(now.getTime() / 86_400_000);
  const current = previous !== undefined && today - previous <= 1 ? run : 0;
  return { current, longest };
}

// --- Where the learner stands: pure functions over the catalog and their progress -------------

/** The slice of the catalog the browser needs, embedded in the page at build time. */
export interface CatalogView {
  modules: { id: string; title: string }[];
  exercises: { id: string; moduleId: string; title: string; prerequisites: string[] }[];
}

type ExerciseView = CatalogView["exercises"][number];

export const completedIds = (progress: ProgressItem[]): Set<string> =>
  new Set(progress.filter((p) => p.completedAt).map((p) => p.exerciseId));

export function moduleTotals(catalog: CatalogView, progress: ProgressItem[]) {
  const done = completedIds(progress);
  return catalog.modules.map((module) => {
    const ids = catalog.exercises.filter((e) => e.moduleId === module.id).map((e) => e.id);
    return { module, completed: ids.filter((id) => done.has(id)).length, total: ids.length };
  });
}

export type NextStep =
  | { kind: "start"; exercise: ExerciseView }
  | { kind: "continue"; exercise: ExerciseView; moduleId: string }
  | { kind: "all-done" };

/**
 * "Continue where you left off": in the module last worked on, the first unfinished exercise whose
 * prerequisites are all complete; if that module has none left, the first such exercise in
 * catalog order. With no progress at all, the first exercise that can be started.
 */
export function nextStep(catalog: CatalogView, progress: ProgressItem[]): NextStep {
  const done = completedIds(progress);
  const ready = (e: ExerciseView) => !done.has(e.id) && e.prerequisites.every((p) => done.has(p));
  const moduleOrder = new Map(catalog.modules.map((m, i) => [m.id, i]));
  const inOrder = [...catalog.exercises].sort(
    (a, b) => (moduleOrder.get(a.moduleId) ?? 0) - (moduleOrder.get(b.moduleId) ?? 0),
  );
  const latest = latestAttempt(progress);
  if (!latest) {
    const first = inOrder.find(ready);
    return first ? { kind: "start", exercise: first } : { kind: "all-done" };
  }
  const lastModule = catalog.exercises.find((e) => e.id === latest.exerciseId)?.moduleId;
  const candidate = inOrder.find((e) => e.moduleId === lastModule && ready(e)) ?? inOrder.find(ready);
  return candidate
    ? { kind: "continue", exercise: candidate, moduleId: candidate.moduleId }
    : { kind: "all-done" };
}

/** The learner's latest attempts, newest first, with the exercise's title. */
export function recentActivity(catalog: CatalogView, progress: ProgressItem[], limit = 5) {
  const titles = new Map(catalog.exercises.map((e) => [e.id, e.title]));
  return [...progress]
    .sort((a, b) => b.lastAttemptAt.localeCompare(a.lastAttemptAt))
    .slice(0, limit)
    .map((p) => ({
      exerciseId: p.exerciseId,
      title: titles.get(p.exerciseId) ?? p.exerciseId,
      at: p.lastAttemptAt,
      passedLast: p.checks.length > 0 && p.checks.every((c) => c.passed),
      completed: p.completedAt !== null,
      attempts: p.attempts,
    }));
}

function latestAttempt(progress: ProgressItem[]): ProgressItem | undefined {
  return progress.reduce<ProgressItem | undefined>(
    (latest, p) => (!latest || p.lastAttemptAt > latest.lastAttemptAt ? p : latest),
    undefined,
  );
}
