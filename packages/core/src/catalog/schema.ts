/**
 * The catalog schema: modules, exercises and their checks, authored once in `catalog/modules/*`
 * and read by the web, the API and the CLI. `validateCatalog` adds the rules a schema cannot
 * express per item: unique ids, known prerequisites, no prerequisite cycles.
 */
import { z } from "zod";

/** Lower-case slug ids: `linux`, `linux-01`. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "ids are lower-case words and digits joined by dashes")
  .max(64);

/** What a check's command must produce to pass. At least one expectation is required. */
export const CheckExpectation = z
  .object({
    exitCode: z.number().int().min(0).max(255).optional(),
    stdoutIncludes: z.string().min(1).optional(),
    stdoutMatches: z.string().min(1).optional(),
  })
  .strict()
  .refine((e) => Object.values(e).some((v) => v !== undefined), "a check needs at least one expectation")
  .refine(
    (e) => e.stdoutMatches === undefined || isRegExp(e.stdoutMatches),
    "stdoutMatches is not a valid regex",
  );

export const Check = z
  .object({
    id: Id,
    title: z.string().min(1),
    /** A shell command run by `sh -c` in the exercise's lab directory. */
    run: z.string().min(1),
    expect: CheckExpectation,
    hint: z.string().min(1),
    /** How long the command may run; the CLI's default (10 s) otherwise. */
    timeoutSeconds: z.number().int().positive().max(120).optional(),
  })
  .strict();

/** A command-line tool, as `command -v` finds it: `curl`, `ss`, `python3`. */
export const Tool = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "a tool is a command name");

/** What the learner's box needs beyond a POSIX shell and coreutils; the CLI checks tools first. */
export const Requirements = z
  .object({
    tools: z.array(Tool),
    /** The exercise needs root (sudo). Most do not: labs work as an ordinary user. */
    root: z.boolean(),
  })
  .strict();

export const Difficulty = z.enum(["beginner", "intermediate", "advanced"]);

export const Exercise = z
  .object({
    id: Id,
    moduleId: Id,
    title: z.string().min(1),
    summary: z.string().min(1),
    difficulty: Difficulty,
    minutes: z.number().int().positive(),
    prerequisites: z.array(Id),
    /** Bumped whenever the checks change, so old results are told apart. */
    version: z.number().int().positive(),
    requires: Requirements,
    /** Markdown. */
    instructions: z.string().min(1),
    hints: z.array(z.string().min(1)),
    checks: z.array(Check).min(1, "an exercise needs at least one check"),
  })
  .strict();

export const Module = z
  .object({
    id: Id,
    title: z.string().min(1),
    summary: z.string().min(1),
    order: z.number().int(),
  })
  .strict();

export const Catalog = z.object({
  modules: z.array(Module),
  exercises: z.array(Exercise),
});

export type Check = z.infer<typeof Check>;
export type Requirements = z.infer<typeof Requirements>;
export type Exercise = z.infer<typeof Exercise>;
export type Module = z.infer<typeof Module>;
export type Catalog = z.infer<typeof Catalog>;

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export interface CatalogProblem {
  path: string;
  message: string;
}

/** Every problem with a catalog, schema and cross-item rules together; empty when it is valid. */
export function validateCatalog(input: unknown): CatalogProblem[] {
  const parsed = Catalog.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  }
  const { modules, exercises } = parsed.data;
  return [
    ...duplicates(modules.map((m) => m.id)).map((id) => ({
      path: `modules.${id}`,
      message: `duplicate module id "${id}"`,
    })),
    ...duplicates(exercises.map((e) => e.id)).map((id) => ({
      path: `exercises.${id}`,
      message: `duplicate exercise id "${id}"`,
    })),
    ...exercises.flatMap((e) =>
      duplicates(e.checks.map((c) => c.id)).map((id) => ({
        path: `exercises.${e.id}.checks.${id}`,
        message: `duplicate check id "${id}"`,
      })),
    ),
    ...exercises
      .filter((e) => !modules.some((m) => m.id === e.moduleId))
      .map((e) => ({ path: `exercises.${e.id}.moduleId`, message: `unknown module "${e.moduleId}"` })),
    ...exercises.flatMap((e) =>
      e.prerequisites
        .filter((p) => !exercises.some((other) => other.id === p))
        .map((p) => ({ path: `exercises.${e.id}.prerequisites`, message: `unknown prerequisite "${p}"` })),
    ),
    ...prerequisiteCycles(exercises).map((cycle) => ({
      path: `exercises.${cycle[0]}.prerequisites`,
      message: `prerequisite cycle: ${cycle.join(" → ")}`,
    })),
  ];
}

/** Parses and validates, throwing one error that lists every problem. */
export function defineCatalog(input: Catalog): Catalog {
  const problems = validateCatalog(input);
  if (problems.length > 0) {
    throw new Error(`invalid catalog:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
  }
  return Catalog.parse(input);
}

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** Each cycle once, as the path that closes it (`a → b → a`), found by depth-first search. */
function prerequisiteCycles(exercises: readonly Exercise[]): string[][] {
  const prerequisites = new Map(exercises.map((e) => [e.id, e.prerequisites]));
  const done = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string, path: string[]) => {
    if (path.includes(id)) {
      cycles.push([...path.slice(path.indexOf(id)), id]);
      return;
    }
    if (done.has(id)) return;
    for (const next of prerequisites.get(id) ?? []) visit(next, [...path, id]);
    done.add(id);
  };
  for (const e of exercises) visit(e.id, []);
  return cycles;
}
