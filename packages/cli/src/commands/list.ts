/** `infra-learn list`: modules and exercises, with the learner's status when it can be fetched. */
import type { ProgressResponse } from "@akasha/core/api";
import { catalog, exercisesOf } from "@akasha/core/catalog";
import { ApiRefusal, Unreachable } from "../api";
import { type Context, flushQuietly } from "../context";
import { CliError } from "../errors";
import { color, note, out, printJson, symbols } from "../output";

type Status = "completed" | "attempted" | "not-started" | "unknown";

export async function list(ctx: Context): Promise<number> {
  await flushQuietly(ctx);
  const progress = await progressIfAvailable(ctx);
  const byId = new Map(progress?.progress.map((p) => [p.exerciseId, p]));
  const status = (id: string): Status => {
    if (!progress) return "unknown";
    const item = byId.get(id);
    return item?.completedAt ? "completed" : item ? "attempted" : "not-started";
  };
  const modules = catalog.modules.map((m) => ({
    id: m.id,
    title: m.title,
    exercises: exercisesOf(m.id).map((e) => ({
      id: e.id,
      title: e.title,
      difficulty: e.difficulty,
      minutes: e.minutes,
      status: status(e.id),
    })),
  }));
  if (ctx.json) {
    printJson({ modules, signedIn: progress !== undefined });
    return 0;
  }
  const marks: Record<Status, string> = {
    completed: symbols.pass,
    attempted: color.yellow("•"),
    "not-started": color.dim("○"),
    unknown: " ",
  };
  for (const module of modules) {
    out(color.bold(module.title));
    for (const e of module.exercises)
      out(
        `  ${marks[e.status]} ${e.id.padEnd(12)} ${e.title} ${color.dim(`(${e.difficulty}, ${e.minutes} min)`)}`,
      );
    out();
  }
  out(color.dim("Next: infra-learn show <exercise>, then infra-learn verify <exercise>"));
  return 0;
}

/** The learner's progress, or undefined (signed out, offline) with a note saying why. */
async function progressIfAvailable(ctx: Context): Promise<ProgressResponse | undefined> {
  if (!ctx.account()) {
    if (!ctx.json)
      note(color.dim("Not signed in: showing the catalog. `infra-learn login` adds your progress."));
    return undefined;
  }
  try {
    return await ctx.authed<ProgressResponse>("/progress");
  } catch (error) {
    if (ctx.json) return undefined;
    if (error instanceof Unreachable)
      note(`${symbols.warn} Offline: showing the catalog without your progress.`);
    else if (error instanceof CliError || error instanceof ApiRefusal)
      note(`${symbols.warn} ${error.message}`);
    else throw error;
    return undefined;
  }
}
