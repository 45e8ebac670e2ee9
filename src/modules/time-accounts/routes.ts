import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const timeAccountOsRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
export const timeAccountStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
