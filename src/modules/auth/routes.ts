/**
 * `/api/auth/...`: the JSON API of sign-in, enrolment, sessions and the user's own passkeys.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { LANGUAGES, setMyLanguage } from "../identity/language.ts";
import type { User } from "../identity/schema.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { beginRegistration, finishRegistration } from "./ceremonies.ts";
import type { IssuedEnrolmentLink } from "./enrolment.ts";
import { clearSessionCookie, requireUser, setSessionCookie, userActorOf, visitorOf } from "./http-session.ts";
import {
  authenticationOptions,
  enrol,
  enrolmentOptions,
  inspectEnrolmentLink,
  type SignedIn,
  signIn,
} from "./login.ts";
import { listPasskeys, removePasskey, renamePasskey } from "./passkeys.ts";
import type { Passkey, Session } from "./schema.ts";
import { csrfTokenFor, endAllSessions, endSession, listSessions, revokeSession } from "./sessions.ts";
import type { AuthSettings } from "./settings.ts";

export interface AuthRoutesOptions {
  db: Database;
  settings: AuthSettings;
}

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, "must be base64url");

/** What browsers send back from navigator.credentials (as @simplewebauthn/browser encodes it). */
const credentialBase = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

const registrationResponse = z.object({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});

const authenticationResponse = z.object({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.optional(),
  }),
});

const publicKeyOptions = z
  .looseObject({ challenge: z.string() })
  .describe("PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON for @simplewebauthn/browser");

/** The options objects are passed to the browser as they are; the schema only documents them. */
const asOptions = async <T extends { challenge: string }>(options: Promise<T>) =>
  (await options) as T & Record<string, unknown>;

export const userView = z.object({
  id: z.uuid(),
  code: z.string().describe("The user code as displayed, e.g. K7QM-3XTD-9PWA"),
  displayName: z.string(),
  language: z.enum(["de", "en"]),
  isStaff: z.boolean(),
  isSuperuser: z.boolean(),
});

export const enrolmentLinkView = z.object({
  userId: z.uuid(),
  url: z.string().describe("PUBLIC_URL/os/enrol/<token>: hand it to the user; it is shown only now"),
  token: z.string(),
  expiresAt: z.iso.datetime(),
});

export function viewEnrolmentLink(issued: IssuedEnrolmentLink): z.infer<typeof enrolmentLinkView> {
  return {
    userId: issued.link.userId,
    url: issued.url,
    token: issued.token,
    expiresAt: issued.link.expiresAt.toISOString(),
  };
}

const passkeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  backedUp: z.boolean().describe("Synced to a cloud account (a passkey) rather than bound to one device"),
  deviceType: z.enum(["singleDevice", "multiDevice"]),
  transports: z.array(z.string()),
});

const sessionView = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().describe("The absolute end; idle sessions end earlier"),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

const signedInView = z.object({ user: userView, csrfToken: z.string(), expiresAt: z.iso.datetime() });

const meView = z.object({
  user: userView,
  session: z.object({ id: z.uuid(), expiresAt: z.iso.datetime() }),
  csrfToken: z.string().describe("Send it as the x-csrf-token header on every state-changing request"),
});

const enrolmentView = z.object({
  user: z.object({ code: z.string(), displayName: z.string() }),
  expiresAt: z.iso.datetime(),
});

const enrolmentTokenField = z.string().min(1).max(200);
const tokenParams = z.object({ token: enrolmentTokenField });
const idParams = z.object({ id: z.string().max(100) });

export function viewUser(user: User): z.infer<typeof userView> {
  return {
    id: user.id,
    code: formatUserCode(user.code),
    displayName: user.displayName,
    language: user.language,
    isStaff: user.isStaff,
    isSuperuser: user.isSuperuser,
  };
}

function viewPasskey(passkey: Passkey): z.infer<typeof passkeyView> {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    backedUp: passkey.backedUp,
    deviceType: passkey.deviceType,
    transports: passkey.transports,
  };
}

