import { ExercisePathParams, IdempotencyKey, VerifyRequest } from "@akasha/core/api";
import { getExercise } from "@akasha/core/catalog";
import { HttpError, notFound } from "../../lib/errors";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { recordVerification } from "../../services/progress";

export const handler = route(
  {
    auth: "bearer",
    sessionCheck: "handler",
    params: ExercisePathParams,
    paramsStatus: 404,
    body: VerifyRequest,
  },
  async ({ auth, params, body, event }) => {
    const exercise = getExercise(params.id);
    if (!exercise) throw notFound(`exercise "${params.id}"`);
    const key = IdempotencyKey.safeParse(event.headers?.["idempotency-key"]);
    if (!key.success)
      throw new HttpError(400, "invalid_idempotency_key", "send a UUID in the Idempotency-Key header");
    const result = await recordVerification({
      userId: auth.userId,
      exercise,
      body,
      key: key.data,
      session: auth.session,
    });
    return json(200, result);
  },
);
