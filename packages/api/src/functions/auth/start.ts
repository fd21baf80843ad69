import { SignInQuery } from "@akasha/core/api";
import { cookieNames, setCookie } from "../../lib/cookies";
import { route } from "../../lib/route";
import { secureCookies } from "../../lib/urls";
import { startSignIn, stateTtlSeconds } from "../../services/signin";

export const handler = route({ query: SignInQuery }, async ({ query }) => {
  const { location, stateToken } = startSignIn(query);
  return {
    statusCode: 302,
    headers: { location, "cache-control": "no-store" },
    cookies: [
      setCookie(cookieNames.oauth, stateToken, {
        maxAgeSeconds: stateTtlSeconds,
        path: "/auth/github",
        secure: secureCookies,
      }),
    ],
  };
});
