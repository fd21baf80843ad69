/** The header's account area: "Sign in" (back to this page), or the learner's avatar and "Sign out". */
import { currentUser, explain, loginPath, signOut } from "./session";

const signIn = document.getElementById("sign-in") as HTMLAnchorElement;
const account = document.getElementById("account") as HTMLElement;
const avatar = document.getElementById("avatar") as HTMLImageElement;
const initial = document.getElementById("avatar-initial") as HTMLElement;
const login = document.getElementById("account-login") as HTMLElement;
const signOutButton = document.getElementById("sign-out") as HTMLButtonElement;

if (!location.pathname.startsWith("/labs/login")) signIn.href = loginPath();

currentUser().then(
  (user) => {
    if (!user) return;
    login.textContent = user.login;
    initial.textContent = user.login.charAt(0).toUpperCase();
    avatar.alt = "";
    avatar.addEventListener("error", () => {
      avatar.hidden = true;
      initial.hidden = false;
    });
    if (user.avatarUrl) avatar.src = user.avatarUrl;
    else {
      avatar.hidden = true;
      initial.hidden = false;
    }
    signIn.hidden = true;
    account.hidden = false;
  },
  (error) => explain(error),
);

signOutButton.addEventListener("click", async () => {
  signOutButton.disabled = true;
  try {
    await signOut();
    location.assign("/labs");
  } catch (error) {
    signOutButton.disabled = false;
    explain(error);
  }
});
