import { CallbackQuery } from "@akasha/core/api";
import type { z } from "zod";
import { clearCookie, cookieNames, readCookie, setCookie } from "../../lib/cookies";
import { HttpError } from "../../lib/errors";
import { audit } from "../../lib/logger";
import { route } from "../../lib/route";
import { secureCookies, urls } from "../../lib/urls";
import { checkState, finishSignIn } from "../../services/signin";

const clearState = clearCookie(cookieNames.oauth, { path: "/auth/github", secure: secureCookies });

export const handler = route({ query: CallbackQuery }, async ({ query, event, requestId, sourceIp }) => {
  try {
    return await finish(query, event.cookies, event.headers?.["user-agent"], requestId, sourceIp);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    audit("sign_in_refused", { requestId, sourceIp, reason: error.code });
    // A learner's browser lands here from GitHub: show them the site's login page with the reason,
    // not a JSON error on the API's domain. Other clients get the JSON 4xx.
    if (!isNavigation(event.headers)) throw error;
    return redirect(loginPage(error.code), [clearState]);
  }
});

const isNavigation = (headers: Record<string, string | undefined> | undefined) =>
  headers?.["sec-fetch-mode"] === "navigate" || (headers?.accept ?? "").includes("text/html");

const loginPage = (error: string) => {
  const url = new URL("/labs/login", urls.frontend);
  url.searchParams.set("error", error);
  return url.toString();
};

async function finish(
  query: z.infer<typeof CallbackQuery>,
  cookies: string[] | undefined,
  userAgent: string | undefined,
  requestId: string,
  sourceIp: string,
) {
  const claims = checkState(readCookie(cookies, cookieNames.oauth), query.state);
  if (!query.error && !query.code)
    throw new HttpError(400, "invalid_request", "the callback carries no code");
  if (query.error || !query.code) {
    audit("sign_in_refused", { requestId, sourceIp, reason: query.error });
    return redirect(loginPage(query.error === "access_denied" ? "access_denied" : "github_error"), [
      clearState,
    ]);
  }
  const { user, session, returnTo } = await finishSignIn({ code: query.code, claims, userAgent });
  audit("sign_in", { requestId, sourceIp, userId: user.id, sessionKind: "web" });
  return redirect(new URL(returnTo, urls.frontend).toString(), [
    clearState,
    setCookie(cookieNames.session, session.token, {
      maxAgeSeconds: session.ttlSeconds,
      secure: secureCookies,
    }),
  ]);
}

const redirect = (location: string, cookies: string[]) => ({
  statusCode: 302,
  headers: { location, "cache-control": "no-store" },
  cookies,
});
