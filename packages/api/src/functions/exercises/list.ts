import type { ExerciseList } from "@akasha/core/api";
import { catalog } from "@akasha/core/catalog";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { completionCounts, toSummary } from "../../services/exercises";

export const handler = route({}, async () => {
  const counts = await completionCounts();
  const body: ExerciseList = {
    modules: catalog.modules,
    exercises: catalog.exercises.map((e) => toSummary(e, counts.get(e.id) ?? 0)),
  };
  return json(200, body);
});
