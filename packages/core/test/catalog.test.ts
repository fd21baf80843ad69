import { describe, expect, it } from "vitest";
import { type Catalog, catalog, exercisesOf, getExercise, validateCatalog } from "../src/catalog";

const check = (id: string) => ({
  id,
  title: `check ${id}`,
  run: "true",
  expect: { exitCode: 0 },
  hint: "try again",
});

const exercise = (id: string, prerequisites: string[] = []) => ({
  id,
  moduleId: "m",
  title: id,
  summary: "s",
  difficulty: "beginner" as const,
  minutes: 5,
  prerequisites,
  version: 1,
  requires: { tools: [], root: false },
  instructions: "do it",
  hints: [],
  checks: [check("c1")],
});

const valid = (): Catalog => ({
  modules: [{ id: "m", title: "M", summary: "s", order: 1 }],
  exercises: [exercise("m-01"), exercise("m-02", ["m-01"]), exercise("m-03", ["m-01", "m-02"])],
});

describe("the shipped catalog", () => {
  it("is valid", () => {
    expect(validateCatalog(catalog)).toEqual([]);
  });

  it("is a launch catalog: ≥ 4 modules, ≥ 16 exercises, each with ≥ 2 checks and ≥ 2 hints, every check a hint", () => {
    expect(catalog.modules.length).toBeGreaterThanOrEqual(4);
    expect(catalog.exercises.length).toBeGreaterThanOrEqual(16);
    for (const module of catalog.modules)
      expect(exercisesOf(module.id).length, module.id).toBeGreaterThanOrEqual(2);
    for (const e of catalog.exercises) {
      expect(e.checks.length, e.id).toBeGreaterThanOrEqual(2);
      expect(e.hints.length, e.id).toBeGreaterThanOrEqual(2);
      for (const c of e.checks) expect(c.hint.trim(), `${e.id}/${c.id}`).not.toBe("");
    }
  });

  it("forms a path: each module after the first builds on an earlier one, and nothing needs root", () => {
    const order = new Map(catalog.modules.map((m, i) => [m.id, i]));
    const moduleOf = new Map(catalog.exercises.map((e) => [e.id, e.moduleId]));
    for (const e of catalog.exercises) {
      for (const p of e.prerequisites)
        expect(
          order.get(moduleOf.get(p) ?? "") ?? 99,
          `${e.id} needs ${p} from a later module`,
        ).toBeLessThanOrEqual(order.get(e.moduleId) ?? -1);
      expect(e.requires.root, `${e.id} needs root`).toBe(false);
    }
    for (const module of catalog.modules.slice(1)) {
      const first = exercisesOf(module.id)[0];
      expect(first?.prerequisites.length, `${module.id} starts from nothing`).toBeGreaterThan(0);
    }
  });

  it("has at least one module with three exercises, each with checks and hints", () => {
    expect(catalog.modules.length).toBeGreaterThanOrEqual(1);
    const first = catalog.modules[0];
    expect(first).toBeDefined();
    expect(exercisesOf(first?.id ?? "").length).toBeGreaterThanOrEqual(3);
    for (const e of catalog.exercises) {
      expect(e.checks.length, e.id).toBeGreaterThan(0);
      for (const c of e.checks) expect(c.hint, `${e.id}/${c.id}`).not.toBe("");
    }
  });

  it("looks exercises up by id", () => {
    expect(getExercise("linux-01")?.title).toBe("Files and directories");
    expect(getExercise("nope")).toBeUndefined();
  });
});

describe("catalog validation", () => {
  it("accepts a well-formed catalog", () => {
    expect(validateCatalog(valid())).toEqual([]);
  });

  const broken: Array<[string, (c: Catalog) => void, RegExp]> = [
    ["duplicate exercise id", (c) => c.exercises.push(exercise("m-01")), /duplicate exercise id "m-01"/],
    [
      "duplicate module id",
      (c) => c.modules.push({ id: "m", title: "again", summary: "s", order: 2 }),
      /duplicate module id "m"/,
    ],
    [
      "unknown prerequisite",
      (c) => c.exercises.push(exercise("m-04", ["m-99"])),
      /unknown prerequisite "m-99"/,
    ],
    [
      "prerequisite cycle",
      (c) => {
        c.exercises[0] = exercise("m-01", ["m-03"]);
      },
      /prerequisite cycle: m-01 → m-03 → m-01|prerequisite cycle: .*m-01.*m-01/,
    ],
    [
      "self prerequisite",
      (c) => c.exercises.push(exercise("m-05", ["m-05"])),
      /prerequisite cycle: m-05 → m-05/,
    ],
    [
      "exercise without checks",
      (c) => c.exercises.push({ ...exercise("m-06"), checks: [] }),
      /an exercise needs at least one check/,
    ],
    [
      "duplicate check id",
      (c) => c.exercises.push({ ...exercise("m-07"), checks: [check("a"), check("a")] }),
      /duplicate check id "a"/,
    ],
    [
      "check without expectation",
      (c) => c.exercises.push({ ...exercise("m-08"), checks: [{ ...check("a"), expect: {} }] }),
      /at least one expectation/,
    ],
    [
      "check with an invalid regex",
      (c) =>
        c.exercises.push({
          ...exercise("m-09"),
          checks: [{ ...check("a"), expect: { stdoutMatches: "(" } }],
        }),
      /not a valid regex/,
    ],
    [
      "unknown module",
      (c) => c.exercises.push({ ...exercise("m-10"), moduleId: "other" }),
      /unknown module "other"/,
    ],
    ["id that is not a slug", (c) => c.exercises.push(exercise("Bad Id")), /lower-case words/],
    [
      "check without a hint",
      (c) => c.exercises.push({ ...exercise("m-11"), checks: [{ ...check("a"), hint: "" }] }),
      /hint/,
    ],
  ];

  it.each(broken)("rejects a catalog with a %s", (_name, breakIt, message) => {
    const c = valid();
    breakIt(c);
    const problems = validateCatalog(c);
    expect(problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(message);
  });
});
