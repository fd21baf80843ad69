import { notFound } from "../../lib/errors";
import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { getUser } from "../../services/users";

export const handler = route({ auth: "session" }, async ({ auth }) => {
  const user = await getUser(auth.userId);
  if (!user) throw notFound("user");
  return json(200, { user });
});
