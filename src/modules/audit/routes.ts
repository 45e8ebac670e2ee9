/**
 * Reading the audit log over HTTP: `/api/staff/audit` (staff, the whole log) and
 * `/api/os/customers/{customerId}/audit` (the customer's customer managers).
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { type AuditLogPage, readAuditLog } from "./read.ts";

export interface AuditRoutesOptions {
  db: Database;
}

const security = [{ session: [], csrf: [] }];

const filters = z.object({
  actor: z.string().trim().min(1).max(50).optional().describe("User code or user id"),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Exact action, e.g. role.granted; ending in a dot, every action of that kind: time_account."),
  from: z.iso.datetime({ offset: true }).optional().describe("Entries at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("Entries at or before this time"),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const staffFilters = filters.extend({
  actorUserId: z.uuid().optional().describe("The same as actor, by user id"),
  customerId: z.uuid().optional(),
});

const entryView = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime(),
  action: z.string(),
  actor: z
    .object({ id: z.uuid(), code: z.string(), displayName: z.string() })
    .nullable()
    .describe("The user who acted; null for the system or an API key"),
  actorUserId: z.uuid().nullable(),
  actorApiKeyId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  customer: z
    .object({ id: z.uuid(), name: z.string() })
    .nullable()
    .describe("The customer the entry concerns, with its current name"),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

const pageView = z.object({ items: z.array(entryView), nextCursor: z.string().nullable() });

function viewPage(page: AuditLogPage): z.infer<typeof pageView> {
  return {
    items: page.items.map((entry) => ({
      ...entry,
      occurredAt: entry.occurredAt.toISOString(),
      actor: entry.actor && { ...entry.actor, code: formatUserCode(entry.actor.code) },
    })),
    nextCursor: page.nextCursor,
  };
}

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, { db }) => {
  async function search(
    request: FastifyRequest,
    query: z.infer<typeof filters> & { actorUserId?: string; customerId?: string },
    scopeCustomerId?: string,
  ) {
    const { from, to, actorUserId, ...rest } = query;
    const page = await readAuditLog(db, await requireActor(request, db), {
      ...rest,
      actor: rest.actor ?? actorUserId,
      scopeCustomerId,
      from: date(from),
      to: date(to),
    });
    return viewPage(page);
  }

  app.get(
    "/api/staff/audit",
    {
      schema: {
        tags: ["staff"],
        summary: "Search the audit log by actor, customer, action and time range (staff), newest first",
        security,
        querystring: staffFilters,
        response: { 200: pageView },
      },
    },
    (request) => search(request, request.query),
  );

  app.get(
    "/api/os/customers/:customerId/audit",
    {
      schema: {
        tags: ["os"],
        summary: "The customer's audit log entries (customer managers), newest first",
        security,
        params: z.object({ customerId: z.uuid() }),
        querystring: filters,
        response: { 200: pageView },
      },
    },
    (request) => search(request, request.query, request.params.customerId),
  );
};
