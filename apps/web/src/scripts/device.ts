/** The device page: `POST /auth/device/approve { userCode, decision }` with the web session. */

import { normalizeUserCode } from "@akasha/core/user-code";
import { ApiError, ApiUnreachable, send } from "../lib/api";
import { authed, currentUser, explain, loginPath } from "./session";

const form = document.getElementById("device-form") as HTMLFormElement;
const input = document.getElementById("user-code") as HTMLInputElement;
const result = document.getElementById("device-result") as HTMLElement;

const query = new URLSearchParams(location.search);
const given = query.get("user_code") ?? query.get("code");
if (given) input.value = normalizeUserCode(given) ?? given;

currentUser().then((user) => {
  if (user) return;
  (document.getElementById("device-sign-in") as HTMLAnchorElement).href = loginPath();
  (document.getElementById("device-signed-out") as HTMLElement).hidden = false;
  form.hidden = true;
}, explain);

/** What `POST /auth/device/approve` can refuse, in the learner's words. */
const refusals: Record<string, string> = {
  invalid_user_code: "That code is not valid, or it has expired. Run infra-learn login again for a new one.",
  already_decided: "That code has already been used.",
  rate_limited: "Too many wrong codes. Wait 15 minutes, then try again.",
};

function say(message: string, isError: boolean) {
  result.textContent = message;
  result.className = isError ? "result failed" : "result passed";
  input.setAttribute("aria-invalid", String(isError));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const decision = (event.submitter as HTMLButtonElement | null)?.value === "deny" ? "deny" : "approve";
  const userCode = normalizeUserCode(input.value);
  if (!userCode) {
    say("Enter the 8-letter code exactly as your terminal shows it, like BDFG-HJKL.", true);
    input.focus();
    return;
  }
  input.value = userCode;
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.disabled = true;
  try {
    await authed(send("POST", "/auth/device/approve", { userCode, decision }));
    say(
      decision === "approve"
        ? `Approved ${userCode}. Go back to your terminal: it is signed in.`
        : `Denied ${userCode}. That terminal will not be signed in.`,
      false,
    );
    form.hidden = true;
  } catch (error) {
    for (const b of buttons) b.disabled = false;
    if (error instanceof ApiError && error.status !== 401)
      say(refusals[error.code] ?? (error.status === 429 ? refusals.rate_limited : error.message), true);
    else if (error instanceof ApiUnreachable) explain(error);
    else if (error instanceof ApiError)
      say("Your session has ended. Sign in again, then approve the code.", true);
  }
});
