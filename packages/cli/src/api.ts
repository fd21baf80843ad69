/**
 * The labs API over HTTP. A request that never gets an answer is `Unreachable`; an answer that is
 * not 2xx is `ApiRefusal` with the API's machine code (or the OAuth `error` on the device routes).
 */

/** The API could not be reached: offline, DNS, refused, timed out. */
export class Unreachable extends Error {}

export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE";
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Give up after this long. Default 15 s. */
  timeoutMs?: number;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly userAgent: string,
  ) {}

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.userAgent,
      ...options.headers,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new Unreachable(`could not reach ${this.baseUrl} (${describe(error)})`);
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const d = (data ?? {}) as { code?: string; error?: string; error_description?: string };
      const code = d.code ?? d.error ?? `http_${response.status}`;
      const message =
        d.error_description ?? (d.code ? d.error : undefined) ?? `the API answered ${response.status}`;
      throw new ApiRefusal(response.status, code, message ?? "");
    }
    return data as T;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === "TimeoutError") return "timed out";
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
