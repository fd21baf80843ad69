/**
 * Who is signed in, asked once per page and shared by every script on it. A 401 while this browser
 * remembers being signed in means the session ended (expired, signed out or revoked elsewhere):
 * the learner is told so, never left with a silently empty page.
 */
import type { ProgressResponse, User } from "@akasha/core/api";
import { ApiError, ApiUnreachable, call, send } from "../lib/api";

const signedInFlag = "akasha:signed-in";

let user: Promise<User | null> | undefined;
let progress: Promise<ProgressResponse | null> | undefined;

/** The signed-in learner, or null. Rejects with ApiUnreachable when the API is down. */
export function currentUser(): Promise<User | null> {
  user ??= call<{ user: User }>("/users/me").then(
    ({ user }) => {
      localStorage.setItem(signedInFlag, user.login);
      return user;
    },
    (error) => {
      if (error instanceof ApiError && error.status === 401) {
        sessionEnded();
        return null;
      }
      throw error;
    },
  );
  return user;
}

/** The learner's progress, or null when signed out. */
export function currentProgress(): Promise<ProgressResponse | null> {
  progress ??= currentUser().then((u) => (u ? authed(call<ProgressResponse>("/progress")) : null));
  return progress;
}

/** Runs an authenticated call; a 401 on the way means the session just ended. */
export async function authed<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) sessionEnded();
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await send("POST", "/auth/logout").catch((error) => {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  });
  localStorage.removeItem(signedInFlag);
}

/** `/labs/login?returnTo=<this page>`. */
export const loginPath = (returnTo = location.pathname + location.search) =>
  `/labs/login?${new URLSearchParams({ returnTo })}`;

function sessionEnded() {
  if (localStorage.getItem(signedInFlag) === null) return;
  localStorage.removeItem(signedInFlag);
  notice("Your session has ended: it expired, or it was signed out or revoked elsewhere.", {
    href: loginPath(),
    text: "Sign in again",
  });
}

/** Shows the page-wide notice (the layout's `#notice`, an alert region). */
export function notice(message: string, action?: { href: string; text: string }) {
  const box = document.getElementById("notice");
  if (!box) return;
  const text = document.createElement("p");
  text.textContent = message;
  box.replaceChildren(text);
  if (action) {
    const link = document.createElement("a");
    link.href = action.href;
    link.textContent = action.text;
    text.append(" ", link);
  }
  box.hidden = false;
}

/** Explains a failed call on the page: unreachable API, or the API's own message. */
export function explain(error: unknown) {
  if (error instanceof ApiUnreachable) {
    notice(
      "The labs API can't be reached right now, so sign-in and progress aren't shown. The exercises themselves still work.",
      { href: location.href, text: "Try again" },
    );
  } else if (error instanceof ApiError) {
    if (error.status !== 401) notice(`Something went wrong: ${error.message}.`);
  } else {
    notice("Something went wrong on this page. Reload to try again.");
  }
}