function viewSession(session: Session, currentId: string): z.infer<typeof sessionView> {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

const tags = ["auth"];
const signedInSecurity = [{ session: [], csrf: [] }];

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { db, settings }) => {
  const signedIn = (result: SignedIn) => ({
    user: viewUser(result.user),
    csrfToken: csrfTokenFor(settings, result.session),
    expiresAt: result.session.expiresAt.toISOString(),
  });

  app.get(
    "/enrolment/:token",
    {
      schema: {
        tags,
        summary: "Who an enrolment link is for (404 unknown, 410 used, replaced or expired)",
        params: tokenParams,
        response: { 200: enrolmentView },
      },
    },
    async (request) => {
      const { user, link } = await inspectEnrolmentLink(
        db,
        settings,
        visitorOf(request, settings),
        request.params.token,
      );
      return {
        user: { code: formatUserCode(user.code), displayName: user.displayName },
        expiresAt: link.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    "/registration/options",
    {
      config: { csrfExempt: true },
      schema: {
        tags,
        summary: "Start registering a passkey with an enrolment token",
        body: z.object({ enrolmentToken: enrolmentTokenField }),
        response: { 200: publicKeyOptions },
      },
    },
    async (request) =>
      asOptions(enrolmentOptions(db, settings, visitorOf(request, settings), request.body.enrolmentToken)),
  );

  app.post(
    "/registration/verify",
    {
      config: { csrfExempt: true },
      schema: {
        tags,
        summary: "Finish registering with an enrolment token: uses the link up and signs the user in",
        body: z.object({
          enrolmentToken: enrolmentTokenField,
          name: z.string().max(200).optional(),
          response: registrationResponse,
        }),
        response: { 201: z.object({ passkey: passkeyView, session: signedInView }) },
      },
    },
    async (request, reply) => {
      const { enrolmentToken, name } = request.body;
      const response = request.body.response as RegistrationResponseJSON;
      const result = await enrol(db, settings, visitorOf(request, settings), enrolmentToken, response, name);
      setSessionCookie(reply, settings, result.token, result.session.expiresAt);
      return reply.code(201).send({ passkey: viewPasskey(result.passkey), session: signedIn(result) });
    },
  );

  app.post(
    "/authentication/options",
    {
      config: { csrfExempt: true },
      schema: {
        tags,
        summary: "Start signing in: with a user code (that user's passkeys), or usernameless without one",
        body: z.object({ userCode: z.string().min(1).max(64).optional() }),
        response: { 200: publicKeyOptions },
      },
    },
    async (request) =>
      asOptions(authenticationOptions(db, settings, visitorOf(request, settings), request.body.userCode)),
  );

  app.post(
    "/authentication/verify",
    {
      config: { csrfExempt: true },
      schema: {
        tags,
        summary: "Finish signing in: sets the session cookie (a new session id at every login)",
        body: z.object({ response: authenticationResponse }),
        response: { 200: signedInView },
      },
    },
    async (request, reply) => {
      const result = await signIn(
        db,
        settings,
        visitorOf(request, settings),
        request.body.response as AuthenticationResponseJSON,
      );
      if (result.counterWarning) {
        request.log.warn(
          { passkeyId: result.passkey.id, userId: result.user.id },
          "signature counter of a device-bound passkey did not increase; the key may have been cloned",
        );
      }
      setSessionCookie(reply, settings, result.token, result.session.expiresAt);
      return signedIn(result);
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags,
        summary: "The signed-in user, session and CSRF token",
        security: [{ session: [] }],
        response: { 200: meView },
      },
    },
    async (request) => {
      const { user, session } = requireUser(request);
      return {
        user: viewUser(user),
        session: { id: session.id, expiresAt: session.expiresAt.toISOString() },
        csrfToken: csrfTokenFor(settings, session),
      };
    },
  );

  app.patch(
    "/me",
    {
      schema: {
        tags,
        summary: "Change my settings: the language NADOO OS speaks to me on every device",
        security: signedInSecurity,
        body: z.object({ language: z.enum(LANGUAGES) }),
        response: { 200: z.object({ user: userView }) },
      },
    },
    async (request) => ({
      user: viewUser(await setMyLanguage(db, userActorOf(request), request.body.language)),
    }),
  );

  app.post(
    "/logout",
    {
      schema: { tags, summary: "End this session", security: signedInSecurity, response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.auth) await endSession(db, userActorOf(request), request.auth.session);
      clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/logout-all",
    {
      schema: {
        tags,
        summary: "End every session of the signed-in user, this one included",
        security: signedInSecurity,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await endAllSessions(db, userActorOf(request));
      clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/sessions",
    {
      schema: {
        tags,
        summary: "My live sessions",
        security: [{ session: [] }],
        response: { 200: z.object({ items: z.array(sessionView) }) },
      },
    },
    async (request) => {
      const { user, session } = requireUser(request);
      const items = await listSessions(db, settings, user.id);
      return { items: items.map((item) => viewSession(item, session.id)) };
    },
  );

  app.delete(
    "/sessions/:id",
    {
      schema: {
        tags,
        summary: "End one of my sessions",
        params: idParams,
        security: signedInSecurity,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeSession(db, userActorOf(request), request.params.id);
      if (request.params.id === request.auth?.session.id) clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/passkeys",
    {
      schema: {
        tags,
        summary: "My passkeys",
        security: [{ session: [] }],
        response: { 200: z.object({ items: z.array(passkeyView) }) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { items: (await listPasskeys(db, user.id)).map(viewPasskey) };
    },
  );

  app.post(
    "/passkeys/registration/options",
    {
      schema: {
        tags,
        summary: "Start adding another passkey to my account",
        security: signedInSecurity,
        response: { 200: publicKeyOptions },
      },
    },
    async (request) => asOptions(beginRegistration(db, settings, { user: requireUser(request).user })),
  );

  app.post(
    "/passkeys/registration/verify",
    {
      schema: {
        tags,
        summary: "Finish adding another passkey to my account",
        body: z.object({ name: z.string().max(200).optional(), response: registrationResponse }),
        security: signedInSecurity,
        response: { 201: passkeyView },
      },
    },
    async (request, reply) => {
      const actor = userActorOf(request);
      const { passkey } = await finishRegistration(
        db,
        settings,
        actor,
        { userId: actor.userId },
        request.body.response as RegistrationResponseJSON,
        request.body.name,
      );
      return reply.code(201).send(viewPasskey(passkey));
    },
  );

  app.patch(
    "/passkeys/:id",
    {
      schema: {
        tags,
        summary: "Rename one of my passkeys",
        params: idParams,
        body: z.object({ name: z.string().max(200) }),
        security: signedInSecurity,
        response: { 200: passkeyView },
      },
    },
    async (request) =>
      viewPasskey(await renamePasskey(db, userActorOf(request), request.params.id, request.body.name)),
  );

  app.delete(
    "/passkeys/:id",
    {
      schema: {
        tags,
        summary: "Remove one of my passkeys (409 for the last one)",
        params: idParams,
        security: signedInSecurity,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removePasskey(db, userActorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
