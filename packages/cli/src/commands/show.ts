/** `infra-learn show <exercise>`: what to do, the checks that will run, and the hints. */
import { catalog, type Exercise, getExercise, getModule } from "@akasha/core/catalog";
import { labDir } from "../config";
import type { Context } from "../context";
import { usageError } from "../errors";
import { color, out, printJson } from "../output";

export function requireExercise(id: string | undefined): Exercise {
  if (!id)
    throw usageError("Which exercise? For example: infra-learn verify linux-01 (see `infra-learn list`).");
  const exercise = getExercise(id.toLowerCase());
  if (exercise) return exercise;
  const close = catalog.exercises.filter((e) => e.id.startsWith(id.split("-")[0] ?? id)).map((e) => e.id);
  throw usageError(
    `There is no exercise "${id}".${close.length ? ` Did you mean ${close.join(", ")}?` : ""} See \`infra-learn list\`.`,
  );
}

export async function show(ctx: Context, exerciseId: string | undefined): Promise<number> {
  const exercise = requireExercise(exerciseId);
  const module = getModule(exercise.moduleId);
  const dir = labDir(exercise.id, ctx.env);
  if (ctx.json) {
    printJson({
      id: exercise.id,
      title: exercise.title,
      module: module ? { id: module.id, title: module.title } : null,
      summary: exercise.summary,
      difficulty: exercise.difficulty,
      minutes: exercise.minutes,
      version: exercise.version,
      prerequisites: exercise.prerequisites,
      requires: exercise.requires,
      labDir: dir,
      instructions: exercise.instructions,
      checks: exercise.checks.map((c) => ({ id: c.id, title: c.title, run: c.run })),
      hints: exercise.hints,
      url: `${siteUrl(ctx.apiUrl)}/labs/exercises/${exercise.id}`,
    });
    return 0;
  }
  out(
    `${color.bold(exercise.title)} ${color.dim(`(${exercise.id}, ${module?.title ?? exercise.moduleId})`)}`,
  );
  out(`${exercise.difficulty} · ${exercise.minutes} min · version ${exercise.version}`);
  if (exercise.prerequisites.length) out(`Do first: ${exercise.prerequisites.join(", ")}`);
  const needs = [...exercise.requires.tools, ...(exercise.requires.root ? ["root (sudo)"] : [])];
  if (needs.length) out(`You need: ${needs.join(", ")}`);
  out();
  out(exercise.summary);
  out();
  out(plainText(exercise.instructions));
  out();
  out(color.bold("Work in"));
  out(`  ${dir}`);
  out();
  out(color.bold("Checks"));
  exercise.checks.forEach((c, i) => {
    out(`  ${i + 1}. ${c.title} ${color.dim(`$ ${c.run}`)}`);
  });
  if (exercise.hints.length) {
    out();
    out(color.bold("Hints (each gives away a little more)"));
    exercise.hints.forEach((h, i) => {
      out(`  ${i + 1}. ${plainText(h)}`);
    });
  }
  out();
  out(`When you're done: ${color.cyan(`infra-learn verify ${exercise.id}`)}`);
  out(color.dim(`On the web: ${siteUrl(ctx.apiUrl)}/labs/exercises/${exercise.id}`));
  return 0;
}

/** Markdown as a terminal reads it: headings in bold, no code ticks. */
function plainText(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => {
      const heading = line.match(/^#{1,6}\s+(.*)$/);
      if (heading) return color.bold(heading[1] ?? "");
      return line.replace(/`([^`]+)`/g, (_, code: string) => color.cyan(code));
    })
    .join("\n");
}

/** The site that goes with an API: `api.example.com` → `example.com`; locally, the dev site. */
export function siteUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname.startsWith("api.")) return `${url.protocol}//${url.hostname.slice(4)}`;
  return "http://localhost:4321";
}
