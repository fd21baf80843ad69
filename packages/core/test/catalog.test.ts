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
