/**
 * The sign-in pages' pure rules: where to go after signing in, how a typed user code is tidied,
 * and which sentence explains a failure. No React and no browser APIs, so unit tests cover them.
 */

/** A failure of an /api/auth call: the problem's status and code, and Retry-After in seconds. */
export class AuthProblem extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string | undefined, detail: string, retryAfterSeconds?: number) {
    super(detail);
    this.name = "AuthProblem";
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Retry-After as seconds: a number of seconds, or an HTTP date. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const PAGES_WITHOUT_RETURN = /^\/(login|enrol)(\/|$)/;

/**
 * `next` as a path below `prefix` on this site, or null. Anything that a browser could read as
 * another site (`//evil.example`, `/\evil`, `https:…`, encoded tricks) is null.
 */
function pathBelow(next: string | null | undefined, prefix: "/os" | "/staff"): string | null {
  if (!next || next.length > 500) return null;
  // Printable ASCII only, starting with exactly one slash and no backslash anywhere.
  if (!/^\/[\x21-\x7e]*$/.test(next) || next.includes("\\") || next.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(next, "https://nadoo.invalid");
  } catch {
    return null;
  }
  if (url.origin !== "https://nadoo.invalid") return null;
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return null;
  const inside = url.pathname.slice(prefix.length) || "/";
  if (inside.startsWith("//")) return null;
  return `${inside}${url.search}${url.hash}`;
}

/**
 * The page to open after signing in, as a path of the app's router (below /os): `next` when it is a
 * page of NADOO OS on this site, else the dashboard.
 */
export function safeNext(next: string | null | undefined): string {
  const inside = pathBelow(next, "/os");
  return inside === null || PAGES_WITHOUT_RETURN.test(inside.split(/[?#]/)[0] ?? "") ? "/" : inside;
}

/** The staff console page (a full path below /staff/) to open after signing in, if `next` is one. */
export function staffNext(next: string | null | undefined): string | null {
  const inside = pathBelow(next, "/staff");
  return inside === null ? null : `/staff${inside}`;
}

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{12}$/;
const LEGACY = /^[A-Za-z0-9]{6}$/;

/** Removes what people type around a code: spaces, dashes, slashes, dots. */
function strip(input: string): string {
  return input.replace(/[\s\-–—_/.]/g, "");
}

/**
 * A typed user code tidied for display and sending: new codes (12 characters) upper case, with the
 * letters people confuse on a printed key read as digits (O → 0, I/L → 1), in groups of four.
 * Codes of the original system (6 characters) stay as typed, as they were case-sensitive.
 */
export function normaliseUserCode(input: string): string {
  const stripped = strip(input);
  if (stripped.length !== 12) return stripped;
  const key = stripped.toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  return CROCKFORD.test(key) ? (key.match(/.{4}/g) as string[]).join("-") : stripped;
}

/** Whether the input can be a user code at all (saves a request and a counted failure). */
export function isPlausibleUserCode(input: string): boolean {
  const normalised = normaliseUserCode(input);
  return CROCKFORD.test(normalised.replace(/-/g, "")) || LEGACY.test(normalised);
}

export interface Explanation {
  /** A key of the `auth` namespace. */
  key: string;
  values?: Record<string, string | number>;
}

/** Problem codes of /api/auth that have their own sentence in `auth.json` under `errors.*`. */
const EXPLAINED = new Set([
  "enrolment_link_unknown",
  "enrolment_link_used",
  "enrolment_link_replaced",
  "enrolment_link_expired",
  "account_deactivated",
  "user_code_unknown",
  "no_passkey",
  "authentication_failed",
  "registration_failed",
  "conflict",
  "validation_failed",
]);

/** The sentence for a failed sign-in or enrolment: API problems by code, browser refusals by name. */
export function explainFailure(error: unknown): Explanation {
  if (error instanceof AuthProblem) {
    if (error.status === 429) {
      const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
      return { key: "errors.tooManyAttempts", values: { count: minutes } };
    }
    if (error.status === 0) return { key: "errors.network" };
    if (error.code && EXPLAINED.has(error.code)) return { key: `errors.${error.code}` };
    if (error.status === 403) return { key: "errors.refused" };
    if (error.status >= 500) return { key: "errors.server" };
    return { key: "errors.generic" };
  }
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return { key: "errors.conflict" };
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED") {
    return { key: "errors.cancelled" };
  }
  if (name === "SecurityError" || code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID") {
    return { key: "errors.insecure" };
  }
  return { key: "errors.generic" };
}

/** A ceremony that was cancelled because another one started, or the page closed: not a failure. */
export function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  return name === "AbortError" || code === "ERROR_CEREMONY_ABORTED";
}
