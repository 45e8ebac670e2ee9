/**
 * `/api/staff/customers`: the staff console's customers (SPEC §10). Session-authenticated,
 * CSRF-protected, staff and superusers only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { assertStaff } from "../access/policy.ts";
import { listCustomers } from "./service.ts";

const staff = { tags: ["staff"], security: [{ session: [], csrf: [] }] };

const customerListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  customerNumber: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
});

export const crmStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/customers",
    {
      schema: {
        ...staff,
        summary: "Customers by name, searched by name or customer number",
        querystring: z.object({
          q: z.string().trim().max(200).optional().describe("Part of the name or customer number"),
          active: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(customerListItem), total: z.number().int() }) },
      },
    },
    async (request) => {
      assertStaff((await requireActor(request, db)).user);
      const { q, active, limit, offset } = request.query;
      const list = await listCustomers(db, {
        query: q,
        active: active === undefined ? undefined : active === "true",
        limit,
        offset,
      });
      return {
        total: list.total,
        items: list.items.map((customer) => ({
          id: customer.id,
          name: customer.name,
          customerNumber: customer.customerNumber,
          isActive: customer.isActive,
          createdAt: customer.createdAt.toISOString(),
        })),
      };
    },
  );
};
