import { notFound } from "../../lib/errors";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { getUser } from "../../services/users";

export const handler = route({ auth: "session" }, async ({ auth }) => {
  const [user, session] = await Promise.all([getUser(auth.userId), auth.session()]);
  if (!user) throw notFound("user");
  return json(200, {
    valid: true,
    user,
    session: {
      id: auth.sessionId,
      kind: auth.kind,
      expiresAt: new Date(session.expiresAt * 1000).toISOString(),
    },
  });
});
