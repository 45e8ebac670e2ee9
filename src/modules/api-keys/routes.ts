import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const apiKeyRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
