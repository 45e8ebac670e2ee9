/**
 * The sign-in and enrolment use cases: abuse limits, the WebAuthn ceremony, the new session and the
 * audit trail, in that order. Entry points (HTTP routes, pages) only translate to and from cookies.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { AppError } from "../../lib/errors.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { findUserByCode } from "../identity/service.ts";
import { parseUserCode } from "../identity/user-code.ts";
import {
  AuthenticationFailedError,
  beginAuthentication,
  beginRegistration,
  finishAuthentication,
  finishRegistration,
  RegistrationFailedError,
} from "./ceremonies.ts";
import { type OpenEnrolmentLink, openEnrolmentLink } from "./enrolment.ts";
import { type Passkey, passkeys } from "./schema.ts";
import { type StartedSession, startSession } from "./sessions.ts";
import type { AuthSettings } from "./settings.ts";
import { assertNotLockedOut, clearFailures, recordFailure, throttleSubjects } from "./throttle.ts";

/** An anonymous caller: where the request came from, and the session cookie it may already hold. */
export interface Visitor extends ActorContext {
  userAgent?: string | null;
  /** The browser's current session token; it is ended when a new session starts (new id at login). */
  sessionToken?: string;
}

async function loginFailed(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  reason: string,
  user: User | undefined,
  userCode?: string,
): Promise<void> {
  await recordFailure(
    db,
    settings,
    visitor,
    throttleSubjects(visitor.ip, user?.codeKey ?? codeKeyOf(userCode)),
  );
  await recordAudit(
    db,
    { ...visitor, userId: null },
    {
      action: "auth.login_failed",
      targetType: user ? "user" : null,
      targetId: user?.id ?? null,
      after: { reason, userCode: user ? user.code : userCode?.slice(0, 40) },
    },
  );
}

function codeKeyOf(userCode: string | undefined): string | undefined {
  return userCode === undefined ? undefined : parseUserCode(userCode)?.key;
}

/**
 * Options to sign in: for the user with `userCode` (their passkeys are allowed), or usernameless
 * (any discoverable passkey) without one.
 */
export async function authenticationOptions(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  userCode?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await assertNotLockedOut(db, settings, throttleSubjects(visitor.ip, codeKeyOf(userCode)));
  if (userCode === undefined) return beginAuthentication(db, settings);
  const user = await findUserByCode(db, userCode);
  let refusal: AppError | undefined;
  if (!user) {
    refusal = new AppError(
      404,
      "user_code_unknown",
      "No user has this user code. Check the code printed on your security key.",
    );
  } else if (!user.isActive) {
    refusal = new AppError(403, "account_deactivated", "This account is deactivated.");
  } else if ((await db.$count(passkeys, eq(passkeys.userId, user.id))) === 0) {
    refusal = new AppError(
      409,
      "no_passkey",
      "This user has no passkey yet. Register one with the enrolment link you received.",
    );
  }
  if (refusal) {
    await loginFailed(db, settings, visitor, refusal.code, user, userCode);
    throw refusal;
  }
  return beginAuthentication(db, settings, user);
}

export interface SignedIn extends StartedSession {
  user: User;
  passkey: Passkey;
  counterWarning: boolean;
}

/** Verifies the passkey's answer and opens a new session. */
export async function signIn(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  response: AuthenticationResponseJSON,
): Promise<SignedIn> {
  await assertNotLockedOut(db, settings, throttleSubjects(visitor.ip));
  let result: Awaited<ReturnType<typeof finishAuthentication>>;
  try {
    result = await finishAuthentication(db, settings, visitor, response);
  } catch (error) {
    if (error instanceof AuthenticationFailedError) {
      await loginFailed(db, settings, visitor, error.message, error.user);
    }
    throw error;
  }
  // A user code under lock-out stays locked, even for a correct key, until its window ends (the
  // address was checked above).
  await assertNotLockedOut(db, settings, throttleSubjects(null, result.user.codeKey));
  const signedIn = await openSignedInSession(
    db,
    settings,
    visitor,
    result.user,
    result.passkey,
    result.viaUserCode ? "user_code" : "usernameless",
  );
  return { ...signedIn, counterWarning: result.counterWarning };
}

/** After a successful ceremony: clears the failure counts, opens a new session, audit-logs the login. */
async function openSignedInSession(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  user: User,
  passkey: Passkey,
  method: "user_code" | "usernameless" | "enrolment",
): Promise<SignedIn> {
  await clearFailures(db, throttleSubjects(visitor.ip, user.codeKey));
  const started = await startSession(db, settings, user.id, visitor, visitor.sessionToken);
  await recordAudit(
    db,
    { ...visitor, userId: user.id },
    {
      action: "auth.login_succeeded",
      targetType: "session",
      targetId: started.session.id,
      after: { method, passkeyId: passkey.id },
    },
  );
  return { ...started, user, passkey, counterWarning: false };
}

/** The link a token names, for the enrolment page; unknown, used and expired tokens count as failures. */
export async function inspectEnrolmentLink(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  token: string,
): Promise<OpenEnrolmentLink> {
  await assertNotLockedOut(db, settings, throttleSubjects(visitor.ip));
  try {
    return await openEnrolmentLink(db, settings, token);
  } catch (error) {
    if (error instanceof AppError) await enrolmentFailed(db, settings, visitor, error.message);
    throw error;
  }
}

async function enrolmentFailed(db: Database, settings: AuthSettings, visitor: Visitor, reason: string) {
  await recordFailure(db, settings, visitor, throttleSubjects(visitor.ip));
  await recordAudit(db, { ...visitor, userId: null }, { action: "auth.enrolment_failed", after: { reason } });
}

export async function enrolmentOptions(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  token: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user, link } = await inspectEnrolmentLink(db, settings, visitor, token);
  return beginRegistration(db, settings, { user, enrolmentLinkId: link.id });
}

/** Registers the passkey of an enrolment link, uses the link up and signs the user in. */
export async function enrol(
  db: Database,
  settings: AuthSettings,
  visitor: Visitor,
  token: string,
  response: RegistrationResponseJSON,
  name?: string,
): Promise<SignedIn> {
  const { user, link } = await inspectEnrolmentLink(db, settings, visitor, token);
  let registered: Awaited<ReturnType<typeof finishRegistration>>;
  try {
    registered = await finishRegistration(
      db,
      settings,
      { ...visitor, userId: user.id },
      { userId: user.id, enrolmentLinkId: link.id },
      response,
      name,
    );
  } catch (error) {
    if (error instanceof RegistrationFailedError) await enrolmentFailed(db, settings, visitor, error.message);
    throw error;
  }
  return openSignedInSession(db, settings, visitor, user, registered.passkey, "enrolment");
}
