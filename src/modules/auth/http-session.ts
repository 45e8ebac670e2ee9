/**
 * Sessions on the HTTP side: reads the session cookie into `request.auth`, refuses cross-site and
 * token-less state changes (CSRF), and gives routes `requireUser` / `actorOf` (authorization itself
 * is the services' policy checks). Registered on the root
 * app, so every module's routes see the same rules.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/connection.ts";
import { AppError, UnauthorizedError } from "../../lib/errors.ts";
import type { ActorContext } from "../audit/service.ts";
import type { Visitor } from "./login.ts";
import { type ActiveSession, isValidCsrfToken, resumeSession } from "./sessions.ts";
import type { AuthSettings } from "./settings.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user's live session, or null. */
    auth: ActiveSession | null;
  }
  interface FastifyContextConfig {
    /**
     * Sign-in and enrolment ceremonies run before there is a session to hold a CSRF token; they are
     * still refused from other origins.
     */
    csrfExempt?: boolean;
  }
}

const CSRF_HEADER = "x-csrf-token";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function sessionCookieName(settings: Pick<AuthSettings, "secureCookies">): string {
  // `__Host-` makes browsers refuse the cookie unless it is Secure, host-only and for path `/`.
  return settings.secureCookies ? "__Host-nadoo_session" : "nadoo_session";
}

/** Setting and clearing must name the same attributes, or browsers keep the old cookie. */
function cookieAttributes(settings: AuthSettings) {
  return { httpOnly: true, sameSite: "lax", secure: settings.secureCookies, path: "/" } as const;
}

export function setSessionCookie(
  reply: FastifyReply,
  settings: AuthSettings,
  token: string,
  expiresAt: Date,
) {
  reply.setCookie(sessionCookieName(settings), token, { ...cookieAttributes(settings), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, settings: AuthSettings) {
  reply.clearCookie(sessionCookieName(settings), cookieAttributes(settings));
}

function sessionTokenOf(request: FastifyRequest, settings: AuthSettings): string | undefined {
  const token = request.cookies[sessionCookieName(settings)];
  return token && token.length <= 200 ? token : undefined;
}

class CrossSiteError extends AppError {
  constructor(message: string) {
    super(403, "csrf_refused", message);
  }
}

function isCrossSite(request: FastifyRequest, settings: AuthSettings): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin !== settings.origin;
  return request.headers["sec-fetch-site"] === "cross-site";
}

export async function registerSessions(app: FastifyInstance, db: Database, settings: AuthSettings) {
  await app.register(cookie);
  app.decorateRequest("auth", null);

  app.addHook("onRequest", async (request, reply) => {
    const token = sessionTokenOf(request, settings);
    if (!token) return;
    request.auth = (await resumeSession(db, settings, token)) ?? null;
    // A stale cookie is removed so the browser stops sending it.
    if (!request.auth) clearSessionCookie(reply, settings);
  });

  app.addHook("preHandler", async (request) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const browserBound = request.auth !== null || request.routeOptions.config.csrfExempt === true;
    if (browserBound && isCrossSite(request, settings)) {
      throw new CrossSiteError("Requests from other sites are refused.");
    }
    if (request.auth && !request.routeOptions.config.csrfExempt) {
      const given = request.headers[CSRF_HEADER];
      if (!isValidCsrfToken(settings, request.auth.session, typeof given === "string" ? given : undefined)) {
        throw new CrossSiteError(
          `The ${CSRF_HEADER} header is missing or wrong. Reload the page and try again.`,
        );
      }
    }
  });
}

export function requireUser(request: FastifyRequest): ActiveSession {
  if (!request.auth) throw new UnauthorizedError("Sign in first: there is no valid session.");
  return request.auth;
}

/** Who acts, for services and the audit log. */
export function actorOf(request: FastifyRequest): ActorContext {
  return { userId: request.auth?.user.id ?? null, ip: request.ip, requestId: request.id };
}

export function userActorOf(request: FastifyRequest): ActorContext & { userId: string } {
  return { ...actorOf(request), userId: requireUser(request).user.id };
}

export function visitorOf(request: FastifyRequest, settings: AuthSettings): Visitor {
  return {
    ...actorOf(request),
    userAgent: request.headers["user-agent"] ?? null,
    sessionToken: sessionTokenOf(request, settings),
  };
}
