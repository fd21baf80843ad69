import type { ProgressItem } from "@akasha/core/api";
import { describe, expect, it } from "vitest";
import {
  type CatalogView,
  completedIds,
  moduleTotals,
  type NextStep,
  nextStep,
  recentActivity,
} from "../src/progress";

// Two modules with prerequisites across them: b-02 needs n-01 from the second module. The list is
// not in module order on purpose; the modules' order is the catalog's order.
const view: CatalogView = {
  modules: [
    { id: "basics", title: "Basics" },
    { id: "net", title: "Networking" },
  ],
  exercises: [
    { id: "n-01", moduleId: "net", title: "Ports", prerequisites: ["b-01"] },
    { id: "b-01", moduleId: "basics", title: "Files", prerequisites: [] },
    { id: "b-02", moduleId: "basics", title: "Sockets as files", prerequisites: ["n-01"] },
    { id: "b-03", moduleId: "basics", title: "Permissions", prerequisites: ["b-01"] },
    { id: "n-02", moduleId: "net", title: "Firewalls", prerequisites: ["n-01"] },
  ],
};
const exercise = (id: string) => {
  const found = view.exercises.find((e) => e.id === id);
  if (!found) throw new Error(`no ${id} in the test catalog`);
  return found;
};

/** `2026-11-0<day>T10:00:00.000Z`: a later day is a later attempt. */
const on = (day: number) => `2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`;

/** An exercise's progress, last attempted on `day`; completed means it passed at least once. */
const attempt = (
  exerciseId: string,
  day: number,
  {
    completed = false,
    passedLast = completed,
    attempts = 1,
  }: { completed?: boolean; passedLast?: boolean; attempts?: number } = {},
): ProgressItem => ({
  exerciseId,
  exerciseVersion: 1,
  attempts,
  firstAttemptAt: on(1),
  lastAttemptAt: on(day),
  completedAt: completed ? on(day) : null,
  checks: [
    { id: "first", passed: true },
    { id: "second", passed: passedLast },
  ],
});
const done = (exerciseId: string, day: number) => attempt(exerciseId, day, { completed: true });

describe("nextStep", () => {
  const cases: Array<[string, ProgressItem[], NextStep]> = [
    [
      "with no progress, starts with the first exercise that can be started",
      [],
      { kind: "start", exercise: exercise("b-01") },
    ],
    [
      "continues in the module last worked on, skipping an exercise whose prerequisite is unfinished",
      [done("b-01", 2)],
      { kind: "continue", exercise: exercise("b-03"), moduleId: "basics" },
    ],
    [
      "takes the module of the latest attempt, not the latest completion",
      [done("b-01", 2), attempt("n-01", 3)],
      { kind: "continue", exercise: exercise("n-01"), moduleId: "net" },
    ],
    [
      "continues in the second module when that is where the learner was last",
      [done("b-01", 2), done("n-01", 4), done("b-03", 3)],
      { kind: "continue", exercise: exercise("n-02"), moduleId: "net" },
    ],
    [
      "comes back to an exercise once its prerequisite in another module is done",
      [done("b-01", 2), done("n-01", 3), done("b-03", 4)],
      { kind: "continue", exercise: exercise("b-02"), moduleId: "basics" },
    ],
    [
      "moves on to the next ready exercise in catalog order when the last module is finished",
      [done("b-01", 2), done("n-01", 3), done("n-02", 5), done("b-03", 4)],
      { kind: "continue", exercise: exercise("b-02"), moduleId: "basics" },
    ],
    [
      "moves on in catalog order when the last module's remaining exercises are all blocked",
      [done("b-01", 2), done("b-03", 3)],
      { kind: "continue", exercise: exercise("n-01"), moduleId: "net" },
    ],
    [
      "is all-done when every exercise is complete",
      ["b-01", "n-01", "b-02", "b-03", "n-02"].map((id, i) => done(id, i + 2)),
      { kind: "all-done" },
    ],
  ];

  it.each(cases)("%s", (_, progress, expected) => {
    expect(nextStep(view, progress)).toEqual(expected);
  });

  it("follows the modules' order, not the order exercises are listed in", () => {
    const listedBackwards: CatalogView = {
      modules: view.modules,
      exercises: [
        { id: "n-x", moduleId: "net", title: "Net first in the list", prerequisites: [] },
        { id: "b-x", moduleId: "basics", title: "Basics first in order", prerequisites: [] },
      ],
    };
    expect(nextStep(listedBackwards, [])).toEqual({ kind: "start", exercise: listedBackwards.exercises[1] });
  });

  it("counts an attempt that never passed as unfinished", () => {
    expect(nextStep(view, [attempt("b-01", 2, { attempts: 4 })])).toEqual({
      kind: "continue",
      exercise: exercise("b-01"),
      moduleId: "basics",
    });
  });
});

describe("completedIds and moduleTotals", () => {
  const progress = [done("b-01", 2), attempt("b-03", 3), done("n-01", 4)];

  it("count completed exercises only, not attempted ones", () => {
    expect([...completedIds(progress)].sort()).toEqual(["b-01", "n-01"]);
  });

  it("give each module its completed and total counts, in module order", () => {
    expect(moduleTotals(view, progress)).toEqual([
      { module: { id: "basics", title: "Basics" }, completed: 1, total: 3 },
      { module: { id: "net", title: "Networking" }, completed: 1, total: 2 },
    ]);
  });
});

describe("recentActivity", () => {
  const progress = [
    done("b-01", 2),
    attempt("n-01", 6, { completed: true, passedLast: false, attempts: 3 }),
    attempt("b-03", 4, { attempts: 2 }),
    done("gone-01", 3), // an exercise since removed from the catalog
    done("n-02", 7),
  ];

  it("lists the latest attempts newest first, with titles and flags", () => {
    expect(recentActivity(view, progress)).toEqual([
      { exerciseId: "n-02", title: "Firewalls", at: on(7), passedLast: true, completed: true, attempts: 1 },
      { exerciseId: "n-01", title: "Ports", at: on(6), passedLast: false, completed: true, attempts: 3 },
      {
        exerciseId: "b-03",
        title: "Permissions",
        at: on(4),
        passedLast: false,
        completed: false,
        attempts: 2,
      },
      { exerciseId: "gone-01", title: "gone-01", at: on(3), passedLast: true, completed: true, attempts: 1 },
      { exerciseId: "b-01", title: "Files", at: on(2), passedLast: true, completed: true, attempts: 1 },
    ]);
  });

  it("keeps only the newest `limit` attempts (5 unless told)", () => {
    const many = [...progress, done("b-02", 1)];
    expect(recentActivity(view, many).map((a) => a.exerciseId)).toEqual([
      "n-02",
      "n-01",
      "b-03",
      "gone-01",
      "b-01",
    ]);
    expect(recentActivity(view, many, 2).map((a) => a.exerciseId)).toEqual(["n-02", "n-01"]);
  });

  it("does not call an attempt with no check results passed", () => {
    const empty = { ...done("b-01", 2), checks: [] };
    expect(recentActivity(view, [empty])[0]?.passedLast).toBe(false);
  });

  it("is empty with no progress", () => {
    expect(recentActivity(view, [])).toEqual([]);
  });
});
