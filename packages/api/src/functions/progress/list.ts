import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { readProgress } from "../../services/progress";

export const handler = route({ auth: "session" }, async ({ auth }) =>
  json(200, await readProgress(auth.userId)),
);
