/**
 * The typed API client (openapi-fetch over the generated `schema.d.ts`). Every call sends the
 * session cookie; state-changing calls add the CSRF token from GET /api/auth/me. Errors arrive as
 * `ApiError` with the server's problem+json message, so pages can show it in plain words.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

let csrfToken: string | undefined;

/** Set from GET /api/auth/me (see `useSession`) and after signing in. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Copies of state-changing requests, to send once more after a refreshed CSRF token. */
const retryable = new WeakMap<Request, Request>();

async function refreshCsrfToken(): Promise<boolean> {
  const response = await fetch("/api/auth/me", { credentials: "same-origin" });
  if (!response.ok) return false;
  csrfToken = ((await response.json()) as { csrfToken?: string }).csrfToken;
  return Boolean(csrfToken);
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    if (csrfToken) request.headers.set("x-csrf-token", csrfToken);
    retryable.set(request, request.clone());
    return request;
  },
  // Signing in again in another tab starts a new session with a new token; this tab then learns
  // it and repeats the request once, instead of reporting a refusal the user cannot understand.
  async onResponse({ request, response }) {
    const copy = retryable.get(request);
    if (!copy || response.status !== 403) return response;
    const problem = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { code?: string };
    if (problem.code !== "csrf_refused" || !(await refreshCsrfToken())) return response;
    const again = new Request(copy, { headers: new Headers(copy.headers) });
    again.headers.set("x-csrf-token", csrfToken as string);
    return fetch(again);
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

/** Turns a failed response into an ApiError; a network failure into one with status 0. */
export async function problemOf(response: Response): Promise<ApiError> {
  let body: Partial<Problem> = {};
  try {
    body = (await response.clone().json()) as Partial<Problem>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError({ ...body, status: response.status });
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or throws its ApiError. For TanStack Query's queryFn/mutationFn. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError({ status: 0, detail: cause instanceof Error ? cause.message : String(cause) });
  }
  if (!result.response.ok) {
    // openapi-fetch has read the body already and parsed it into `error` when it was JSON.
    if (result.error && typeof result.error === "object") {
      throw new ApiError({ ...(result.error as Partial<Problem>), status: result.response.status });
    }
    throw await problemOf(result.response);
  }
  return result.data as T;
}
