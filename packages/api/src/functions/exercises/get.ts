import { ExercisePathParams } from "@akasha/core/api";
import { getExercise } from "@akasha/core/catalog";
import { notFound } from "../../lib/errors";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { completionCount, toDetail } from "../../services/exercises";

export const handler = route({ params: ExercisePathParams, paramsStatus: 404 }, async ({ params }) => {
  const exercise = getExercise(params.id);
  if (!exercise) throw notFound(`exercise "${params.id}"`);
  return json(200, toDetail(exercise, await completionCount(exercise.id)));
});
