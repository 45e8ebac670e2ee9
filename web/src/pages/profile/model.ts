/**
 * The profile page's decisions, kept pure for unit tests: a session's device in words, which
 * passkey failure to explain how, and the order of contracts.
 */
import { ApiError } from "../../api/client";
import type { paths } from "../../api/schema";

export type Profile = paths["/api/os/me/profile"]["get"]["responses"][200]["content"]["application/json"];
export type Contract = Profile["contracts"][number];
export type Passkey =
  paths["/api/auth/passkeys"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type SessionEntry =
  paths["/api/auth/sessions"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Browser and operating system from a user agent, or null when neither is recognised. */
export function deviceOf(userAgent: string | null): { browser: string; system: string } | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\//.test(userAgent)
      ? "Opera"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /(Chrome|Chromium|CriOS)\//.test(userAgent)
          ? "Chrome"
          : /Safari\//.test(userAgent)
            ? "Safari"
            : null;
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /(iPhone|iPad|iPod)/.test(userAgent)
      ? "iOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /CrOS/.test(userAgent)
            ? "ChromeOS"
            : /Linux/.test(userAgent)
              ? "Linux"
              : null;
  if (!browser && !system) return null;
  return { browser: browser ?? "Browser", system: system ?? "?" };
}

/** The current session first, then the most recently active. */
export function orderSessions(sessions: readonly SessionEntry[]): SessionEntry[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
}

/** Active contracts first, each group by customer name. */
export function orderContracts(contracts: readonly Contract[]): Contract[] {
  return [...contracts].sort(
    (a, b) => Number(b.isActive) - Number(a.isActive) || a.customer.name.localeCompare(b.customer.name),
  );
}

export type PasskeyProblem = "lastOne" | "cancelled" | "alreadyRegistered" | "unsupported" | "failed" | null;

/**
 * Which sentence of the page explains a passkey failure; null leaves it to the generic API error
 * texts (network, session expired, …). The server's own 409 text is English, so it is replaced.
 */
export function passkeyProblem(error: unknown): PasskeyProblem {
  if (error instanceof ApiError) return error.status === 409 ? "lastOne" : null;
  if (!error || typeof error !== "object") return "failed";
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "alreadyRegistered";
  }
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED")
    return "cancelled";
  if (name === "NotSupportedError" || code === "ERROR_INVALID_DOMAIN") return "unsupported";
  return "failed";
}

/** Only the passkey kept last may not be removed; the page says so before anyone tries. */
export function mayRemovePasskey(count: number): boolean {
  return count > 1;
}
