/** Lists `GET /sessions` and revokes with `DELETE /sessions/{id}`; revoking this one signs out here. */
import type { SessionSummary, User } from "@akasha/core/api";
import { call, send } from "../lib/api";
import { formatTime } from "../lib/time";
import { authed, currentUser, explain, loginPath, signOut } from "./session";

const status = document.getElementById("sessions-status") as HTMLElement;
const table = document.getElementById("sessions-table") as HTMLTableElement;
const body = document.getElementById("sessions") as HTMLElement;

/** A cell that, on narrow screens where rows stack, is introduced by its column's name. */
function cell(text: string, label: string) {
  const td = document.createElement("td");
  td.textContent = text;
  td.dataset.label = label;
  return td;
}

function render(sessions: SessionSummary[]) {
  body.replaceChildren();
  for (const session of sessions) {
    const row = document.createElement("tr");
    row.dataset.session = session.id;
    if (session.current) row.dataset.current = "true";
    const name = cell(session.label, "Session");
    if (session.current) {
      const mark = document.createElement("strong");
      mark.textContent = " (this browser)";
      name.append(mark);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "danger";
    button.textContent = session.current ? "Sign out here" : "Revoke";
    // The accessible name starts with the visible text (WCAG 2.5.3), then says which session.
    button.setAttribute(
      "aria-label",
      `${button.textContent}: ${session.label}, signed in ${formatTime(session.createdAt)}`,
    );
    button.addEventListener("click", () => revoke(session, button, row));
    const action = document.createElement("td");
    action.append(button);
    row.append(
      name,
      cell(session.kind === "cli" ? "CLI" : "Web", "Kind"),
      cell(formatTime(session.createdAt), "Signed in"),
      cell(formatTime(session.lastSeenAt), "Last seen"),
      action,
    );
    body.append(row);
  }
  table.hidden = sessions.length === 0;
}

function showProfile(user: User) {
  (document.getElementById("profile-login") as HTMLElement).textContent = user.login;
  (document.getElementById("profile-name") as HTMLElement).textContent = user.name ?? "—";
  (document.getElementById("profile-email") as HTMLElement).textContent =
    user.email ??
    "No verified email: GitHub has no verified primary address for this account. Progress works without one.";
  (document.getElementById("profile") as HTMLElement).hidden = false;
}

async function revoke(session: SessionSummary, button: HTMLButtonElement, row: HTMLElement) {
  button.disabled = true;
  try {
    if (session.current) {
      await signOut();
      location.assign("/labs");
      return;
    }
    await authed(send("DELETE", `/sessions/${session.id}`));
    row.remove();
    status.textContent = `Revoked “${session.label}”: it is signed out.`;
  } catch (error) {
    button.disabled = false;
    explain(error);
  }
}

currentUser()
  .then(async (user) => {
    if (!user) {
      status.replaceChildren("Sign in to see and manage your sessions. ");
      const link = document.createElement("a");
      link.href = loginPath();
      link.textContent = "Sign in";
      status.append(link);
      return;
    }
    showProfile(user);
    const { sessions } = await authed(call<{ sessions: SessionSummary[] }>("/sessions"));
    render(sessions);
    status.textContent = `${sessions.length} active ${sessions.length === 1 ? "session" : "sessions"}.`;
  })
  .catch((error) => {
    status.textContent = "Your sessions could not be loaded.";
    explain(error);
  });
