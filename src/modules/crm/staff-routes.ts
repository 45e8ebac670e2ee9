/**
 * `/api/staff/customers`: the staff console's customers (SPEC §10). Session-authenticated,
 * CSRF-protected, staff and superusers only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { assertStaff } from "../access/policy.ts";
import {
  addressInput,
  addressParams,
  customerParams,
  customerView,
  viewCustomerWithAddresses,
} from "./routes.ts";
import {
  changeCustomer,
  countCustomerRecords,
  createCustomer,
  getCustomer,
  listCustomers,
  setCustomerAddress,
} from "./service.ts";

const staff = { tags: ["staff"], security: [{ session: [], csrf: [] }] };

const customerListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  customerNumber: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
});

const customerDetail = customerView.extend({
  createdAt: z.iso.datetime(),
  counts: z
    .object({
      activeContracts: z.number().int(),
      activeCustomerPrograms: z.number().int(),
      activeTimeAccounts: z.number().int(),
      openComplaints: z.number().int().describe("Open or in progress"),
    })
    .describe("Active records of the customer, for the overview"),
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
  const detail = async (customerId: string): Promise<z.infer<typeof customerDetail>> => {
    const customer = await getCustomer(db, customerId);
    return {
      ...viewCustomerWithAddresses(customer),
      createdAt: customer.createdAt.toISOString(),
      counts: await countCustomerRecords(db, customer.id),
    };
  };

  app.post(
    "/customers",
    {
      schema: {
        ...staff,
        summary: "Create a customer, optionally with its addresses",
        body: z.object({
          name: z.string().trim().min(1).max(200),
          customerNumber: z.string().trim().max(50).nullable().optional(),
          billingAddress: addressInput.nullable().optional(),
          shippingAddress: addressInput.nullable().optional(),
        }),
        response: { 201: customerDetail },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      assertStaff(actor.user);
      const customer = await createCustomer(db, actor.context, request.body);
      return reply.code(201).send(await detail(customer.id));
    },
  );

  app.get(
    "/customers/:customerId",
    {
      schema: {
        ...staff,
        summary: "One customer: master data, addresses and counts of its active records",
        params: customerParams,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      assertStaff((await requireActor(request, db)).user);
      return detail(request.params.customerId);
    },
  );

  app.patch(
    "/customers/:customerId",
    {
      schema: {
        ...staff,
        summary: "Change a customer's name, customer number (null removes it) or active flag",
        params: customerParams,
        body: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          customerNumber: z.string().trim().max(50).nullable().optional(),
          isActive: z.boolean().optional(),
        }),
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      assertStaff(actor.user);
      await changeCustomer(db, actor.context, request.params.customerId, request.body);
      return detail(request.params.customerId);
    },
  );

  app.put(
    "/customers/:customerId/addresses/:kind",
    {
      schema: {
        ...staff,
        summary: "Set a customer's billing or shipping address",
        params: addressParams,
        body: addressInput,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      assertStaff(actor.user);
      const { customerId, kind } = request.params;
      await setCustomerAddress(db, actor.context, customerId, kind, request.body);
      return detail(customerId);
    },
  );

  app.delete(
    "/customers/:customerId/addresses/:kind",
    {
      schema: {
        ...staff,
        summary: "Remove a customer's billing or shipping address",
        params: addressParams,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      assertStaff(actor.user);
      const { customerId, kind } = request.params;
      await setCustomerAddress(db, actor.context, customerId, kind, null);
      return detail(customerId);
    },
  );
};
