/**
 * The composition root: builds the Fastify app from its dependencies and registers each module's
 * plugin. Nothing here listens on a port; `server.ts` does that, tests use `app.inject`.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { DestinationStream } from "pino";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { healthRoutes } from "./http/health.ts";
import { loggerOptions } from "./http/logging.ts";
import { registerMetrics } from "./http/metrics.ts";
import { registerOpenApi } from "./http/openapi.ts";
import { handleError, registerProblemHandlers } from "./http/problem.ts";
import { registerSecurityHeaders } from "./http/security-headers.ts";
import { registerWebApp } from "./http/web-app.ts";
import { apiKeyRoutes } from "./modules/api-keys/routes.ts";
import { auditRoutes } from "./modules/audit/routes.ts";
import { registerSessions } from "./modules/auth/http-session.ts";
import { authPages } from "./modules/auth/pages.ts";
import { authRoutes } from "./modules/auth/routes.ts";
import { type AuthConfig, authSettings } from "./modules/auth/settings.ts";
import { complaintRoutes } from "./modules/complaints/routes.ts";
import { complaintStaffRoutes } from "./modules/complaints/staff-routes.ts";
import { crmRoutes } from "./modules/crm/routes.ts";
import { crmStaffRoutes } from "./modules/crm/staff-routes.ts";
import { executionApiRoutes } from "./modules/executions/api-routes.ts";
import { createReporting } from "./modules/executions/ingest.ts";
import { legacyApiRoutes } from "./modules/executions/legacy-routes.ts";
import { executionOsRoutes } from "./modules/executions/os-routes.ts";
import { executionStaffRoutes } from "./modules/executions/staff-routes.ts";
import { hrRoutes } from "./modules/hr/routes.ts";
import { insightRoutes } from "./modules/insights/routes.ts";
import { notificationRoutes } from "./modules/notifications/routes.ts";
import { programOsRoutes, programStaffRoutes } from "./modules/programs/routes.ts";
import { staffRoutes } from "./modules/staff/routes.ts";
import { statementRoutes } from "./modules/statements/routes.ts";
import { timeAccountOsRoutes, timeAccountStaffRoutes } from "./modules/time-accounts/routes.ts";

export type AppConfig = Pick<Config, "logLevel" | "bodyLimitBytes" | "trustProxy"> & AuthConfig;

export interface AppDependencies {
  config: AppConfig;
  database: DatabaseHandle;
  /** Where log lines go; standard output when unset. */
  logStream?: DestinationStream;
  /** The clock of sessions, links and challenges; tests move it. */
  now?: () => Date;
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const packageVersion = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's request log lines, but only when the request is answered, with the request in it. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        "request errored",
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
    }
  }
}

export async function buildApp(dependencies: AppDependencies): Promise<App> {
  const { config, database } = dependencies;
  const logger = loggerOptions(config.logLevel);
  const app = Fastify({
    logger: dependencies.logStream ? { ...logger, stream: dependencies.logStream } : logger,
    // One line per request, when it is answered (below), instead of two: each line is a write to
    // standard output, a large part of the CPU of a reported execution.
    logController: new OneLinePerRequest(),
    bodyLimit: config.bodyLimitBytes,
    // Keep a caller's request id (proxies, clients) when it is harmless, else make one.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // A hop count works at run time (fastify's request.js) but is missing from its types.
    trustProxy: config.trustProxy as boolean | string,
    // Errors raised before routing (a malformed URL) take the same problem+json path.
    frameworkErrors: handleError,
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only unless a module registers more (the legacy API adds form bodies): anything else is 415.
  app.removeContentTypeParser("text/plain");

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    // API answers are personal or change at once: no browser or proxy keeps them (a route that
    // may be cached sets its own header, which replaces this one).
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    done();
  });

  // HTTPS-only rules (HSTS, upgrading requests) only when the app is published over HTTPS; on a
  // plain-HTTP install they would make browsers ask for an https:// that does not exist.
  const https = config.publicUrl.startsWith("https://");
  registerSecurityHeaders(app, {
    hsts: https,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
  });
  await registerOpenApi(app, packageVersion);
  registerMetrics(app);
  await app.register(healthRoutes, { pingDatabase: database.ping });

  const settings = authSettings(config, dependencies.now);
  await registerSessions(app, database.db, settings);
  await app.register(authRoutes, { prefix: "/api/auth", db: database.db, settings });
  await app.register(staffRoutes, { prefix: "/api/staff", db: database.db, settings });
  await app.register(hrRoutes, { prefix: "/api/os", db: database.db, settings });
  await app.register(crmRoutes, { prefix: "/api/os", db: database.db });
  await app.register(auditRoutes, { db: database.db });
  await app.register(programStaffRoutes, { prefix: "/api/staff", db: database.db });
  await app.register(programOsRoutes, { prefix: "/api/os", db: database.db });
  await app.register(timeAccountStaffRoutes, { prefix: "/api/staff", db: database.db });
  await app.register(timeAccountOsRoutes, { prefix: "/api/os", db: database.db });
  await app.register(apiKeyRoutes, { prefix: "/api/os", db: database.db });
  await app.register(insightRoutes, { prefix: "/api/os", db: database.db });
  await app.register(executionOsRoutes, { prefix: "/api/os", db: database.db, now: dependencies.now });
  await app.register(complaintRoutes, { prefix: "/api/os", db: database.db });
  await app.register(complaintStaffRoutes, { prefix: "/api/staff", db: database.db });
  await app.register(notificationRoutes, { prefix: "/api/os", db: database.db });
  await app.register(crmStaffRoutes, { prefix: "/api/staff", db: database.db });
  await app.register(statementRoutes, { prefix: "/api/staff", db: database.db });
  const reporting = createReporting(database.db, (error) =>
    app.log.error(
      { err: error },
      "a group of reported executions failed; its requests are written one by one",
    ),
  );
  // Requests already accepted are written before the database closes.
  app.addHook("onClose", () => reporting.ingest.drained());
  await app.register(executionApiRoutes, { prefix: "/api/v1", db: database.db, reporting });
  await app.register(executionStaffRoutes, { prefix: "/api/staff", db: database.db });
  await app.register(legacyApiRoutes, { db: database.db, reporting });
  await app.register(authPages);
  registerWebApp(app, ["/os", "/staff"]);

  return app;
}
