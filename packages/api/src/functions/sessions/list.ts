import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { listSessions } from "../../services/sessions";

export const handler = route({ auth: "cookie" }, async ({ auth }) =>
  json(200, { sessions: await listSessions(auth.userId, auth.sessionId) }),
);
