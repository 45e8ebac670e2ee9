/**
 * WebAuthn registration and authentication ceremonies, verified by @simplewebauthn/server. Every
 * challenge is stored in the database, used at most once and valid for five minutes, so any app
 * process can finish a ceremony another one started.
 */
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, ConflictError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { findUserById } from "../identity/service.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { consumeEnrolmentLink } from "./enrolment.ts";
import { listPasskeys, passkeyName } from "./passkeys.ts";
import { type Passkey, passkeys, type WebauthnChallenge, webauthnChallenges } from "./schema.ts";
import type { AuthSettings } from "./settings.ts";

export type CeremonySettings = Pick<AuthSettings, "origin" | "rpId" | "rpName" | "challengeMs" | "now">;

/** A failed sign-in: 401 with the reason in plain words; counted by the abuse limits. */
export class AuthenticationFailedError extends AppError {
  /** The user the attempt was for, when known (for the per-user limit and the audit log). */
  readonly user?: User;

  constructor(message: string, user?: User) {
    super(401, "authentication_failed", message);
    this.user = user;
  }
}

export class RegistrationFailedError extends AppError {
  constructor(message: string) {
    super(400, "registration_failed", message);
  }
}

type Purpose = WebauthnChallenge["purpose"];

async function storeChallenge(
  db: Database,
  settings: CeremonySettings,
  challenge: Omit<WebauthnChallenge, "expiresAt">,
): Promise<void> {
  const now = settings.now();
  // Expired challenges are swept whenever a new one is made, so the table stays small without a timer.
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  await db
    .insert(webauthnChallenges)
    .values({ ...challenge, expiresAt: new Date(now.getTime() + settings.challengeMs) });
}

/** The challenge the browser signed, read from the response's client data. */
function challengeOf(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const clientData = JSON.parse(
      Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8"),
    );
    return typeof clientData?.challenge === "string" ? clientData.challenge : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes and returns the challenge: a second use, or one after five minutes, finds nothing. */
async function takeChallenge(
  db: Database,
  settings: CeremonySettings,
  challenge: string | undefined,
  purpose: Purpose,
): Promise<WebauthnChallenge | undefined> {
  if (!challenge) return undefined;
  const [taken] = await db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.challenge, challenge), eq(webauthnChallenges.purpose, purpose)))
    .returning();
  if (!taken || taken.expiresAt.getTime() <= settings.now().getTime()) return undefined;
  return taken;
}

function transportsOf(passkey: Passkey): AuthenticatorTransport[] {
  return passkey.transports as AuthenticatorTransport[];
}

export interface RegistrationTarget {
  user: User;
  /** Set when registering through an enrolment link, which the verification then uses up. */
  enrolmentLinkId?: string;
}

export async function beginRegistration(
  db: Database,
  settings: CeremonySettings,
  target: RegistrationTarget,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(db, target.user.id);
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    userName: formatUserCode(target.user.code),
    userID: new TextEncoder().encode(target.user.id),
    userDisplayName: target.user.displayName,
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: transportsOf(passkey),
    })),
    // Discoverable credentials where the authenticator can, for usernameless sign-in.
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await storeChallenge(db, settings, {
    challenge: options.challenge,
    purpose: "registration",
    userId: target.user.id,
    enrolmentLinkId: target.enrolmentLinkId ?? null,
  });
  return options;
}

export interface RegistrationResult {
  passkey: Passkey;
  user: User;
}

/**
 * Verifies a registration and stores the passkey, in one transaction with using up the enrolment
 * link. `expected` must match what the challenge was issued for.
 */
export async function finishRegistration(
  db: Database,
  settings: CeremonySettings,
  actor: ActorContext,
  expected: { userId: string; enrolmentLinkId?: string },
  response: RegistrationResponseJSON,
  name?: string,
): Promise<RegistrationResult> {
  const chosenName = name === undefined ? undefined : passkeyName(name);
  const challenge = await takeChallenge(db, settings, challengeOf(response), "registration");
  if (
    !challenge ||
    challenge.userId !== expected.userId ||
    (challenge.enrolmentLinkId ?? undefined) !== expected.enrolmentLinkId
  ) {
    throw new RegistrationFailedError(
      "The registration request has expired or was already used. Start again.",
    );
  }
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: settings.origin,
      expectedRPID: settings.rpId,
      requireUserVerification: false,
    });
  } catch (error) {
    throw new RegistrationFailedError(`The new passkey could not be verified: ${(error as Error).message}`);
  }
  if (!verification.verified) throw new RegistrationFailedError("The new passkey could not be verified.");
  const info = verification.registrationInfo;
  try {
    return await transaction(db, async (tx) => {
      const user = await findUserById(tx, expected.userId);
      if (!user?.isActive) throw new RegistrationFailedError("This account is deactivated.");
      if (expected.enrolmentLinkId) await consumeEnrolmentLink(tx, settings, actor, expected.enrolmentLinkId);
      const count = await tx.$count(passkeys, eq(passkeys.userId, user.id));
      const [passkey] = await tx
        .insert(passkeys)
        .values({
          id: uuidv7(),
          userId: user.id,
          credentialId: info.credential.id,
          publicKey: info.credential.publicKey,
          signCount: info.credential.counter,
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          transports: info.credential.transports ?? response.response.transports ?? [],
          name: chosenName ?? `Passkey ${count + 1}`,
          createdAt: settings.now(),
        })
        .returning();
      if (!passkey) throw new Error("The passkey was not stored.");
      await recordAudit(tx, actor.userId ? actor : { ...actor, userId: user.id }, {
        action: "passkey.added",
        targetType: "passkey",
        targetId: passkey.id,
        after: {
          userId: user.id,
          name: passkey.name,
          deviceType: passkey.deviceType,
          backedUp: passkey.backedUp,
        },
      });
      return { passkey, user };
    });
  } catch (error) {
    if (isUniqueViolation(error, "passkeys_credential_id_unique")) {
      throw new ConflictError("This passkey is already registered.");
    }
    throw error;
  }
}

