import { CallbackQuery } from "@akasha/core/api";
import { clearCookie, cookieNames, readCookie, setCookie } from "../../lib/cookies";
import { HttpError } from "../../lib/errors";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { secureCookies, urls } from "../../lib/urls";
import { checkState, finishSignIn } from "../../services/signin";

const clearState = clearCookie(cookieNames.oauth, { path: "/auth/github", secure: secureCookies });

export const handler = route({ query: CallbackQuery }, async ({ query, event, requestId, sourceIp }) => {
  const claims = checkState(readCookie(event.cookies, cookieNames.oauth), query.state);
  if (query.error || !query.code) {
    audit("sign_in_refused", { requestId, sourceIp, reason: query.error ?? "no code" });
    if (!query.error) throw new HttpError(400, "invalid_request", "the callback carries no code");
    const back = new URL("/labs/login", urls.frontend);
    back.searchParams.set("error", query.error === "access_denied" ? "access_denied" : "github_error");
    return redirect(back.toString(), [clearState]);
  }
  const { user, session, returnTo } = await finishSignIn({
    code: query.code,
    claims,
    userAgent: event.headers?.["user-agent"],
  });
  audit("sign_in", { requestId, sourceIp, userId: user.id, sessionKind: "web" });
  return redirect(new URL(returnTo, urls.frontend).toString(), [
    clearState,
    setCookie(cookieNames.session, session.token, {
      maxAgeSeconds: session.ttlSeconds,
      secure: secureCookies,
    }),
  ]);
});

const redirect = (location: string, cookies: string[]) => ({
  statusCode: 302,
  headers: { location, "cache-control": "no-store" },
  cookies,
});
