/**
 * `/api/staff/...statements`: monthly statements per customer as CSV and PDF (SPEC §10).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const statementRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