export async function beginAuthentication(
  db: Database,
  settings: CeremonySettings,
  user?: User,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = user ? await listPasskeys(db, user.id) : [];
  const options = await generateAuthenticationOptions({
    rpID: settings.rpId,
    allowCredentials: allowed.map((passkey) => ({
      id: passkey.credentialId,
      transports: transportsOf(passkey),
    })),
    userVerification: "preferred",
  });
  await storeChallenge(db, settings, {
    challenge: options.challenge,
    purpose: "authentication",
    userId: user?.id ?? null,
    enrolmentLinkId: null,
  });
  return options;
}

export interface AuthenticationResult {
  user: User;
  passkey: Passkey;
  /** A device-bound key whose signature counter did not increase: possibly a cloned key. */
  counterWarning: boolean;
  /** Signed in after entering a user code (else usernameless). */
  viaUserCode: boolean;
}

/** Verifies an assertion; any failure is an AuthenticationFailedError naming the reason. */
export async function finishAuthentication(
  db: Database,
  settings: CeremonySettings,
  actor: ActorContext,
  response: AuthenticationResponseJSON,
): Promise<AuthenticationResult> {
  const challenge = await takeChallenge(db, settings, challengeOf(response), "authentication");
  const intended = challenge?.userId ? await findUserById(db, challenge.userId) : undefined;
  if (!challenge) {
    throw new AuthenticationFailedError("The sign-in request has expired or was already used. Start again.");
  }
  const [passkey] = await db.select().from(passkeys).where(eq(passkeys.credentialId, response.id));
  if (!passkey) throw new AuthenticationFailedError("This passkey is not registered with NADOO.", intended);
  const user = await findUserById(db, passkey.userId);
  if (!user) throw new AuthenticationFailedError("This passkey is not registered with NADOO.", intended);
  if (intended && intended.id !== user.id) {
    throw new AuthenticationFailedError(
      "This passkey does not belong to the user code you entered.",
      intended,
    );
  }
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: settings.origin,
      expectedRPID: settings.rpId,
      // The counter is compared below: a regression is a warning (SPEC §1), not a rejection.
      credential: {
        id: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: 0,
        transports: transportsOf(passkey),
      },
      requireUserVerification: false,
    });
  } catch (error) {
    throw new AuthenticationFailedError(
      `The passkey's answer could not be verified: ${(error as Error).message}`,
      user,
    );
  }
  if (!verification.verified)
    throw new AuthenticationFailedError("The passkey's answer could not be verified.", user);
  if (!user.isActive) throw new AuthenticationFailedError("This account is deactivated.", user);

  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  const counterWarning =
    passkey.deviceType === "singleDevice" &&
    (newCounter > 0 || passkey.signCount > 0) &&
    newCounter <= passkey.signCount;
  const now = settings.now();
  await transaction(db, async (tx) => {
    await tx
      .update(passkeys)
      .set({
        signCount: sql`greatest(${passkeys.signCount}, ${newCounter})`,
        backedUp: credentialBackedUp,
        lastUsedAt: now,
      })
      .where(eq(passkeys.id, passkey.id));
    if (counterWarning) {
      await recordAudit(
        tx,
        { ...actor, userId: user.id },
        {
          action: "passkey.counter_not_increasing",
          targetType: "passkey",
          targetId: passkey.id,
          after: { storedCounter: passkey.signCount, reportedCounter: newCounter },
        },
      );
    }
  });
  return {
    user,
    passkey: { ...passkey, lastUsedAt: now },
    counterWarning,
    viaUserCode: Boolean(challenge.userId),
  };
}
