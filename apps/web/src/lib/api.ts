/**
 * The browser's only way to the labs API: every call carries the session cookie
 * (`credentials: "include"`), a network failure becomes `ApiUnreachable`, and an answer that is not
 * 2xx becomes `ApiError` with the API's machine-readable `code`.
 */
export const apiUrl = (import.meta.env.PUBLIC_LABS_API_URL ?? "http://localhost:3000").replace(/\/$/, "");

/** The API could not be reached at all (offline, DNS, CORS refusal, server down). */
export class ApiUnreachable extends Error {
  constructor(cause: unknown) {
    super("the labs API could not be reached", { cause });
  }
}

/** The API answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}${path}`, { ...init, credentials: "include" });
  } catch (error) {
    throw new ApiUnreachable(error);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; error?: string };
    throw new ApiError(
      response.status,
      body.code ?? "unknown",
      body.error ?? `the API answered ${response.status}`,
    );
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A JSON POST/DELETE as the API's CSRF rules expect from the site (JSON body, browser-set Origin). */
export const send = <T>(method: "POST" | "DELETE", path: string, body?: unknown) =>
  call<T>(path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });

/** Where "Sign in with GitHub" goes, coming back to `returnTo` (a path on this site). */
export function signInUrl(returnTo: string): string {
  return `${apiUrl}/auth/github?${new URLSearchParams({ returnTo: safePath(returnTo) })}`;
}

/** A same-site path, or the dashboard: never another origin (`//evil`, `https://evil`). */
export function safePath(value: string | null | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/labs/dashboard";
  return value;
}
