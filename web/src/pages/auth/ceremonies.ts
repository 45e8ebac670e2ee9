/**
 * The WebAuthn ceremonies of signing in and enrolling, against /api/auth with
 * @simplewebauthn/browser. Failures become `AuthProblem`s that keep Retry-After, which the shared
 * `ApiError` does not carry and a locked-out person needs ("try again in 12 minutes").
 */
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import { api } from "../../api/client";
import type { paths } from "../../api/schema";
import { AuthProblem, retryAfterSeconds } from "./logic";

export type SignedIn =
  paths["/api/auth/authentication/verify"]["post"]["responses"][200]["content"]["application/json"];
export type EnrolmentInfo =
  paths["/api/auth/enrolment/{token}"]["get"]["responses"][200]["content"]["application/json"];

type Result<T> = { data?: T; error?: unknown; response: Response };

async function checked<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new AuthProblem(0, undefined, cause instanceof Error ? cause.message : String(cause));
  }
  const { response } = result;
  if (response.ok) return result.data as T;
  const problem = (result.error ?? {}) as { code?: string; detail?: string };
  throw new AuthProblem(
    response.status,
    problem.code,
    problem.detail ?? `HTTP ${response.status}`,
    retryAfterSeconds(response.headers.get("retry-after")),
  );
}

type AssertionJSON =
  paths["/api/auth/authentication/verify"]["post"]["requestBody"]["content"]["application/json"]["response"];
type AttestationJSON =
  paths["/api/auth/registration/verify"]["post"]["requestBody"]["content"]["application/json"]["response"];

/**
 * The browser's answer as the API's schema types it: the same JSON, but the library types its
 * parts as interfaces, which TypeScript will not match against the schema's open records.
 */
function asSchema<T>(response: unknown): T {
  return response as T;
}

export function fetchEnrolment(token: string): Promise<EnrolmentInfo> {
  return checked(api.GET("/api/auth/enrolment/{token}", { params: { path: { token } } }));
}

/**
 * Signs in with a passkey: of the user with `userCode` (their keys are allowed), or any
 * discoverable one without. `autofill` offers the passkeys in the user-code field's suggestions
 * (conditional UI) and waits there until one is picked or the ceremony is cancelled.
 */
export async function signInWithPasskey(options: {
  userCode?: string;
  autofill?: boolean;
  /** Checked between the steps: a ceremony that is no longer wanted must not start. */
  cancelled?: () => boolean;
  /** Called once the browser has the person's answer, while the server checks it. */
  answered?: () => void;
}): Promise<SignedIn | undefined> {
  const body = options.userCode ? { userCode: options.userCode } : {};
  const optionsJSON = await checked(api.POST("/api/auth/authentication/options", { body }));
  if (options.cancelled?.()) return undefined;
  const response = await startAuthentication({
    optionsJSON: optionsJSON as unknown as PublicKeyCredentialRequestOptionsJSON,
    useBrowserAutofill: options.autofill ?? false,
  });
  options.answered?.();
  return checked(
    api.POST("/api/auth/authentication/verify", { body: { response: asSchema<AssertionJSON>(response) } }),
  );
}

/** Registers the first passkey with an enrolment link, which signs the user in. */
export async function enrolPasskey(token: string, name: string): Promise<SignedIn> {
  const optionsJSON = await checked(
    api.POST("/api/auth/registration/options", { body: { enrolmentToken: token } }),
  );
  const response = await startRegistration({
    optionsJSON: optionsJSON as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  const trimmed = name.trim();
  const result = await checked(
    api.POST("/api/auth/registration/verify", {
      body: {
        enrolmentToken: token,
        response: asSchema<AttestationJSON>(response),
        ...(trimmed ? { name: trimmed } : {}),
      },
    }),
  );
  return result.session;
}
