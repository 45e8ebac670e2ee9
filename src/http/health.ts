import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ServiceUnavailableError } from "../lib/errors.ts";

export interface HealthOptions {
  /** Throws when the database cannot serve queries. */
  pingDatabase: () => Promise<void>;
}

const status = z.object({ status: z.string() });

/** `/healthz`: the process answers. `/readyz`: it can also reach its database. */
export const healthRoutes: FastifyPluginAsyncZod<HealthOptions> = async (app, options) => {
  app.get(
    "/healthz",
    { schema: { tags: ["operations"], summary: "Liveness", response: { 200: status } } },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/readyz",
    {
      schema: { tags: ["operations"], summary: "Readiness (database reachable)", response: { 200: status } },
    },
    async (request) => {
      try {
        await options.pingDatabase();
      } catch (error) {
        request.log.warn({ err: error }, "database not reachable");
        throw new ServiceUnavailableError("The database is not reachable.");
      }
      return { status: "ready" };
    },
  );
};
